/**
 * Alarm → Slack finding latency over alarms of all six playbooks, sent in waves as wide as the
 * daemon's concurrency (so no alarm waits in the queue), and how it compares, per investigation,
 * with the slowest evidence call and with the same steps run one after another (timeline durations).
 */
import { playbookByName } from '../src/core/playbooks/catalog.js';
import type { StepRecord } from '../src/domain/snapshot.js';
import type { Harness } from '../test/support/daemon-harness.js';
import { benchAlarm, postWebhook, webhookOf, type PlaybookKind } from './alarms.js';
import { incidentsByTarget, investigationStarts, pool, postAbout, stats, until } from './rig.js';

export const LATENCY_ALARMS = 54;
const WAVE = 4;

export interface LatencyResult {
  readonly alarms: number;
  readonly byPlaybook: Readonly<Record<string, number>>;
  readonly e2eMs: ReturnType<typeof stats>;
  /** Evidence wall time / the critical path (Σ over phases of the phase's slowest step): 1.0 is perfect parallelism. */
  readonly evidenceVsCriticalPath: ReturnType<typeof stats>;
  /** Alarm → Slack / the investigation's slowest single evidence call. */
  readonly e2eVsSlowestStep: ReturnType<typeof stats>;
  /** Alarm → Slack / Σ of every step's duration (what running them one by one would cost, evidence only). */
  readonly e2eVsSequential: ReturnType<typeof stats>;
  readonly sequentialMs: ReturnType<typeof stats>;
}

/** Σ over the playbook's phases of the slowest step in each (the timeline lists phases in order). */
function criticalPath(playbook: string, timeline: readonly StepRecord[]): number {
  const phases = playbookByName(playbook)?.phases ?? [timeline];
  let offset = 0;
  let total = 0;
  for (const phase of phases) {
    const records = timeline.slice(offset, offset + phase.length);
    offset += phase.length;
    total += Math.max(0, ...records.map((r) => r.durationMs));
  }
  return total;
}

export async function benchLatency(h: Harness): Promise<LatencyResult> {
  const alarms = Array.from({ length: LATENCY_ALARMS }, (_, i) => benchAlarm(i));
  const sentAt = new Map<string, number>();
  const e2e = new Map<string, number>();
  for (let start = 0; start < alarms.length; start += WAVE) {
    await pool(alarms.slice(start, start + WAVE), WAVE, async (alarm) => {
      sentAt.set(alarm.target, Date.now());
      const status = await postWebhook(h.baseUrl, webhookOf([alarm]));
      if (status !== 202) throw new Error(`bench: Alertmanager answered ${status}`);
      const post = await until(`the finding about ${alarm.target}`, () => postAbout(h, alarm.target), 60_000, 5);
      e2e.set(alarm.target, post.at - sentAt.get(alarm.target)!);
    });
  }
  await until('every investigation logged', () => investigationStarts(h).size >= alarms.length, 10_000);
  const incidents = await incidentsByTarget(h);
  const starts = investigationStarts(h);
  const byPlaybook: Record<string, number> = {};
  const vsCritical: number[] = [];
  const vsSlowest: number[] = [];
  const vsSequential: number[] = [];
  const sequential: number[] = [];
  for (const alarm of alarms) {
    const incident = incidents.get(alarm.target);
    const finding = incident ? await h.daemon.store.latestFinding(incident.id) : undefined;
    const started = incident ? starts.get(incident.id) : undefined;
    if (!incident || !finding || started === undefined) throw new Error(`bench: no finding for ${alarm.target}`);
    const playbook = finding.playbook as PlaybookKind;
    if (playbook !== alarm.kind) throw new Error(`bench: ${alarm.target} ran ${playbook}, expected ${alarm.kind}`);
    byPlaybook[playbook] = (byPlaybook[playbook] ?? 0) + 1;
    const durations = finding.timeline.map((r) => r.durationMs);
    const sum = durations.reduce((a, b) => a + b, 0);
    const latency = e2e.get(alarm.target)!;
    vsCritical.push((finding.createdAt - started) / criticalPath(finding.playbook, finding.timeline));
    vsSlowest.push(latency / Math.max(...durations));
    vsSequential.push(latency / sum);
    sequential.push(sum);
  }
  return {
    alarms: alarms.length,
    byPlaybook,
    e2eMs: stats([...e2e.values()], 0),
    evidenceVsCriticalPath: stats(vsCritical, 3),
    e2eVsSlowestStep: stats(vsSlowest, 3),
    e2eVsSequential: stats(vsSequential, 3),
    sequentialMs: stats(sequential, 0),
  };
}
