/**
 * cpu-throttling: a workload held back by its CPU limit (a high throttled-periods ratio, usage at
 * the limit) or by a saturated node. Proposes a CPU limit sized from the P95 usage and, where the
 * workload can scale out, more replicas.
 */
import type { Evidence } from '../../diagnosis.js';
import { formatCores, roundUpCores } from '../../quantity.js';
import { percentile, throttlingRatio } from '../../timeseries.js';
import type { WorkloadRef } from '../cluster.js';
import type { DiagnosisContext } from '../context.js';
import { evidence, score, type Finding } from '../finding.js';
import type { SignalSeries } from '../metrics.js';
import type { PodFacts } from '../pods.js';
import { at, num } from '../read.js';
import { scale, setResources, targetOf } from '../remedies.js';

interface CpuReading {
  readonly container: string;
  readonly limit?: number;
  readonly throttle?: { readonly ratio: number; readonly ref: string; readonly source: SignalSeries['source'] };
  readonly usageP95?: { readonly cores: number; readonly ref: string; readonly source: SignalSeries['source'] };
  readonly shareP95?: { readonly share: number; readonly ref: string; readonly source: SignalSeries['source'] };
  readonly nodeShare?: { readonly share: number; readonly ref: string; readonly node: string; readonly source: SignalSeries['source'] };
}

function p95(series: readonly SignalSeries[]): { value: number; series: SignalSeries } | undefined {
  let best: { value: number; series: SignalSeries } | undefined;
  for (const s of series) {
    const value = percentile(s.points.map(([, v]) => v), 95);
    if (value !== undefined && (best === undefined || value > best.value)) best = { value, series: s };
  }
  return best;
}

function throttleOf(ctx: DiagnosisContext, pods: readonly PodFacts[], workload: WorkloadRef, container: string): CpuReading['throttle'] {
  let best: CpuReading['throttle'];
  for (const pod of pods) {
    const throttled = ctx.metrics.forPod('throttled-periods', pod, workload.name, container);
    const periods = ctx.metrics.forPod('periods', pod, workload.name, container);
    for (const t of throttled) {
      const p = periods.find((x) => x.pod === t.pod && x.container === t.container) ?? periods[0];
      const ratio = p ? throttlingRatio(t.points, p.points, t.isRate === true) : undefined;
      if (ratio !== undefined && (best === undefined || ratio > best.ratio)) best = { ratio, ref: t.ref, source: t.source };
    }
    const direct = p95(ctx.metrics.forPod('throttle-ratio', pod, workload.name, container));
    if (direct && (best === undefined || direct.value > best.ratio)) best = { ratio: direct.value, ref: direct.series.ref, source: direct.series.source };
  }
  return best;
}

function readCpu(ctx: DiagnosisContext, workload: WorkloadRef, pods: readonly PodFacts[]): CpuReading | undefined {
  const container = pods.flatMap((p) => p.containers).find((c) => c.limits.cpu !== undefined)?.name ?? pods[0]?.containers[0]?.name;
  if (container === undefined) return undefined;
  const collect = (signal: Parameters<DiagnosisContext['metrics']['forPod']>[0]): SignalSeries[] => pods.flatMap((p) => ctx.metrics.forPod(signal, p, workload.name, container));
  const specLimit = pods.flatMap((p) => p.containers).find((c) => c.name === container)?.limits.cpu;
  const limit = specLimit ?? p95(collect('cpu-limit'))?.value;
  const usage = p95(collect('cpu'));
  const share = p95(collect('cpu-share'));
  const nodes = [...new Set(pods.map((p) => p.nodeName).filter((n): n is string => n !== undefined))].sort();
  const node = p95(nodes.flatMap((n) => ctx.metrics.forNode('node-cpu-share', n)));
  const throttle = throttleOf(ctx, pods, workload, container);
  return {
    container,
    ...(limit === undefined || limit <= 0 ? {} : { limit }),
    ...(throttle ? { throttle } : {}),
    ...(usage ? { usageP95: { cores: usage.value, ref: usage.series.ref, source: usage.series.source } } : {}),
    ...(share ? { shareP95: { share: share.value, ref: share.series.ref, source: share.series.source } } : {}),
    ...(node ? { nodeShare: { share: node.value, ref: node.series.ref, node: node.series.node ?? '', source: node.series.source } } : {}),
  };
}

function strengthOf(r: CpuReading): number {
  const usageShare = r.shareP95?.share ?? (r.usageP95 && r.limit ? r.usageP95.cores / r.limit : undefined);
  const atLimit = usageShare !== undefined && usageShare >= 0.9 ? 0.1 : 0;
  if (r.throttle && r.throttle.ratio >= 0.25) return Math.min(0.95, 0.6 + Math.min(0.25, r.throttle.ratio) + atLimit);
  if (r.throttle && r.throttle.ratio >= 0.1) return 0.45 + atLimit;
  if (usageShare !== undefined && usageShare >= 0.9 && !(r.throttle && r.throttle.ratio < 0.05)) return r.throttle ? 0.5 : 0.7;
  if (usageShare !== undefined && usageShare >= 0.8 && !r.throttle) return 0.45;
  if (r.nodeShare && r.nodeShare.share >= 0.9) return 0.6;
  return 0;
}

export function cpuRules(ctx: DiagnosisContext): Finding[] {
  const findings: Finding[] = [];
  // Throttling shows as slowness first; restarts (liveness timeouts) and other alarms fit less well.
  const alarmFit = ctx.alarmKind === 'cpu' || ctx.alarmKind === 'latency' ? 1 : ctx.alarmKind === 'unknown' ? 0.85 : 0.75;
  for (const workload of ctx.cluster.workloads()) {
    const pods = ctx.cluster.podsOf(workload).filter((p) => p.phase === 'Running');
    const reading = readCpu(ctx, workload, pods);
    if (!reading) continue;
    const strength = strengthOf(reading);
    if (strength === 0) continue;
    const ev: Evidence[] = [];
    const parts: string[] = [];
    if (reading.throttle) {
      ev.push(evidence(reading.throttle.source, reading.throttle.ref, `throttled in ${Math.round(reading.throttle.ratio * 100)}% of CFS periods`));
      parts.push(`throttled in ${Math.round(reading.throttle.ratio * 100)}% of CPU periods`);
    }
    if (reading.usageP95) {
      ev.push(evidence(reading.usageP95.source, reading.usageP95.ref, `P95 CPU usage ${formatCores(reading.usageP95.cores)}${reading.limit ? ` of a ${formatCores(reading.limit)} limit` : ''}`));
      parts.push(`P95 usage ${formatCores(reading.usageP95.cores)}${reading.limit ? ` of a ${formatCores(reading.limit)} limit` : ''}`);
    }
    if (reading.shareP95) {
      ev.push(evidence(reading.shareP95.source, reading.shareP95.ref, `P95 CPU at ${Math.round(reading.shareP95.share * 100)}% of the limit`));
      if (!reading.usageP95) parts.push(`P95 CPU at ${Math.round(reading.shareP95.share * 100)}% of its limit`);
    }
    if (reading.nodeShare && reading.nodeShare.share >= 0.9) {
      ev.push(evidence(reading.nodeShare.source, reading.nodeShare.ref, `node ${reading.nodeShare.node} CPU at ${Math.round(reading.nodeShare.share * 100)}%`));
      parts.push(`node ${reading.nodeShare.node} CPU saturated`);
    }
    const target = targetOf(workload);
    const usedCores = Math.max(reading.usageP95?.cores ?? 0, reading.limit ?? 0, reading.shareP95 && reading.limit ? reading.shareP95.share * reading.limit : 0);
    const replicas = num(at(ctx.cluster.get(workload.kind, workload.namespace, workload.name), 'spec', 'replicas')) ?? pods.length;
    const final = score(strength * alarmFit * ctx.relevanceOfPods(pods));
    findings.push({
      category: 'cpu-throttling',
      score: final,
      summary: `${workload.name}'s container ${reading.container} is held back by CPU: ${parts.join(', ')}`,
      target,
      evidence: ev,
      remediations: [
        ...(usedCores > 0
          ? setResources(workload, reading.container, { cpu: roundUpCores(usedCores * 1.5) }, undefined, `P95 usage ${formatCores(reading.usageP95?.cores ?? usedCores)}${reading.limit ? ` at a ${formatCores(reading.limit)} limit` : ''}; 1.5x headroom`)
          : []),
        ...(replicas > 0 ? scale(workload, Math.ceil(replicas * 1.5), `spreads the load over more pods while each is capped at its CPU limit`) : []),
      ],
      ...(final >= 0.55 ? { explains: ['probe-failure'] as const } : {}),
      ...(reading.throttle ? {} : { missing: ['no CPU throttling counters (container_cpu_cfs_throttled_periods_total)'] }),
    });
  }
  return findings;
}
