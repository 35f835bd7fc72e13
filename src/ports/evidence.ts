/**
 * Evidence sources beyond the Kubernetes API, each optional: Prometheus (metrics), CloudWatch
 * Logs Insights (logs and Container Insights series), AWS X-Ray (traces). A source that is not
 * configured is simply absent from the ports object; a collector records it as missing.
 */
import type { LogQueryResult, MetricSeries } from '../domain/snapshot.js';

export interface TimeRange {
  /** Epoch seconds. */
  readonly start: number;
  readonly end: number;
}

export interface MetricsSource {
  readonly name: 'prometheus';
  queryRange(promql: string, range: TimeRange, stepSeconds: number, signal?: AbortSignal): Promise<MetricSeries[]>;
  /** Instant query; each series has one point. */
  query(promql: string, atSeconds: number, signal?: AbortSignal): Promise<MetricSeries[]>;
}

export interface LogsSource {
  readonly name: 'cloudwatch';
  /** Runs a Logs Insights query to completion (or until the signal aborts, then stops it). */
  insightsQuery(logGroups: readonly string[], query: string, range: TimeRange, signal?: AbortSignal): Promise<Record<string, string>[]>;
}

export interface TraceSource {
  readonly name: 'xray';
  serviceGraph(range: TimeRange, signal?: AbortSignal): Promise<unknown[]>;
  traceSummaries(filterExpression: string, range: TimeRange, signal?: AbortSignal): Promise<unknown[]>;
}

/** The workload a signal is about: pods of this workload in this namespace. */
export interface WorkloadRef {
  readonly namespace: string;
  readonly name: string;
  /** Deployment, StatefulSet, DaemonSet, Job or Pod: narrows which pods belong to it. */
  readonly kind?: string;
}

export type WorkloadSignal =
  | 'memory-working-set'
  | 'memory-limit'
  | 'cpu-usage'
  | 'cpu-throttling'
  | 'restarts'
  | 'latency-p95'
  | 'latency-p99'
  | 'error-ratio';

export type NodeSignal = 'node-cpu' | 'node-memory';

/**
 * What a playbook asks a metrics backend, by meaning rather than by query language: Prometheus
 * answers every signal, CloudWatch Container Insights only memory and CPU. The adapter writes the
 * query and records it in each series' `query`.
 */
export interface SignalSource {
  readonly name: 'prometheus' | 'cloudwatch';
  supports(signal: WorkloadSignal | NodeSignal): boolean;
  workloadSignal(signal: WorkloadSignal, workload: WorkloadRef, range: TimeRange, abort?: AbortSignal): Promise<MetricSeries[]>;
  nodeSignal(signal: NodeSignal, nodes: readonly string[], range: TimeRange, abort?: AbortSignal): Promise<MetricSeries[]>;
}

/** Application error lines of a workload (CloudWatch Logs Insights over the application log group). */
export interface ErrorLogSource {
  applicationErrors(workload: WorkloadRef, range: TimeRange, abort?: AbortSignal): Promise<LogQueryResult>;
}

/** X-Ray around a service: the service graph of the window and its slow or faulty traces. */
export interface TraceEvidenceSource {
  serviceGraph(range: TimeRange, abort?: AbortSignal): Promise<unknown[]>;
  slowOrFaultyTraces(service: string, range: TimeRange, abort?: AbortSignal): Promise<unknown[]>;
}
