/**
 * Evidence capture on its own: pick the playbook for an alarm, run it, return the snapshot. The
 * engine uses it inside an investigation; `triaged capture` and the MCP server use it read-only.
 */
import type { Alarm } from '../domain/alarm.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { Clock } from '../ports/clock.js';
import { noTelemetry, type Telemetry } from '../ports/telemetry.js';
import { EvidenceDraft } from './evidence/draft.js';
import { emptyScope } from './evidence/scope.js';
import { selectPlaybook } from './playbooks/catalog.js';
import type { EvidencePorts, Playbook } from './playbooks/playbook.js';
import { runPlaybook } from './playbooks/run-playbook.js';

export interface CaptureOptions {
  readonly evidence: EvidencePorts;
  readonly clock: Clock;
  /** Evidence sources not configured, named in the snapshot's `missing`. */
  readonly unconfigured: readonly string[];
  readonly deadlineMs: number;
  readonly telemetry?: Telemetry;
}

export async function captureSnapshot(alarm: Alarm, options: CaptureOptions): Promise<{ snapshot: Snapshot; playbook: Playbook }> {
  const { clock, evidence } = options;
  const telemetry = options.telemetry ?? noTelemetry;
  const playbook = selectPlaybook(alarm);
  const draft = new EvidenceDraft();
  for (const missing of options.unconfigured) draft.addMissing(missing);
  const context = { alarm, target: alarm.target, nowMs: clock.now(), ports: evidence, draft, scope: emptyScope(alarm.target.namespace) };
  const { timeline } = await runPlaybook(playbook, context, {
    clock,
    signal: AbortSignal.timeout(options.deadlineMs),
    onStep: (record) => telemetry.evidenceStep(record.step, record.outcome, record.durationMs / 1000),
  });
  return { snapshot: draft.toSnapshot({ alarm, capturedAtMs: clock.now(), playbook: playbook.name, timeline }), playbook };
}
