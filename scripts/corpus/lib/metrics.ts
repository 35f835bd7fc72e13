/** Named series the collectors produce, with the queries that produced them. */
import type { Obj } from './util.js';
import { meta, type World } from './world.js';

export function promMemory(w: World, p: Obj, container: string, points: [number, number][]): void {
  const m = meta(p);
  w.series({
    source: 'prometheus',
    name: 'container_memory_working_set_bytes',
    query: `max by (namespace, pod, container) (container_memory_working_set_bytes{namespace="${m.namespace}", pod="${m.name}", container="${container}"})`,
    labels: { namespace: m.namespace as string, pod: m.name, container },
    unit: 'bytes',
    points,
  });
}

export function promCpu(w: World, p: Obj, container: string, points: [number, number][]): void {
  const m = meta(p);
  w.series({
    source: 'prometheus',
    name: 'container_cpu_usage_seconds_total:rate5m',
    query: `sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{namespace="${m.namespace}", pod="${m.name}", container="${container}"}[5m]))`,
    labels: { namespace: m.namespace as string, pod: m.name, container },
    unit: 'cores',
    points,
  });
}

export function promThrottle(w: World, p: Obj, container: string, points: [number, number][]): void {
  const m = meta(p);
  w.series({
    source: 'prometheus',
    name: 'container_cpu_cfs_throttled_periods:ratio5m',
    query: `sum(increase(container_cpu_cfs_throttled_periods_total{namespace="${m.namespace}", pod="${m.name}", container="${container}"}[5m])) / sum(increase(container_cpu_cfs_periods_total{namespace="${m.namespace}", pod="${m.name}", container="${container}"}[5m]))`,
    labels: { namespace: m.namespace as string, pod: m.name, container },
    unit: 'ratio',
    points,
  });
}

export function cwPodMetric(w: World, cluster: string, ns: string, workload: string, metric: string, points: [number, number][], unit = 'percent', pod?: string): void {
  w.series({
    source: 'cloudwatch',
    name: metric,
    query: `SELECT MAX(${metric}) FROM SCHEMA(ContainerInsights, ClusterName, Namespace, PodName) WHERE ClusterName = '${cluster}' AND Namespace = '${ns}' AND PodName = '${workload}'`,
    labels: { ClusterName: cluster, Namespace: ns, PodName: workload, ...(pod ? { 'kubernetes.pod_name': pod } : {}) },
    unit,
    points,
  });
}

export function promLatency(w: World, ns: string, service: string, points: [number, number][], metric = 'http_server_request_duration_seconds'): void {
  w.series({
    source: 'prometheus',
    name: `${metric}:p99`,
    query: `histogram_quantile(0.99, sum by (le) (rate(${metric}_bucket{namespace="${ns}", service="${service}"}[5m])))`,
    labels: { namespace: ns, service, quantile: '0.99' },
    unit: 'seconds',
    points,
  });
}

export function promErrorRatio(w: World, ns: string, service: string, points: [number, number][]): void {
  w.series({
    source: 'prometheus',
    name: 'http_requests:error_ratio5m',
    query: `sum(rate(http_requests_total{namespace="${ns}", service="${service}", code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="${ns}", service="${service}"}[5m]))`,
    labels: { namespace: ns, service },
    unit: 'ratio',
    points,
  });
}
