/** The SignalSource port over Prometheus: each signal a playbook asks for becomes its PromQL, run as a range query. */
import type { MetricSeries } from '../../domain/snapshot.js';
import type { NodeSignal, SignalSource, TimeRange, WorkloadRef, WorkloadSignal } from '../../ports/evidence.js';
import type { PrometheusClient } from './client.js';
import {
  containerRestarts,
  cpuThrottlingRatio,
  cpuUsage,
  memoryLimit,
  memoryWorkingSet,
  nodeCpuUtilization,
  nodeMemoryUtilization,
  requestErrorRatio,
  requestLatencyQuantile,
  type MetricQuery,
  type WorkloadSelector,
} from './queries.js';

const WORKLOAD_QUERIES: Readonly<Record<WorkloadSignal, (w: WorkloadSelector) => MetricQuery>> = {
  'memory-working-set': memoryWorkingSet,
  'memory-limit': memoryLimit,
  'cpu-usage': cpuUsage,
  'cpu-throttling': cpuThrottlingRatio,
  restarts: containerRestarts,
  'latency-p95': (w) => requestLatencyQuantile(w, 0.95),
  'latency-p99': (w) => requestLatencyQuantile(w, 0.99),
  'error-ratio': requestErrorRatio,
};

const NODE_QUERIES: Readonly<Record<NodeSignal, (nodes: readonly string[]) => MetricQuery>> = {
  'node-cpu': (nodes) => nodeCpuUtilization(nodes),
  'node-memory': nodeMemoryUtilization,
};

/** About 120 points over any window, never finer than 15 s (the usual scrape interval). */
export function stepFor(range: TimeRange): number {
  return Math.max(15, Math.ceil((range.end - range.start) / 120));
}

export class PrometheusSignals implements SignalSource {
  readonly name = 'prometheus' as const;

  constructor(private readonly client: PrometheusClient) {}

  supports(): boolean {
    return true;
  }

  workloadSignal(signal: WorkloadSignal, workload: WorkloadRef, range: TimeRange, abort?: AbortSignal): Promise<MetricSeries[]> {
    return this.client.queryRange(WORKLOAD_QUERIES[signal](workload), range, stepFor(range), abort);
  }

  nodeSignal(signal: NodeSignal, nodes: readonly string[], range: TimeRange, abort?: AbortSignal): Promise<MetricSeries[]> {
    return this.client.queryRange(NODE_QUERIES[signal](nodes), range, stepFor(range), abort);
  }
}
