/**
 * The daily health report: the cluster at a glance (health.ts), containers near their limits
 * (PodMetrics usage against the pod spec's limits), and the last day's incidents with their
 * outcomes and time to resolve; rendered as one Notice. Pure: `now` is a parameter.
 */
import type { Category } from './diagnosis.js';
import { summarizeClusterHealth, type ClusterHealth } from './health.js';
import type { Approval, Incident } from './incident.js';
import type { Notice } from './notice.js';
import { formatBytes, formatCores, parseQuantity } from './quantity.js';
import type { KubeObject } from './snapshot.js';
import { formatTarget } from './target.js';

export interface NearLimit {
  /** namespace/pod */
  readonly pod: string;
  readonly container: string;
  readonly resource: 'cpu' | 'memory';
  readonly usage: string;
  readonly limit: string;
  /** usage / limit */
  readonly ratio: number;
}

export interface IncidentLine {
  readonly id: string;
  readonly title: string;
  readonly target: string;
  readonly severity: string;
  readonly status: string;
  readonly category?: Category;
  /** What the remediations came to: "rollout-restart succeeded", "scale denied". */
  readonly outcomes: readonly string[];
  readonly openedAt: number;
  /** Milliseconds from open to resolved, for resolved incidents. */
  readonly timeToResolveMs?: number;
}

export interface DailyHealthReport {
  readonly generatedAt: number;
  readonly cluster: string;
  readonly health: ClusterHealth;
  readonly nearLimits: readonly NearLimit[];
  /** Why near-limit data is missing (metrics-server absent), when it is. */
  readonly nearLimitsMissing?: string;
  readonly incidents: {
    readonly total: number;
    readonly resolved: number;
    readonly open: number;
    readonly medianTimeToResolveMs?: number;
    readonly items: readonly IncidentLine[];
  };
}

export interface IncidentRecord {
  readonly incident: Incident;
  readonly category?: Category;
  readonly approvals: readonly Approval[];
}

export interface ReportInput {
  readonly cluster: string;
  readonly now: number;
  readonly pods: readonly KubeObject[];
  readonly nodes: readonly KubeObject[];
  /** metrics.k8s.io PodMetrics; undefined when the API is not served. */
  readonly podMetrics?: readonly KubeObject[];
  readonly incidents: readonly IncidentRecord[];
  /** A container at or above this share of its limit is "near" (default 0.9). */
  readonly nearLimitRatio?: number;
  readonly limit?: number;
}

export function buildDailyReport(input: ReportInput): DailyHealthReport {
  const limit = input.limit ?? 20;
  const items = input.incidents.map(incidentLine).sort((a, b) => a.openedAt - b.openedAt);
  const resolveTimes = items.map((i) => i.timeToResolveMs).filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  return {
    generatedAt: input.now,
    cluster: input.cluster,
    health: summarizeClusterHealth(input.pods, input.nodes, { limit }),
    nearLimits: input.podMetrics ? nearLimits(input.pods, input.podMetrics, input.nearLimitRatio ?? 0.9).slice(0, limit) : [],
    ...(input.podMetrics ? {} : { nearLimitsMissing: 'metrics.k8s.io is not served (no metrics-server): usage against limits unknown' }),
    incidents: {
      total: items.length,
      resolved: items.filter((i) => i.status === 'resolved').length,
      open: items.filter((i) => i.status !== 'resolved').length,
      ...(resolveTimes.length > 0 ? { medianTimeToResolveMs: resolveTimes[Math.floor((resolveTimes.length - 1) / 2)] } : {}),
      items: items.slice(-limit),
    },
  };
}

interface ContainerSpec {
  readonly name?: string;
  readonly resources?: { readonly limits?: Readonly<Record<string, string>> };
}

export function nearLimits(pods: readonly KubeObject[], metrics: readonly KubeObject[], threshold: number): NearLimit[] {
  const specs = new Map(pods.map((p) => [`${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`, ((p['spec'] as { containers?: ContainerSpec[] } | undefined)?.containers ?? [])]));
  const found: NearLimit[] = [];
  for (const m of metrics) {
    const pod = `${m.metadata?.namespace ?? ''}/${m.metadata?.name ?? ''}`;
    const containers = specs.get(pod) ?? [];
    for (const usage of (m['containers'] ?? []) as { name?: string; usage?: Record<string, string> }[]) {
      const limits = containers.find((c) => c.name === usage.name)?.resources?.limits ?? {};
      for (const resource of ['memory', 'cpu'] as const) {
        const used = parseQuantity(usage.usage?.[resource]);
        const max = parseQuantity(limits[resource]);
        if (used === undefined || max === undefined || max <= 0 || used / max < threshold) continue;
        const format = resource === 'memory' ? formatBytes : formatCores;
        found.push({ pod, container: usage.name ?? '', resource, usage: format(used), limit: limits[resource] ?? '', ratio: Math.round((used / max) * 1000) / 1000 });
      }
    }
  }
  return found.sort((a, b) => b.ratio - a.ratio || a.pod.localeCompare(b.pod));
}

function incidentLine({ incident, category, approvals }: IncidentRecord): IncidentLine {
  const outcomes = approvals.filter((a) => a.status !== 'pending').map((a) => `${a.remediation.action} ${a.status}${a.decidedBy ? ` by ${a.decidedBy}` : ''}`);
  return {
    id: incident.id,
    title: incident.alarm.name,
    target: formatTarget(incident.alarm.target),
    severity: incident.severity,
    status: incident.status,
    ...(category ? { category } : {}),
    outcomes,
    openedAt: incident.openedAt,
    ...(incident.status === 'resolved' && incident.resolvedAt !== undefined ? { timeToResolveMs: incident.resolvedAt - incident.openedAt } : {}),
  };
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

const HHMM = (ms: number, timeZone: string): string => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(ms);

export function reportNotice(report: DailyHealthReport, timeZone = 'UTC'): Notice {
  const { health, incidents } = report;
  const pod = (p: { pod: string; reason: string }): string => `• \`${p.pod}\` — ${p.reason}`;
  return {
    title: `Daily health report — ${report.cluster}`,
    sections: [
      {
        heading: `Summary`,
        lines: [
          `${health.pods.total} pods, ${health.pods.notReady.length} not Ready, ${health.pods.pending.length} Pending; ${health.nodes.total} nodes, ${health.nodes.withConditions.length} with conditions; ${incidents.total} incidents in the last 24 h (${incidents.resolved} resolved${incidents.medianTimeToResolveMs !== undefined ? `, median time to resolve ${formatDuration(incidents.medianTimeToResolveMs)}` : ''}).`,
        ],
      },
      { heading: `Pods not Ready (${health.pods.notReady.length})`, lines: health.pods.notReady.map(pod) },
      { heading: `Pending pods (${health.pods.pending.length})`, lines: health.pods.pending.map(pod) },
      { heading: 'Restart leaders', lines: health.pods.restartLeaders.slice(0, 10).map((r) => `• \`${r.pod}\` [${r.container}] — ${r.restarts} restarts${r.lastTermination ? `, last ${r.lastTermination}` : ''}`) },
      { heading: `Nodes with pressure or not Ready (${health.nodes.withConditions.length})`, lines: health.nodes.withConditions.map((n) => `• \`${n.node}\` — ${n.conditions.join(', ')}`) },
      {
        heading: `Near their limits (${report.nearLimits.length})`,
        lines: report.nearLimitsMissing ? [`_${report.nearLimitsMissing}_`] : report.nearLimits.map((n) => `• \`${n.pod}\` [${n.container}] ${n.resource} ${n.usage} of ${n.limit} (${Math.round(n.ratio * 100)}%)`),
      },
      {
        heading: `Incidents, last 24 h (${incidents.total})`,
        lines: incidents.items.map((i) => `• ${HHMM(i.openedAt, timeZone)} ${i.severity} *${i.title}* on \`${i.target}\`${i.category ? ` — ${i.category}` : ''} — ${i.status}${i.timeToResolveMs !== undefined ? ` in ${formatDuration(i.timeToResolveMs)}` : ''}${i.outcomes.length > 0 ? `; ${i.outcomes.join(', ')}` : ''}`),
      },
    ],
    context: `${new Date(report.generatedAt).toISOString()}${health.omitted.length > 0 ? ` · ${health.omitted.join('; ')}` : ''}`,
  };
}
