/**
 * The diagnosis engine: runs every rule family over one snapshot and arbitrates their findings
 * into a Diagnosis (shared/contracts/snapshot.md). Pure and deterministic: no I/O, no clock —
 * "now" is the snapshot's capturedAt.
 */
import type { Diagnosis } from '../diagnosis.js';
import type { Snapshot } from '../snapshot.js';
import { formatTarget } from '../target.js';
import { arbitrate } from './arbitrate.js';
import { buildContext, type DiagnosisContext } from './context.js';
import type { Finding } from './finding.js';
import { containerRules } from './rules/containers.js';
import { cpuRules } from './rules/cpu.js';
import { dependencyRules } from './rules/dependencies.js';
import { memoryRules, NO_MEMORY_SERIES } from './rules/memory.js';
import { nodeRules } from './rules/nodes.js';
import { probeRules } from './rules/probes.js';
import { quotaRules } from './rules/quota.js';
import { rolloutRules } from './rules/rollout.js';
import { schedulingRules } from './rules/scheduling.js';
import { serviceRules } from './rules/services.js';
import { volumeRules } from './rules/volumes.js';

const RULES: readonly ((ctx: DiagnosisContext) => Finding[])[] = [
  containerRules,
  memoryRules,
  probeRules,
  cpuRules,
  schedulingRules,
  volumeRules,
  quotaRules,
  nodeRules,
  rolloutRules,
  dependencyRules,
  serviceRules,
];

/** Evidence that would have helped with this kind of alarm and is absent from the snapshot. */
function generalMissing(ctx: DiagnosisContext): string[] {
  const missing = [...(ctx.snapshot.missing ?? [])];
  const objects = ctx.snapshot.kubernetes?.objects ?? [];
  if (objects.length === 0) missing.push('no Kubernetes objects in the snapshot');
  else if (ctx.cluster.events.length === 0) missing.push('no Kubernetes events in the snapshot');
  if (ctx.focus.explicit && ctx.focus.pods.length === 0 && ctx.focus.target.kind !== 'Node') missing.push(`no pods of ${formatTarget(ctx.focus.target)} in the snapshot`);
  const hasMemory = ctx.metrics.has('memory') || ctx.metrics.has('memory-share');
  if (ctx.alarmKind === 'memory' && !hasMemory) missing.push(NO_MEMORY_SERIES);
  if ((ctx.alarmKind === 'cpu' || ctx.alarmKind === 'latency') && !ctx.metrics.has('cpu') && !ctx.metrics.has('cpu-share') && !ctx.metrics.has('throttled-periods')) {
    missing.push('no CPU usage or throttling series to judge CPU limits');
  }
  const traces = (ctx.snapshot.traces?.services ?? []).length + (ctx.snapshot.traces?.summaries ?? []).length;
  if (ctx.alarmKind === 'latency' && traces === 0) missing.push('no X-Ray traces to locate the slow or failing call');
  if (ctx.logs.length === 0 && (ctx.alarmKind === 'crash' || ctx.alarmKind === 'latency')) missing.push('no container logs');
  return missing;
}

export function diagnose(snapshot: Snapshot): Diagnosis {
  const ctx = buildContext(snapshot);
  const findings = RULES.flatMap((rule) => rule(ctx));
  return arbitrate(findings, { fallbackTarget: ctx.focus.target, missing: generalMissing(ctx) });
}
