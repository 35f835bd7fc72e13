/**
 * The Logs Insights queries a playbook runs on Container Insights log groups (per-pod memory and
 * CPU of a workload, its application errors), and the conversion of stats rows into MetricSeries.
 */
import type { MetricSeries, MetricUnit } from '../../domain/snapshot.js';

export interface ContainerInsightsWorkload {
  readonly cluster: string;
  readonly namespace: string;
  /** The workload's name, which Container Insights records as `PodName`. */
  readonly name: string;
}

/** One `stats max(<metric>) as <alias>` column; the series take the metric's name. */
export interface StatsColumn {
  readonly metric: string;
  readonly alias: string;
  /** Absent for millicores, which MetricSeries has no unit for (diagnosis knows Container Insights CPU is in millicores). */
  readonly unit?: MetricUnit;
}

export interface InsightsQuery {
  readonly logGroups: readonly string[];
  readonly query: string;
}

export interface PodStatsQuery extends InsightsQuery {
  readonly workload: ContainerInsightsWorkload;
  readonly columns: readonly StatsColumn[];
}

const MINUTE = 'minute';
const POD = 'kubernetes.pod_name';

export const MEMORY_COLUMNS: readonly StatsColumn[] = [
  { metric: 'pod_memory_working_set', alias: 'working_set_bytes', unit: 'bytes' },
  { metric: 'pod_memory_limit', alias: 'limit_bytes', unit: 'bytes' },
  { metric: 'pod_memory_utilization_over_pod_limit', alias: 'pct_of_limit', unit: 'percent' },
];

export const CPU_COLUMNS: readonly StatsColumn[] = [
  { metric: 'pod_cpu_usage_total', alias: 'cpu_millicores' },
  { metric: 'pod_cpu_limit', alias: 'cpu_limit_millicores' },
  { metric: 'pod_cpu_utilization_over_pod_limit', alias: 'cpu_pct_of_limit', unit: 'percent' },
];

/** A Logs Insights double-quoted string. */
export function quoteString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A `/…/` regex literal matching `text` literally. */
function regexLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

export function performanceLogGroup(cluster: string): string {
  return `/aws/containerinsights/${cluster}/performance`;
}

export function applicationLogGroup(cluster: string): string {
  return `/aws/containerinsights/${cluster}/application`;
}

/** Per-minute, per-pod maxima of `columns` for the workload's pods (Pod events of the performance log group). */
export function podStatsQuery(workload: ContainerInsightsWorkload, columns: readonly StatsColumn[]): PodStatsQuery {
  const stats = columns.map((c) => `max(${c.metric}) as ${c.alias}`).join(', ');
  const query = [
    `filter Type = "Pod" and Namespace = ${quoteString(workload.namespace)} and PodName = ${quoteString(workload.name)}`,
    `| stats ${stats} by bin(1m) as ${MINUTE}, ${POD}`,
    `| sort ${MINUTE} asc`,
  ].join('\n');
  return { logGroups: [performanceLogGroup(workload.cluster)], query, workload, columns };
}

export function podMemoryQuery(workload: ContainerInsightsWorkload): PodStatsQuery {
  return podStatsQuery(workload, MEMORY_COLUMNS);
}

export function podCpuQuery(workload: ContainerInsightsWorkload): PodStatsQuery {
  return podStatsQuery(workload, CPU_COLUMNS);
}

/** The newest 50 error-looking lines the workload's containers logged (Fluent Bit's application log group). */
export function applicationErrorsQuery(workload: ContainerInsightsWorkload, limit = 50): InsightsQuery {
  const query = [
    'fields @timestamp, @message, kubernetes.pod_name, kubernetes.container_name',
    `| filter kubernetes.namespace_name = ${quoteString(workload.namespace)} and kubernetes.pod_name like /^${regexLiteral(workload.name)}-/`,
    '| filter @message like /(?i)(error|exception|timeout|refused|ECONNRESET)/',
    '| sort @timestamp desc',
    `| limit ${limit}`,
  ].join('\n');
  return { logGroups: [applicationLogGroup(workload.cluster)], query };
}

/** Logs Insights writes times as `2026-11-22 09:59:00.000`: UTC without a zone marker, which `new Date()` would read as local time. */
export function parseInsightsTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z?$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? '').padEnd(3, '0'));
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) / 1000;
}

/** One series per (column, pod), points oldest first; rows with no time, no pod or a non-numeric value add nothing. */
export function podSeriesFromRows(query: PodStatsQuery, rows: readonly Readonly<Record<string, string>>[]): MetricSeries[] {
  const series = new Map<string, { column: StatsColumn; pod: string; points: [number, number][] }>();
  for (const row of rows) {
    const at = parseInsightsTime(row[MINUTE] ?? '');
    const pod = row[POD];
    if (at === undefined || !pod) continue;
    for (const column of query.columns) {
      const text = row[column.alias];
      const value = text === undefined || text.trim() === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(value)) continue;
      const key = `${column.alias}\u0000${pod}`;
      const entry = series.get(key) ?? { column, pod, points: [] };
      entry.points.push([at, value]);
      series.set(key, entry);
    }
  }
  const { cluster, namespace, name } = query.workload;
  return [...series.values()].map(({ column, pod, points }) => ({
    source: 'cloudwatch',
    name: column.metric,
    query: query.query,
    labels: { ClusterName: cluster, Namespace: namespace, PodName: name, [POD]: pod },
    ...(column.unit !== undefined ? { unit: column.unit } : {}),
    points: points.sort((a, b) => a[0] - b[0]),
  }));
}
