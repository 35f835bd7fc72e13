/**
 * The PromQL a playbook asks about a workload (cAdvisor, kube-state-metrics, node-exporter and
 * an app's http histogram), each with the name and unit its series take in the snapshot. Pure:
 * names are escaped here, nothing is sent. The names are the ones domain/diagnosis/metrics.ts reads.
 */
import { escapeRegex, quoteLabelValue, WORKLOAD_KINDS, workloadPodPattern, type WorkloadKind } from '../../domain/promql/labels.js';
import type { MetricUnit } from '../../domain/snapshot.js';

export interface MetricQuery {
  readonly promql: string;
  /** The series name when the result carries no `__name__` (every aggregation drops it). */
  readonly name: string;
  readonly unit: MetricUnit;
}

export interface WorkloadSelector {
  readonly namespace: string;
  readonly name: string;
  /** Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod: narrows the pod-name pattern. */
  readonly kind?: string;
  /** The range of `rate()`; default 5m. */
  readonly rateWindow?: string;
}

export interface HttpMetricOptions {
  /** Base name of the request-duration histogram; default `http_request_duration_seconds`. */
  readonly histogram?: string;
  /** The label holding the HTTP status; default `code` (client_golang's promhttp). */
  readonly statusLabel?: string;
}

/** The kind's pod-name pattern where the kind is a controller we know, else any `<name>-…` pod. */
export function podPattern(workload: Pick<WorkloadSelector, 'name' | 'kind'>): string {
  const kind = (workload.kind ?? '').toLowerCase();
  if (kind === 'pod') return escapeRegex(workload.name);
  return (WORKLOAD_KINDS as readonly string[]).includes(kind) ? workloadPodPattern(kind as WorkloadKind, workload.name) : `${escapeRegex(workload.name)}-.*`;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const DURATION = /^([0-9]+(ms|[smhdwy]))+$/;

/** Names and durations go into the query unquoted, so anything but their grammar is refused. */
function checked(pattern: RegExp, what: string, value: string): string {
  if (!pattern.test(value)) throw new RangeError(`${what} ${JSON.stringify(value)} does not match ${pattern}`);
  return value;
}

function windowOf(w: WorkloadSelector): string {
  return checked(DURATION, 'rateWindow', w.rateWindow ?? '5m');
}

function httpNames(options: HttpMetricOptions): { histogram: string; status: string } {
  return {
    histogram: checked(METRIC_NAME, 'histogram', options.histogram ?? 'http_request_duration_seconds'),
    status: checked(LABEL_NAME, 'statusLabel', options.statusLabel ?? 'code'),
  };
}

function podMatchers(w: WorkloadSelector): string {
  return `namespace=${quoteLabelValue(w.namespace)},pod=~${quoteLabelValue(podPattern(w))}`;
}

/** Drops the pod-level cgroup (`container=""`) and the pause container, which would double-count. */
function containerSelector(metric: string, w: WorkloadSelector, extra = ''): string {
  return `${metric}{${podMatchers(w)},container!="",container!="POD"${extra}}`;
}

const BY_CONTAINER = 'sum by (namespace, pod, container)';

function rateOf(metric: string, w: WorkloadSelector): string {
  return `${BY_CONTAINER} (rate(${containerSelector(metric, w)}[${windowOf(w)}]))`;
}

export function memoryWorkingSet(w: WorkloadSelector): MetricQuery {
  return { promql: containerSelector('container_memory_working_set_bytes', w), name: 'container_memory_working_set_bytes', unit: 'bytes' };
}

/** kube-state-metrics' limit where it is scraped, else cAdvisor's (0 there means no limit). */
export function memoryLimit(w: WorkloadSelector): MetricQuery {
  const ksm = `max by (namespace, pod, container) (kube_pod_container_resource_limits{${podMatchers(w)},resource="memory"})`;
  const cadvisor = `max by (namespace, pod, container) (${containerSelector('container_spec_memory_limit_bytes', w)} > 0)`;
  return { promql: `${ksm} or ${cadvisor}`, name: 'container_memory_limit_bytes', unit: 'bytes' };
}

export function cpuUsage(w: WorkloadSelector): MetricQuery {
  return { promql: rateOf('container_cpu_usage_seconds_total', w), name: 'container_cpu_usage_cores', unit: 'cores' };
}

/** The share of CFS periods in which the container was throttled: near 1 means pinned at its CPU limit. */
export function cpuThrottlingRatio(w: WorkloadSelector): MetricQuery {
  return {
    promql: `${rateOf('container_cpu_cfs_throttled_periods_total', w)} / ${rateOf('container_cpu_cfs_periods_total', w)}`,
    name: 'container_cpu_throttled_ratio',
    unit: 'ratio',
  };
}

export function containerRestarts(w: WorkloadSelector): MetricQuery {
  return { promql: `kube_pod_container_status_restarts_total{${podMatchers(w)}}`, name: 'kube_pod_container_status_restarts_total', unit: 'count' };
}

/** node-exporter's `instance` label, which kube-prometheus relabels to the node name (a port may follow). */
function instanceMatcher(nodes: readonly string[]): string {
  if (nodes.length === 0) return '';
  return `instance=~${quoteLabelValue(`(${nodes.map(escapeRegex).join('|')})(:[0-9]+)?`)}`;
}

/** Busy share of all cores per node; nodes default to all. */
export function nodeCpuUtilization(nodes: readonly string[] = [], rateWindow = '5m'): MetricQuery {
  const matchers = [instanceMatcher(nodes), 'mode="idle"'].filter(Boolean).join(',');
  const idle = `avg by (instance) (rate(node_cpu_seconds_total{${matchers}}[${checked(DURATION, 'rateWindow', rateWindow)}]))`;
  return { promql: `1 - ${idle}`, name: 'node_cpu_utilization', unit: 'ratio' };
}

export function nodeMemoryAvailable(nodes: readonly string[] = []): MetricQuery {
  return { promql: `node_memory_MemAvailable_bytes{${instanceMatcher(nodes)}}`, name: 'node_memory_MemAvailable_bytes', unit: 'bytes' };
}

/** Used share of node memory, from MemAvailable (what the kernel can hand out without swapping). */
export function nodeMemoryUtilization(nodes: readonly string[] = []): MetricQuery {
  const m = instanceMatcher(nodes);
  return { promql: `1 - node_memory_MemAvailable_bytes{${m}} / node_memory_MemTotal_bytes{${m}}`, name: 'node_memory_utilization', unit: 'ratio' };
}

/** Workload-wide latency quantile (0.95 → `…_p95`) from the histogram's buckets. */
export function requestLatencyQuantile(w: WorkloadSelector, quantile: number, options: HttpMetricOptions = {}): MetricQuery {
  if (!(quantile > 0 && quantile < 1)) throw new RangeError(`quantile must lie strictly between 0 and 1, got ${quantile}`);
  const { histogram } = httpNames(options);
  const buckets = `sum by (le) (rate(${histogram}_bucket{${podMatchers(w)}}[${windowOf(w)}]))`;
  return { promql: `histogram_quantile(${quantile}, ${buckets})`, name: `${histogram}_p${Math.round(quantile * 100)}`, unit: 'seconds' };
}

/** Share of requests answered 5xx, counted from the histogram's `_count`; 0 (not absent) while there are none. */
export function requestErrorRatio(w: WorkloadSelector, options: HttpMetricOptions = {}): MetricQuery {
  const { histogram, status } = httpNames(options);
  const requests = (extra: string): string => `sum(rate(${histogram}_count{${podMatchers(w)}${extra}}[${windowOf(w)}]))`;
  return { promql: `(${requests(`,${status}=~"5.."`)} or vector(0)) / ${requests('')}`, name: 'http_requests_error_ratio', unit: 'ratio' };
}

/** Everything a resource or latency playbook wants about one workload. */
export function workloadQueries(w: WorkloadSelector, http: HttpMetricOptions = {}): MetricQuery[] {
  return [
    memoryWorkingSet(w),
    memoryLimit(w),
    cpuUsage(w),
    cpuThrottlingRatio(w),
    containerRestarts(w),
    requestLatencyQuantile(w, 0.95, http),
    requestLatencyQuantile(w, 0.99, http),
    requestErrorRatio(w, http),
  ];
}
