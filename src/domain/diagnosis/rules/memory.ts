/**
 * Memory rules: an OOM kill is `oom-killed` unless the working set climbs steadily (`memory-leak`);
 * a memory alarm with a climbing working set is a leak even before the first kill. Proposes a
 * limit of 1.5 × the observed peak, or a restart that buys time while the leak is fixed.
 */
import type { Evidence } from '../../diagnosis.js';
import { formatBytes, roundUpBytes } from '../../quantity.js';
import { workloadKey, type WorkloadRef } from '../cluster.js';
import { containerProblems } from '../container-problems.js';
import type { DiagnosisContext } from '../context.js';
import { evidence, score, type Finding } from '../finding.js';
import { eventEvidence, groupProblems, podCount, problemEvidence } from '../grouping.js';
import { describeTrend, memorySeriesOf, trendOf, type SeriesTrend } from '../memory-trend.js';
import { quote } from '../logs.js';
import { formatDuration, plural } from '../read.js';
import { createIssue, rolloutRestart, setResources, targetOf } from '../remedies.js';

export const NO_MEMORY_SERIES = 'no memory time series (Prometheus or Container Insights) to tell a leak from a spike';

function containerLimit(ctx: DiagnosisContext, workload: WorkloadRef, container: string | undefined): number | undefined {
  for (const pod of ctx.cluster.podsOf(workload)) {
    const c = pod.containers.find((x) => container === undefined || x.name === container);
    if (c?.limits.memory !== undefined) return c.limits.memory;
  }
  const limitSeries = ctx.metrics.all.find(
    (s) => s.signal === 'memory-limit' && (s.namespace === undefined || s.namespace === workload.namespace) && (s.pod?.startsWith(`${workload.name}-`) || s.workload === workload.name),
  );
  const value = limitSeries?.points.at(-1)?.[1];
  return value !== undefined && value > 0 ? value : undefined;
}

interface MemoryReading {
  readonly trends: readonly SeriesTrend[];
  readonly leaking: readonly SeriesTrend[];
  /** Bytes; undefined when only share-of-limit series exist. */
  readonly peakBytes?: number;
  readonly judged: number;
}

function readMemory(ctx: DiagnosisContext, workload: WorkloadRef, container: string | undefined, limit: number | undefined): MemoryReading {
  const trends = memorySeriesOf(ctx, workload, container)
    .map((s) => trendOf(s, s.signal === 'memory' ? limit : undefined))
    .sort((a, b) => a.series.ref.localeCompare(b.series.ref));
  const judged = trends.filter((t) => t.shape !== 'too-short');
  const leaking = judged.filter((t) => t.shape === 'steady-climb' || t.shape === 'sawtooth');
  const bytes = trends.filter((t) => t.series.signal === 'memory').map((t) => t.peak);
  return { trends, leaking, judged: judged.length, ...(bytes.length > 0 ? { peakBytes: Math.max(...bytes) } : {}) };
}

/** Series of the given pods first: the evidence should show the container that was killed. */
function trendEvidence(trends: readonly SeriesTrend[], limit: number | undefined, max = 2, pods: ReadonlySet<string> = new Set()): Evidence[] {
  const ordered = [...trends.filter((t) => t.series.pod !== undefined && pods.has(t.series.pod)), ...trends.filter((t) => t.series.pod === undefined || !pods.has(t.series.pod))];
  return ordered.slice(0, max).map((t) => evidence(t.series.source, t.series.ref, describeTrend(t, limit)));
}

function sizing(workload: WorkloadRef, container: string, limit: number | undefined, peak: number | undefined, killed: boolean): ReturnType<typeof setResources> {
  // A kill means the container wanted at least its limit, whatever the last sample showed.
  const need = Math.max(peak ?? 0, killed ? (limit ?? 0) : 0);
  if (need <= 0) return [];
  const proposed = roundUpBytes(need * 1.5);
  const basis = peak !== undefined ? `peak working set ${formatBytes(peak)}` : 'killed at its limit';
  return setResources(workload, container, { memory: proposed }, undefined, `${basis}${limit !== undefined ? ` at a ${formatBytes(limit)} limit` : ''}; 1.5x headroom`);
}

/** How strongly a climbing working set alone says leak, whether or not it has been killed yet. */
function leakStrength(ctx: DiagnosisContext, reading: MemoryReading, limit: number | undefined): number {
  const leakShare = reading.judged > 0 ? reading.leaking.length / reading.judged : 0;
  const nearLimit = reading.leaking.some((t) => (t.series.signal === 'memory-share' ? t.last : limit ? t.last / limit : 0) >= 0.8);
  return (ctx.alarmKind === 'memory' ? 0.8 : 0.6) + (nearLimit ? 0.1 : 0) + 0.05 * leakShare;
}

function leakFinding(ctx: DiagnosisContext, workload: WorkloadRef, container: string, reading: MemoryReading, limit: number | undefined, base: number, podEvidence: Evidence[], pods: ReadonlySet<string>): Finding {
  const lead = reading.leaking[0] as SeriesTrend;
  const target = targetOf(workload);
  const toLimit = lead.secondsToLimit !== undefined ? `, reaching the limit in about ${formatDuration(lead.secondsToLimit * 1000)}` : '';
  const killed = podEvidence.length > 0 ? ' and ran out of memory' : '';
  return {
    category: 'memory-leak',
    score: score(base),
    summary: `${workload.name}'s container ${container} leaks memory: ${lead.shape === 'sawtooth' ? 'usage resets at each restart and climbs again' : 'the working set climbs steadily'} in ${reading.leaking.length} of ${reading.judged} series${toLimit}${killed}`,
    target,
    evidence: [...podEvidence, ...trendEvidence(reading.leaking, limit, 2, pods)],
    remediations: [
      ...rolloutRestart(workload, `restarting resets the leaked memory and buys time${lead.secondsToLimit !== undefined ? ` (limit reached in ~${formatDuration(lead.secondsToLimit * 1000)})` : ''}; the leak comes back`, 'low'),
      ...createIssue('memory-leak', target, `${workload.name}: memory leak in container ${container}`, `${describeTrend(lead, limit)}.\nFind what keeps growing (caches, listeners, buffers); a restart only buys time.`),
    ],
    explains: ['oom-killed', 'crash-loop', 'probe-failure'],
  };
}

/** Workloads whose containers were OOMKilled: oom-killed or memory-leak by the memory trend. */
function oomFindings(ctx: DiagnosisContext): { findings: Finding[]; judged: Set<string> } {
  const findings: Finding[] = [];
  const judged = new Set<string>();
  for (const group of groupProblems(ctx, containerProblems(ctx), ['oom'])) {
    const { workload, lead } = group;
    judged.add(workloadKey(workload));
    const container = lead.container.name;
    const limit = lead.container.limits.memory ?? containerLimit(ctx, workload, container);
    const reading = readMemory(ctx, workload, container, limit);
    const oomEvents = ctx.cluster.events.filter((e) => e.reason === 'OOMKilling' && group.pods.some((p) => p.nodeName === e.object.name || e.message.includes(p.name)));
    const podEvidence = [...problemEvidence(group), ...eventEvidence(oomEvents, 1)];
    const kills = group.problems.reduce((n, p) => n + Math.max(1, p.container.restartCount), 0);
    const leakShare = reading.judged > 0 ? reading.leaking.length / reading.judged : 0;
    const target = targetOf(workload);
    const killedPods = new Set(group.pods.map((p) => p.name));
    if (leakShare >= 0.5) {
      // An old kill counts little, but the climb it belongs to may be happening now.
      const strength = Math.max(group.weight * (0.85 + 0.15 * leakShare), leakStrength(ctx, reading, limit) * ctx.relevanceOfPods(group.pods));
      findings.push(leakFinding(ctx, workload, container, reading, limit, strength, podEvidence, killedPods));
      findings.push({ ...alternativeOnly('oom-killed', workload), score: score(group.weight * 0.35) });
      continue;
    }
    const hasTrend = reading.judged > 0;
    const trendText = hasTrend ? '; memory shows no steady climb' : '';
    const how = lead.runtimeOom
      ? `ran out of memory inside its runtime ("${quote(lead.log?.lines ?? [], 1).slice(0, 120)}")`
      : `was OOMKilled${limit !== undefined ? ` at its ${formatBytes(limit)} limit` : ''}`;
    findings.push({
      category: 'oom-killed',
      score: score(group.weight * (hasTrend ? 1 : 0.85)),
      summary: `${workload.name}'s container ${container} ${how} (${podCount(group.pods)}, ${plural(kills, 'restart')})${trendText}`,
      target,
      evidence: [...podEvidence, ...trendEvidence(reading.trends, limit, 1, killedPods)],
      remediations: sizing(workload, container, limit, reading.peakBytes, !lead.runtimeOom),
      explains: ['crash-loop', 'probe-failure', 'service-no-endpoints'],
      ...(hasTrend ? {} : { missing: [reading.trends.length > 0 ? 'too few memory samples to tell a leak from a spike' : NO_MEMORY_SERIES] }),
    });
    // A leak stays a possibility while the trend is unknown or mixed.
    if (!hasTrend || leakShare > 0) findings.push({ ...alternativeOnly('memory-leak', workload), score: score(group.weight * (hasTrend ? 0.3 : 0.35)) });
  }
  return { findings, judged };
}

/** The other reading of the same kills, kept as a runner-up. */
function alternativeOnly(category: 'oom-killed' | 'memory-leak', workload: WorkloadRef): Finding {
  const summary = category === 'memory-leak' ? `${workload.name} may leak memory` : `${workload.name}'s limit may simply be too low`;
  return { category, score: 0, summary, target: targetOf(workload), evidence: [], remediations: [] };
}

/** Workloads not (yet) killed whose memory climbs: a leak on its way to the limit. */
function climbFindings(ctx: DiagnosisContext, skip: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const memoryAlarm = ctx.alarmKind === 'memory';
  for (const workload of ctx.cluster.workloads()) {
    if (skip.has(workloadKey(workload))) continue;
    const pods = ctx.cluster.podsOf(workload);
    const container = pods[0]?.containers[0]?.name;
    const relevance = ctx.relevanceOfPods(pods);
    // A bystander's leak cannot clear the decision threshold: not worth reading its series.
    if (container === undefined || (ctx.focus.explicit && relevance < 0.5)) continue;
    const limit = containerLimit(ctx, workload, container);
    const reading = readMemory(ctx, workload, container, limit);
    if (reading.judged === 0) continue;
    if (reading.leaking.length / reading.judged >= 0.5) {
      findings.push(leakFinding(ctx, workload, container, reading, limit, leakStrength(ctx, reading, limit) * relevance, [], new Set()));
    } else if (memoryAlarm && relevance >= 0.9) {
      const highest = reading.trends.reduce((a, b) => (b.peak > a.peak ? b : a));
      const share = highest.series.signal === 'memory-share' ? highest.peak : limit ? highest.peak / limit : 0;
      if (share < 0.85) continue;
      findings.push({
        category: 'oom-killed',
        score: score(0.45 * relevance),
        summary: `${workload.name}'s container ${container} runs at ${Math.round(share * 100)}% of its memory limit without a steady climb: the limit is too low for its load`,
        target: targetOf(workload),
        evidence: trendEvidence([highest], limit, 1),
        remediations: sizing(workload, container, limit, reading.peakBytes, false),
      });
    }
  }
  return findings;
}

export function memoryRules(ctx: DiagnosisContext): Finding[] {
  const { findings, judged } = oomFindings(ctx);
  return [...findings, ...climbFindings(ctx, judged)];
}
