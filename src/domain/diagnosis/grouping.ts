/**
 * Groups container problems by workload and kind, weighs each group (strongest problem × its
 * freshness × relevance to the alarm, a little more when several pods agree) and collects the
 * pod-status, event and log evidence the findings cite.
 */
import type { Evidence } from '../diagnosis.js';
import { workloadKey, type WorkloadRef } from './cluster.js';
import type { ContainerProblem, ProblemKind } from './container-problems.js';
import type { DiagnosisContext } from './context.js';
import { describeEvent, type KubeEvent } from './events.js';
import { evidence } from './finding.js';
import { quote } from './logs.js';
import type { PodFacts } from './pods.js';

export interface ProblemGroup {
  readonly kind: ProblemKind;
  readonly workload: WorkloadRef;
  readonly problems: readonly ContainerProblem[];
  readonly pods: readonly PodFacts[];
  /** The strongest problem after freshness: the one a summary quotes. */
  readonly lead: ContainerProblem;
  /** Strength × freshness × relevance, before any arbitration. */
  readonly weight: number;
}

export function groupProblems(ctx: DiagnosisContext, problems: readonly ContainerProblem[], kinds: readonly ProblemKind[]): ProblemGroup[] {
  const groups = new Map<string, ContainerProblem[]>();
  for (const problem of problems) {
    if (!kinds.includes(problem.kind)) continue;
    const key = `${problem.kind}|${workloadKey(problem.workload)}`;
    const group = groups.get(key) ?? [];
    group.push(problem);
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, group]) => {
      const weighted = group.map((p) => ({ p, w: p.strength * ctx.freshness(p.seenAt) }));
      weighted.sort((a, b) => b.w - a.w || a.p.pod.ref.localeCompare(b.p.pod.ref));
      const lead = (weighted[0] as { p: ContainerProblem }).p;
      const pods = [...new Map(group.map((p) => [p.pod.ref, p.pod])).values()];
      const agreement = pods.length >= 2 ? 0.05 : 0;
      const best = (weighted[0] as { w: number }).w;
      return { kind: lead.kind, workload: lead.workload, problems: group, pods, lead, weight: Math.min(1, best + agreement) * ctx.relevanceOfPods(pods) };
    });
}

/** Pod-status evidence for up to `max` pods of a group, strongest first, plus the log lines they quote. */
export function problemEvidence(group: ProblemGroup, max = 3): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  const ordered = [group.lead, ...group.problems.filter((p) => p !== group.lead)];
  for (const problem of ordered) {
    if (seen.has(problem.pod.ref) || seen.size >= max) continue;
    seen.add(problem.pod.ref);
    out.push(evidence('kubernetes', problem.pod.ref, problem.detail));
    if (problem.log) out.push(evidence('logs', problem.log.ref, quote(problem.log.lines)));
  }
  return out;
}

/** Events about the group's pods (and the workload) whose reason is in `reasons`, newest last. */
export function eventsOfPods(ctx: DiagnosisContext, pods: readonly PodFacts[], reasons: readonly string[], messagePattern?: RegExp): KubeEvent[] {
  return pods
    .flatMap((p) => ctx.cluster.eventsAbout('Pod', p.namespace, p.name))
    .filter((e) => reasons.includes(e.reason) && (messagePattern === undefined || messagePattern.test(e.message)))
    .sort((a, b) => (a.lastAt ?? 0) - (b.lastAt ?? 0) || a.ref.localeCompare(b.ref));
}

export function eventEvidence(events: readonly KubeEvent[], max = 2): Evidence[] {
  return events.slice(-max).map((e) => evidence('kubernetes', e.ref, describeEvent(e)));
}

export function podCount(pods: readonly unknown[]): string {
  return pods.length === 1 ? '1 pod' : `${pods.length} pods`;
}
