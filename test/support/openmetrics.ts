/**
 * Realistic series as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: a memory
 * leak with saw-tooth restarts, CPU pinned at its limit with CFS throttling, latency histograms.
 */

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  /** Full sample name (`foo_total`, `foo_bucket`, …). */
  readonly name: string;
  readonly labels: Labels;
  /** [unix seconds, value], oldest first. */
  readonly points: readonly (readonly [number, number])[];
}

export interface Family {
  readonly name: string;
  readonly type: 'gauge' | 'counter' | 'histogram';
  readonly samples: readonly Sample[];
}

export interface Timeline {
  /** Unix seconds of the first sample. */
  readonly start: number;
  readonly minutes: number;
  /** Scrape interval; default 15 s. */
  readonly stepSeconds?: number;
}

export function times(timeline: Timeline): number[] {
  const step = timeline.stepSeconds ?? 15;
  const count = Math.floor((timeline.minutes * 60) / step) + 1;
  return Array.from({ length: count }, (_, i) => timeline.start + i * step);
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

/** Families of one name are merged: OpenMetrics allows each name once. */
export function renderOpenMetrics(families: readonly Family[]): string {
  const merged = new Map<string, Family>();
  for (const family of families) {
    const seen = merged.get(family.name);
    if (seen && seen.type !== family.type) throw new Error(`family ${family.name} is both ${seen.type} and ${family.type}`);
    merged.set(family.name, { ...family, samples: [...(seen?.samples ?? []), ...family.samples] });
  }
  const lines: string[] = [];
  for (const family of merged.values()) {
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const prefix = `${sample.name}${formatLabels(sample.labels)}`;
      for (const [at, value] of sample.points) lines.push(`${prefix} ${value} ${at}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

export interface ContainerRef {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
}

export interface MemoryLeak extends ContainerRef, Timeline {
  readonly limitBytes: number;
  readonly baseBytes: number;
  readonly growthBytesPerMinute: number;
}

/** The working set climbs from `baseBytes`; reaching the limit is an OOM kill: the restart counter steps and the climb starts over. */
export function memoryLeak(leak: MemoryLeak): { families: Family[]; workingSetAt: (t: number) => number; restartsAt: (t: number) => number } {
  const perSecond = leak.growthBytesPerMinute / 60;
  const cycle = (leak.limitBytes - leak.baseBytes) / perSecond;
  const workingSetAt = (t: number): number => Math.round(leak.baseBytes + perSecond * ((t - leak.start) % cycle));
  const restartsAt = (t: number): number => Math.floor((t - leak.start) / cycle);
  const ts = times(leak);
  const labels = { namespace: leak.namespace, pod: leak.pod, container: leak.container };
  return {
    workingSetAt,
    restartsAt,
    families: [
      gauge('container_memory_working_set_bytes', { ...labels, id: `/kubepods/burstable/${leak.pod}/${leak.container}`, image: 'shop/app:1.0' }, ts.map((t) => [t, workingSetAt(t)])),
      gauge('container_spec_memory_limit_bytes', labels, ts.map((t) => [t, leak.limitBytes])),
      gauge('kube_pod_container_resource_limits', { ...labels, resource: 'memory', unit: 'byte' }, ts.map((t) => [t, leak.limitBytes])),
      counter('kube_pod_container_status_restarts', labels, ts.map((t) => [t, restartsAt(t)])),
    ],
  };
}

export interface CpuThrottling extends ContainerRef, Timeline {
  readonly limitCores: number;
  /** Share of the 100 ms CFS periods in which the container was throttled. */
  readonly throttledShare: number;
}

/** Usage at the limit; 10 CFS periods a second, `throttledShare` of them throttled. */
export function cpuThrottling(cpu: CpuThrottling): Family[] {
  const ts = times(cpu);
  const labels = { namespace: cpu.namespace, pod: cpu.pod, container: cpu.container };
  const elapsed = (t: number): number => t - cpu.start;
  return [
    counter('container_cpu_usage_seconds', labels, ts.map((t) => [t, cpu.limitCores * elapsed(t)])),
    counter('container_cpu_cfs_periods', labels, ts.map((t) => [t, 10 * elapsed(t)])),
    counter('container_cpu_cfs_throttled_periods', labels, ts.map((t) => [t, 10 * cpu.throttledShare * elapsed(t)])),
  ];
}

export interface LatencyHistogram extends Timeline {
  readonly labels: Labels;
  readonly requestsPerSecond: number;
  /** Upper bound (seconds) → share of requests at most that slow; the shares are cumulative and end at 1. */
  readonly cumulative: readonly (readonly [number, number])[];
  /** Share of requests answered 500. */
  readonly errorShare: number;
}

/** Cumulative bucket counters growing at a steady rate, split by status code 200/500. */
export function latencyHistogram(h: LatencyHistogram, name = 'http_request_duration_seconds'): Family[] {
  const ts = times(h);
  const samples: Sample[] = [];
  for (const [code, share] of [['200', 1 - h.errorShare], ['500', h.errorShare]] as const) {
    const labels = { ...h.labels, code };
    const total = (t: number): number => h.requestsPerSecond * share * (t - h.start);
    for (const [le, cumulative] of h.cumulative) samples.push({ name: `${name}_bucket`, labels: { ...labels, le: String(le) }, points: ts.map((t) => [t, total(t) * cumulative]) });
    samples.push({ name: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, points: ts.map((t) => [t, total(t)]) });
    samples.push({ name: `${name}_count`, labels, points: ts.map((t) => [t, total(t)]) });
    samples.push({ name: `${name}_sum`, labels, points: ts.map((t) => [t, total(t) * 0.2]) });
  }
  return [{ name, type: 'histogram', samples }];
}

export function gauge(name: string, labels: Labels, points: Sample['points']): Family {
  return { name, type: 'gauge', samples: [{ name, labels, points }] };
}

/** OpenMetrics names the family without `_total` and the sample with it. */
export function counter(family: string, labels: Labels, points: Sample['points']): Family {
  return { name: family, type: 'counter', samples: [{ name: `${family}_total`, labels, points }] };
}
