/**
 * bad-rollout: the trouble began with a new revision (Deployment ReplicaSet, StatefulSet or
 * DaemonSet ControllerRevision, or a `changes[]` record) made shortly before the incident, while
 * the previous revision was healthy: its pods fail, or — with every pod healthy — they log the
 * errors the alarm counts. Proposes `rollout-undo` to the previous revision of a Deployment.
 */
import type { Evidence } from '../../diagnosis.js';
import { workloadKey, type WorkloadRef } from '../cluster.js';
import { containerProblems } from '../container-problems.js';
import type { DiagnosisContext } from '../context.js';
import { evidence, score, type Finding } from '../finding.js';
import { linesMatching, quote } from '../logs.js';
import { isUnhealthy, type PodFacts } from '../pods.js';
import { at, formatDuration, records, text, timeMs } from '../read.js';
import { createIssue, rolloutUndo, targetOf } from '../remedies.js';
import { imageChanges, revisionHistory, runnableTemplate, type Revision } from '../revisions.js';

const ROLLABLE = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
/** Changes that alter what runs (image, config, spec), not restarts, scaling or maintenance elsewhere. */
const SPEC_CHANGE = /rollout|deploy|release|image|config|helm|argo|sync|revision|upgrade|update|spec|env|manifest/i;
const NOT_A_SPEC_CHANGE = /restartedAt|rollout restart|\brestart(ed)?\b|\bscal(e|ed|ing)\b|replicas/i;

function isHealthy(pod: PodFacts): boolean {
  return pod.phase === 'Running' && pod.ready && !pod.deleting;
}

/** 1 for a revision made within the hour before the incident, fading to 0 at a day. */
function recency(ctx: DiagnosisContext, createdAt: number | undefined): number {
  if (createdAt === undefined || !Number.isFinite(createdAt)) return 0.5;
  const before = ctx.start - createdAt;
  // A revision made after the incident began is a reaction to it, not its cause.
  if (before < -10 * 60_000) return 0;
  if (before <= 60 * 60_000) return 1;
  if (before >= 24 * 3_600_000) return 0;
  return before <= 6 * 3_600_000 ? 1 - (0.6 * (before - 3_600_000)) / (5 * 3_600_000) : 0.4 * (1 - (before - 6 * 3_600_000) / (18 * 3_600_000));
}

function candidates(ctx: DiagnosisContext): WorkloadRef[] {
  const byKey = new Map<string, WorkloadRef>();
  const add = (w: WorkloadRef): void => {
    if (ROLLABLE.has(w.kind)) byKey.set(workloadKey(w), w);
  };
  ctx.focus.workloads.forEach(add);
  for (const p of containerProblems(ctx)) add(p.workload);
  for (const pod of ctx.cluster.pods) if (isUnhealthy(pod)) add(ctx.cluster.workloadOf(pod));
  return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, w]) => w);
}

function changesFor(ctx: DiagnosisContext, workload: WorkloadRef): { at: number; detail: string; ref: string }[] {
  return (ctx.snapshot.changes ?? [])
    .map((c, i) => ({ c, i, at: timeMs(c.at) }))
    .filter(({ c, at }) => {
      const aboutIt = c.target?.name !== undefined ? c.target.name === workload.name && (c.target.namespace === undefined || c.target.namespace === workload.namespace) : c.detail.includes(workload.name);
      const what = `${c.kind} ${c.detail}`;
      return at !== undefined && aboutIt && SPEC_CHANGE.test(what) && !NOT_A_SPEC_CHANGE.test(what) && recency(ctx, at) > 0;
    })
    .map(({ c, i, at }) => ({ at: at as number, detail: `${c.kind}${c.source ? ` (${c.source})` : ''} at ${c.at}: ${c.detail}`, ref: `changes[${i}]` }));
}

/** Error lines (exceptions, stack traces) in the current logs of the new revision's pods. */
function errorLogs(ctx: DiagnosisContext, pods: readonly PodFacts[]): { ref: string; lines: string[] }[] {
  const names = new Set(pods.map((p) => p.name));
  return ctx.logs
    .filter((l) => l.pod !== undefined && names.has(l.pod) && !l.previous)
    .map((l) => ({ ref: l.ref, lines: linesMatching(l, 'crash') }))
    .filter((h) => h.lines.length > 0);
}

function revisionName(r: Revision): string {
  return String(r.number ?? r.key);
}

function judge(ctx: DiagnosisContext, workload: WorkloadRef): Finding | undefined {
  const { revisions, latest, previous, previousServing } = revisionHistory(ctx, workload);
  const changes = changesFor(ctx, workload);
  if (!latest || (revisions.length < 2 && changes.length === 0)) return undefined;
  // A rollout restart makes a new ReplicaSet with the same template: nothing that runs changed.
  const template = runnableTemplate(latest.object);
  if (template !== undefined && template === runnableTemplate(previous?.object) && changes.length === 0) return undefined;
  const createdAt = latest.createdAt ?? (latest.pods.length > 0 ? Math.min(...latest.pods.map((p) => p.createdAt ?? Infinity)) : undefined);
  const fresh = Math.max(recency(ctx, createdAt), ...changes.map((c) => recency(ctx, c.at)));
  if (fresh <= 0) return undefined;
  const owner = ctx.cluster.get(workload.kind, workload.namespace, workload.name);
  const stalled = records(at(owner, 'status', 'conditions')).find((c) => c.type === 'Progressing' && c.status === 'False');
  const failingNew = latest.pods.filter(isUnhealthy);
  const healthyOld = revisions.filter((r) => r !== latest).flatMap((r) => r.pods).filter(isHealthy);
  const previousReady = previous !== undefined && (healthyOld.length > 0 || previousServing);
  // With every new pod healthy, the rollout is to blame only if its pods log the errors the alarm sees.
  const errors = failingNew.length === 0 ? errorLogs(ctx, latest.pods) : [];
  if (failingNew.length === 0 && !stalled && (errors.length === 0 || fresh < 0.7)) return undefined;
  const strength =
    0.45 * fresh +
    (previousReady ? 0.25 : previous ? 0.1 : 0) +
    (failingNew.length > 0 && failingNew.length === latest.pods.length ? 0.1 : 0) +
    (errors.length > 0 ? 0.15 : 0) +
    (changes.length > 0 ? 0.1 : 0) +
    (stalled ? 0.05 : 0);
  const images = imageChanges(previous?.object, latest.object);
  const age = createdAt !== undefined && Number.isFinite(createdAt) ? ` ${formatDuration(Math.max(0, ctx.start - createdAt))} before the incident` : '';
  const waitingReason = (p: PodFacts): string => [...p.initContainers, ...p.containers].find((c) => c.waiting)?.waiting?.reason ?? '';
  const ev: Evidence[] = [];
  const objectRef = (r: Revision): string => `${r.object?.kind ?? 'Revision'}/${workload.namespace}/${r.object?.metadata?.name ?? r.key}`;
  if (latest.object) ev.push(evidence('kubernetes', objectRef(latest), `revision ${revisionName(latest)} created ${latest.object.metadata?.creationTimestamp ?? '?'}${images.length > 0 ? ` (${images.join(', ')})` : ''}; ${failingNew.length}/${latest.pods.length} of its pods failing`));
  ev.push(...failingNew.slice(0, 2).map((p) => evidence('kubernetes', p.ref, `new revision ${latest.key}: phase ${p.phase}, ${p.ready ? 'Ready' : 'not Ready'}${waitingReason(p) ? `, ${waitingReason(p)}` : ''}`)));
  ev.push(...errors.slice(0, 1).map((e) => evidence('logs', e.ref, `errors in a healthy-looking pod of the new revision: ${quote(e.lines, 1)}`)));
  if (previous?.object) ev.push(evidence('kubernetes', objectRef(previous), `previous revision ${revisionName(previous)}: ${healthyOld.length} pod(s) Running and Ready${previousServing ? ', still serving' : ''}`));
  else if (healthyOld[0]) ev.push(evidence('kubernetes', healthyOld[0].ref, 'pod of the previous revision Running and Ready'));
  ev.push(...changes.slice(-2).map((c) => evidence('changes', c.ref, c.detail)));
  if (stalled) ev.push(evidence('kubernetes', `${workload.kind}/${workload.namespace}/${workload.name}`, `condition Progressing=False (${text(stalled.reason) ?? ''}): ${(text(stalled.message) ?? '').slice(0, 200)}`));
  const target = targetOf(workload);
  const failing = failingNew.length > 0 ? `${failingNew.length} of its ${latest.pods.length} pods fail` : `its pods log errors (${quote(errors[0]?.lines ?? [], 1).slice(0, 100)})`;
  const before = previousReady ? `; the previous revision ${previous ? revisionName(previous) : ''} ${healthyOld.length > 0 ? 'still runs healthy' : 'was healthy'}` : '';
  return {
    category: 'bad-rollout',
    score: score(strength * ctx.relevanceOfWorkload(workload)),
    summary: `${workload.name}: the trouble began with revision ${revisionName(latest)} (created${age}); ${failing}${before}`,
    target,
    evidence: ev,
    remediations: [
      ...rolloutUndo(workload, previous?.number, `revision ${previous ? revisionName(previous) : 'before'} ran healthy until revision ${revisionName(latest)} replaced it`),
      ...createIssue('bad-rollout', target, `${workload.name}: revision ${revisionName(latest)} fails`, `Pods of the new revision fail; roll back, then fix the change.\n${[...images, ...changes.map((c) => c.detail)].join('\n')}`),
    ],
    // Only a revision known to have run healthy before claims the new pods' failures as its own.
    ...(previousReady
      ? { explains: ['crash-loop', 'oom-killed', 'memory-leak', 'bad-config', 'image-pull', 'probe-failure', 'init-container-failure', 'service-no-endpoints'] as const }
      : {}),
  };
}

export function rolloutRules(ctx: DiagnosisContext): Finding[] {
  return candidates(ctx)
    .map((w) => judge(ctx, w))
    .filter((f): f is Finding => f !== undefined);
}
