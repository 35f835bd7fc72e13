/**
 * Evidence sources beyond the Kubernetes API, each optional: Prometheus (metrics), CloudWatch
 * Logs Insights (logs and Container Insights series), AWS X-Ray (traces). A source that is not
 * configured is simply absent from the ports object; a collector records it as missing.
 */
import type { MetricSeries } from '../domain/snapshot.js';

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
