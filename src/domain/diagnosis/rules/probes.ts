/**
 * probe-failure: liveness or readiness probes fail while the process keeps running — "probe
 * failed" events, pods Running but not Ready, restarts with exit 137/143 and no OOM. Other
 * causes (OOM, crash, dependency, throttling) explain probe failures away in arbitration.
 */
import type { Evidence } from '../../diagnosis.js';
import { workloadKey, type WorkloadRef } from '../cluster.js';
import { containerProblems } from '../container-problems.js';
import type { DiagnosisContext } from '../context.js';
import type { KubeEvent } from '../events.js';
import { evidence, score, type Finding } from '../finding.js';
import { eventEvidence, podCount } from '../grouping.js';
import type { PodFacts } from '../pods.js';
import { createIssue, restartPod, rolloutRestart, targetOf } from '../remedies.js';

const PROBE_FAILED = /(liveness|readiness|startup) probe failed|failed (liveness|readiness|startup) probe/i;

interface ProbeSignals {
  readonly workload: WorkloadRef;
  readonly pods: PodFacts[];
  readonly events: KubeEvent[];
  readonly notReady: PodFacts[];
  readonly killedPods: PodFacts[];
}

function isRunningNotReady(pod: PodFacts): boolean {
  return pod.phase === 'Running' && !pod.ready && pod.containers.some((c) => c.runningSince !== undefined && !c.ready);
}

function collect(ctx: DiagnosisContext): ProbeSignals[] {
  const byWorkload = new Map<string, ProbeSignals>();
  const entry = (workload: WorkloadRef): ProbeSignals => {
    const key = workloadKey(workload);
    const known = byWorkload.get(key);
    if (known) return known;
    const created: ProbeSignals = { workload, pods: [...ctx.cluster.podsOf(workload)], events: [], notReady: [], killedPods: [] };
    byWorkload.set(key, created);
    return created;
  };
  for (const pod of ctx.cluster.pods) {
    const probeEvents = ctx.cluster.eventsAbout('Pod', pod.namespace, pod.name).filter((e) => (e.reason === 'Unhealthy' || e.reason === 'Killing' || e.reason === 'ProbeWarning') && PROBE_FAILED.test(e.message));
    const notReady = isRunningNotReady(pod);
    if (probeEvents.length === 0 && !notReady) continue;
    const signals = entry(ctx.cluster.workloadOf(pod));
    signals.events.push(...probeEvents);
    if (notReady) signals.notReady.push(pod);
  }
  for (const problem of containerProblems(ctx)) {
    if (problem.kind !== 'probe-kill') continue;
    const signals = entry(problem.workload);
    if (!signals.killedPods.includes(problem.pod)) signals.killedPods.push(problem.pod);
  }
  return [...byWorkload.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
}

function strengthOf(ctx: DiagnosisContext, s: ProbeSignals): number {
  const freshEvents = s.events.reduce((best, e) => Math.max(best, ctx.freshness(e.lastAt)), 0);
  const hasEvents = s.events.length > 0;
  const currentTrouble = s.notReady.length > 0 || s.killedPods.length > 0;
  if (hasEvents && currentTrouble) return 0.6 + 0.25 * freshEvents;
  if (hasEvents) return 0.45 * freshEvents;
  if (s.killedPods.length > 0) return 0.4;
  return 0.35;
}

export function probeRules(ctx: DiagnosisContext): Finding[] {
  return collect(ctx).map((s) => {
    const affected = [...new Map([...s.notReady, ...s.killedPods].map((p) => [p.ref, p])).values()];
    const liveness = s.events.some((e) => /liveness/i.test(e.message));
    const readiness = s.events.some((e) => /readiness/i.test(e.message));
    const kinds = [liveness ? 'liveness' : '', readiness ? 'readiness' : ''].filter(Boolean).join(' and ') || 'health';
    const latest = s.events.at(-1);
    const podEvidence: Evidence[] = affected.slice(0, 3).map((p) => {
      const c = p.containers.find((x) => !x.ready) ?? p.containers[0];
      const last = c?.lastTerminated;
      return evidence('kubernetes', p.ref, `phase ${p.phase}, Ready False; container ${c?.name}: restartCount ${c?.restartCount ?? 0}${last ? `, last terminated ${last.reason || 'Error'} exit ${last.exitCode} (not OOMKilled)` : ''}`);
    });
    const target = targetOf(s.workload);
    const single = affected.length === 1 && s.pods.length > 1 ? affected[0] : undefined;
    const missing = s.events.length === 0 ? ['no probe events (Unhealthy) for the pods that are not Ready'] : [];
    return {
      category: 'probe-failure',
      score: score(strengthOf(ctx, s) * ctx.relevanceOfPods(s.pods.length > 0 ? s.pods : affected)),
      summary: `${s.workload.name}: ${kinds} probes fail while the process keeps running (${podCount(affected.length > 0 ? affected : s.pods)} affected${s.killedPods.length > 0 ? ', restarted by the kubelet without OOM' : ''})${latest ? `: "${latest.message.slice(0, 140)}"` : ''}`,
      target,
      evidence: [...podEvidence, ...eventEvidence(s.events)],
      remediations: [
        ...(single ? restartPod(single.namespace, single.name, 'only this pod fails its probes; a fresh pod usually recovers') : rolloutRestart(s.workload, 'replaces pods stuck failing their probes (e.g. after a dependency recovered)', 'medium')),
        ...createIssue('probe-failure', target, `${s.workload.name}: ${kinds} probe failures`, `Probe failures: ${latest?.message ?? 'pods Running but not Ready'}.\nCheck the probe path, port, timeout and failure threshold against the app's real startup and response time.`),
      ],
      explains: ['service-no-endpoints'],
      ...(missing.length > 0 ? { missing } : {}),
    };
  });
}
