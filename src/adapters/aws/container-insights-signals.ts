/**
 * CloudWatch Container Insights as evidence when Prometheus is absent: per-pod memory and CPU
 * series from the performance log group, and application error lines, both through Logs Insights.
 */
import { TriagedError } from '../../domain/errors.js';
import type { LogQueryResult, MetricSeries } from '../../domain/snapshot.js';
import type { ErrorLogSource, NodeSignal, SignalSource, TimeRange, WorkloadRef, WorkloadSignal } from '../../ports/evidence.js';
import { applicationErrorsQuery, podCpuQuery, podMemoryQuery, podSeriesFromRows } from './container-insights.js';
import type { LogsInsightsClient } from './logs-insights.js';

const SUPPORTED = new Set<string>(['memory-working-set', 'memory-limit', 'cpu-usage']);

export class ContainerInsightsEvidence implements SignalSource, ErrorLogSource {
  readonly name = 'cloudwatch' as const;

  constructor(private readonly logs: LogsInsightsClient, private readonly cluster: string, private readonly appLogGroups: readonly string[] = []) {}

  supports(signal: WorkloadSignal | NodeSignal): boolean {
    return SUPPORTED.has(signal);
  }

  /** Memory signals come from one query (working set and limit share its rows); CPU from another. */
  async workloadSignal(signal: WorkloadSignal, workload: WorkloadRef, range: TimeRange, abort?: AbortSignal): Promise<MetricSeries[]> {
    if (!this.supports(signal)) throw new TriagedError('EVIDENCE_FAILED', `Container Insights has no ${signal} series`, { retryable: false });
    const query = signal === 'cpu-usage' ? podCpuQuery({ cluster: this.cluster, ...workload }) : podMemoryQuery({ cluster: this.cluster, ...workload });
    const rows = await this.logs.insightsQuery(query.logGroups, query.query, range, abort);
    return podSeriesFromRows(query, rows);
  }

  async nodeSignal(signal: NodeSignal): Promise<MetricSeries[]> {
    throw new TriagedError('EVIDENCE_FAILED', `Container Insights node series (${signal}) are not queried by triaged`, { retryable: false });
  }

  async applicationErrors(workload: WorkloadRef, range: TimeRange, abort?: AbortSignal): Promise<LogQueryResult> {
    const built = applicationErrorsQuery({ cluster: this.cluster, ...workload });
    const logGroups = this.appLogGroups.length > 0 ? this.appLogGroups : built.logGroups;
    const results = await this.logs.insightsQuery(logGroups, built.query, range, abort);
    return { source: 'cloudwatch', query: built.query, results };
  }
}
