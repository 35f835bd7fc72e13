/**
 * The snapshot's time series sorted into the signals the rules read (memory working set, CPU
 * cores, throttling counters, limits, shares of the limit), whatever their source: Prometheus
 * (cAdvisor, kube-state-metrics), CloudWatch Container Insights, or metrics-server objects.
 */
import { parseQuantity } from '../quantity.js';
import type { KubeObject, MetricSeries } from '../snapshot.js';
import { counterRate, looksLikeCounter, type Point } from '../timeseries.js';
import type { PodFacts } from './pods.js';
import { at, record, records, text, timeMs } from './read.js';

export type Signal =
  | 'memory'
  | 'memory-limit'
  | 'memory-share'
  | 'cpu'
  | 'cpu-limit'
  | 'cpu-share'
  | 'throttled-periods'
  | 'periods'
  | 'throttle-ratio'
  | 'latency'
  | 'node-cpu-share'
  | 'node-memory-share';

export interface SignalSeries {
  readonly signal: Signal;
  readonly source: 'prometheus' | 'cloudwatch' | 'metrics-server';
  /** The query or metric name the evidence cites. */
  readonly ref: string;
  readonly namespace?: string;
  readonly pod?: string;
  readonly container?: string;
  /** A workload name (Container Insights `PodName`/`Service`, a `deployment` label). */
  readonly workload?: string;
  readonly node?: string;
  /** True for raw counters and rate() series of the throttling counters. */
  readonly isRate?: boolean;
  readonly points: readonly Point[];
}

function label(labels: Readonly<Record<string, string>>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = labels[key];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function cleanPoints(points: MetricSeries['points']): Point[] {
  const out: Point[] = [];
  let sorted = true;
  for (const point of points) {
    const t = typeof point[0] === 'number' ? point[0] : Number(point[0]);
    const v = typeof point[1] === 'number' ? point[1] : Number(point[1]);
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    if (out.length > 0 && t < (out[out.length - 1] as Point)[0]) sorted = false;
    out.push(point[0] === t && point[1] === v ? point : [t, v]);
  }
  return sorted ? out : out.sort((a, b) => a[0] - b[0]);
}

function asShare(points: readonly Point[], unit: string | undefined): Point[] {
  const percent = unit === 'percent' || (unit !== 'ratio' && points.some(([, v]) => v > 1.5));
  return points.map(([t, v]) => [t, percent ? v / 100 : v]);
}

/** Which signal a series carries, and its points converted to base units (bytes, cores, fractions). */
function classify(series: MetricSeries, points: Point[]): { signal: Signal; points: Point[]; isRate?: boolean } | undefined {
  const name = series.name.toLowerCase();
  const query = (series.query ?? '').toLowerCase();
  const unit = series.unit;
  const resource = (series.labels.resource ?? '').toLowerCase();
  const rated = /\b(i?rate|increase|deriv)\s*\(/.test(query);
  const isNode = name.startsWith('node_') || (name.includes('node') && series.labels.pod === undefined && !name.includes('pod'));
  if (name.includes('throttled_periods')) return { signal: 'throttled-periods', points, isRate: rated };
  if (name.includes('cfs_periods')) return { signal: 'periods', points, isRate: rated };
  if (name.includes('throttl') && (unit === 'ratio' || unit === 'percent')) return { signal: 'throttle-ratio', points: asShare(points, unit) };
  const isLimit = name.includes('limit') || name.includes('quota');
  const overLimit = name.includes('over') && isLimit;
  if (name.includes('memory') || resource === 'memory') {
    if (isNode && (unit === 'percent' || unit === 'ratio' || name.includes('utilization'))) return { signal: 'node-memory-share', points: asShare(points, unit) };
    if (overLimit || (isLimit && (unit === 'percent' || unit === 'ratio'))) return { signal: 'memory-share', points: asShare(points, unit) };
    if (isLimit) return { signal: 'memory-limit', points };
    if (unit === 'percent' || unit === 'ratio' || name.includes('utilization')) return undefined;
    if (/working_set|rss|usage|memory_bytes|^memory$/.test(name)) return { signal: 'memory', points };
    return undefined;
  }
  if (name.includes('cpu') || resource === 'cpu') {
    if (isNode && (unit === 'percent' || unit === 'ratio' || name.includes('utilization'))) return { signal: 'node-cpu-share', points: asShare(points, unit) };
    if (overLimit || (isLimit && (unit === 'percent' || unit === 'ratio'))) return { signal: 'cpu-share', points: asShare(points, unit) };
    if (name.includes('quota')) return { signal: 'cpu-limit', points: points.map(([t, v]) => [t, v / 100_000]) };
    if (isLimit) return { signal: 'cpu-limit', points: name.startsWith('pod_') || name.startsWith('container_cpu_limit') ? points.map(([t, v]) => [t, v / 1000]) : points };
    if (unit === 'percent' || unit === 'ratio' || name.includes('utilization')) return undefined;
    // Container Insights reports CPU usage in millicores.
    if (series.source === 'cloudwatch' && unit !== 'cores') return { signal: 'cpu', points: points.map(([t, v]) => [t, v / 1000]) };
    if (unit === 'cores' || rated) return { signal: 'cpu', points };
    if (name.includes('seconds_total') || unit === 'seconds' || looksLikeCounter(points)) return { signal: 'cpu', points: counterRate(points) };
    return { signal: 'cpu', points };
  }
  if (/latency|duration|response_time/.test(name)) return { signal: 'latency', points };
  return undefined;
}

function fromSeries(series: MetricSeries): SignalSeries | undefined {
  const points = cleanPoints(series.points ?? []);
  const classified = classify(series, points);
  if (!classified || classified.points.length === 0) return undefined;
  const labels = series.labels ?? {};
  const namespace = label(labels, 'namespace', 'Namespace', 'namespace_name', 'kubernetes.namespace_name', 'exported_namespace');
  const pod = label(labels, 'pod', 'pod_name', 'kubernetes.pod_name', 'exported_pod');
  const container = label(labels, 'container', 'container_name', 'kubernetes.container_name', 'ContainerName');
  const workload = label(labels, 'PodName', 'deployment', 'workload', 'Service', 'service', 'app', 'statefulset', 'daemonset');
  const node = label(labels, 'node', 'NodeName', 'instance', 'kubernetes_node', 'nodename');
  const labelText = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return {
    signal: classified.signal,
    source: series.source,
    ref: series.query ?? `${series.name}{${labelText}}`,
    ...(namespace ? { namespace } : {}),
    ...(pod ? { pod } : {}),
    ...(container && container !== 'POD' ? { container } : {}),
    ...(workload ? { workload } : {}),
    ...(node ? { node } : {}),
    ...(classified.isRate === undefined ? {} : { isRate: classified.isRate }),
    points: classified.points,
  };
}

/** PodMetrics and NodeMetrics objects (metrics.k8s.io): one sample each. */
function fromMetricsObjects(podMetrics: readonly KubeObject[], nodeMetrics: readonly KubeObject[], nodeAllocatable: (node: string) => { cpu?: number; memory?: number }): SignalSeries[] {
  const out: SignalSeries[] = [];
  for (const object of podMetrics) {
    const namespace = object.metadata?.namespace ?? '';
    const pod = object.metadata?.name ?? '';
    const t = (timeMs(object.timestamp) ?? timeMs(object.metadata?.creationTimestamp) ?? 0) / 1000;
    for (const container of records(object.containers)) {
      const name = text(container.name) ?? '';
      const memory = parseQuantity(text(at(container, 'usage', 'memory')));
      const cpu = parseQuantity(text(at(container, 'usage', 'cpu')));
      const base = { source: 'metrics-server' as const, ref: `PodMetrics/${namespace}/${pod}`, namespace, pod, container: name };
      if (memory !== undefined) out.push({ ...base, signal: 'memory', points: [[t, memory]] });
      if (cpu !== undefined) out.push({ ...base, signal: 'cpu', points: [[t, cpu]] });
    }
  }
  for (const object of nodeMetrics) {
    const node = object.metadata?.name ?? '';
    const t = (timeMs(object.timestamp) ?? 0) / 1000;
    const allocatable = nodeAllocatable(node);
    const cpu = parseQuantity(text(at(object, 'usage', 'cpu')));
    const memory = parseQuantity(text(at(object, 'usage', 'memory')));
    const base = { source: 'metrics-server' as const, ref: `NodeMetrics/${node}`, node };
    if (cpu !== undefined && allocatable.cpu) out.push({ ...base, signal: 'node-cpu-share', points: [[t, cpu / allocatable.cpu]] });
    if (memory !== undefined && allocatable.memory) out.push({ ...base, signal: 'node-memory-share', points: [[t, memory / allocatable.memory]] });
  }
  return out;
}

export class MetricCatalog {
  readonly all: readonly SignalSeries[];
  readonly rawCount: number;
  /** signal → pod name (or workload name for workload-level series) → series. */
  private readonly byPod = new Map<Signal, Map<string, SignalSeries[]>>();
  private readonly byWorkload = new Map<Signal, Map<string, SignalSeries[]>>();

  constructor(series: readonly MetricSeries[], podMetrics: readonly KubeObject[], nodeMetrics: readonly KubeObject[], nodeAllocatable: (node: string) => { cpu?: number; memory?: number }) {
    this.rawCount = series.length + podMetrics.length + nodeMetrics.length;
    this.all = [
      ...series.map(fromSeries).filter((s): s is SignalSeries => s !== undefined),
      ...fromMetricsObjects(podMetrics, nodeMetrics, nodeAllocatable),
    ];
    for (const series of this.all) {
      const [index, key] = series.pod !== undefined ? [this.byPod, series.pod] : [this.byWorkload, series.workload];
      if (key === undefined) continue;
      const bySignal = index.get(series.signal) ?? new Map<string, SignalSeries[]>();
      index.set(series.signal, bySignal);
      bySignal.set(key, [...(bySignal.get(key) ?? []), series]);
    }
  }

  has(signal: Signal, source?: SignalSeries['source']): boolean {
    return this.all.some((s) => s.signal === signal && (source === undefined || s.source === source));
  }

  /** Series of a signal about one pod (and container when given); workload-level series count for each of its pods. */
  forPod(signal: Signal, pod: PodFacts, workloadName: string, container?: string): SignalSeries[] {
    const candidates = [...(this.byPod.get(signal)?.get(pod.name) ?? []), ...(this.byWorkload.get(signal)?.get(workloadName) ?? [])];
    return candidates.filter((s) => (!s.namespace || s.namespace === pod.namespace) && (!container || !s.container || s.container === container));
  }

  forNode(signal: Signal, node: string): SignalSeries[] {
    return this.all.filter((s) => s.signal === signal && s.node !== undefined && (s.node === node || s.node.startsWith(`${node}:`)));
  }
}

export function nodeAllocatableOf(node: KubeObject | undefined): { cpu?: number; memory?: number } {
  const allocatable = record(at(node, 'status', 'allocatable')) ?? record(at(node, 'status', 'capacity'));
  const cpu = parseQuantity(text(allocatable?.cpu));
  const memory = parseQuantity(text(allocatable?.memory));
  return { ...(cpu === undefined ? {} : { cpu }), ...(memory === undefined ? {} : { memory }) };
}
