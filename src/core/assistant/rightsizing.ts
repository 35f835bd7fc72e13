/**
 * Right-sizing over the cluster: per-container CPU and memory usage from Prometheus over a window
 * (7 days by default), joined to the Deployments that own the pods (their current requests,
 * limits and replicas), sized by domain/rightsizing.ts. `offerRightsizing` posts the result as one
 * message whose `set-resources` remediations carry Approve / Deny like any finding.
 */
import type { Alarm } from '../../domain/alarm.js';
import type { Diagnosis, ResourceAmounts } from '../../domain/diagnosis.js';
import { fingerprintOf, workloadOf } from '../../domain/fingerprint.js';
import type { Approval, Finding, Incident } from '../../domain/incident.js';
import { quoteLabelValue } from '../../domain/promql/labels.js';
import { describeChange, rightsize, type ContainerUsage, type Recommendation, type RightsizingOptions, type RightsizingResult } from '../../domain/rightsizing.js';
import type { KubeObject, MetricSeries } from '../../domain/snapshot.js';
import type { Clock } from '../../ports/clock.js';
import type { MetricsSource } from '../../ports/evidence.js';
import type { KubernetesReader } from '../../ports/kubernetes.js';
import type { Notifier } from '../../ports/notifier.js';
import type { IncidentStore } from '../../ports/store.js';
import { newApprovalId, newIncidentId } from '../new-ids.js';

export interface RightsizingRequest {
  readonly namespace?: string;
  /** Default 7 days. */
  readonly windowSeconds?: number;
  /** Resolution of the usage samples; default 300 s (2016 points a week, under Prometheus' 11k cap). */
  readonly stepSeconds?: number;
  readonly options: RightsizingOptions;
}

export interface RightsizingSources {
  readonly metrics: MetricsSource;
  readonly kubernetes: KubernetesReader;
  readonly clock: Clock;
}

const SELECTOR = 'container!="",container!="POD"';

export function usageQueries(namespace?: string): { cpu: string; memory: string } {
  const matchers = namespace ? `${SELECTOR},namespace=${quoteLabelValue(namespace)}` : SELECTOR;
  return {
    cpu: `sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{${matchers}}[5m]))`,
    memory: `max by (namespace, pod, container) (container_memory_working_set_bytes{${matchers}})`,
  };
}

export async function rightsizeWorkloads(sources: RightsizingSources, request: RightsizingRequest, signal?: AbortSignal): Promise<RightsizingResult[]> {
  const end = Math.floor(sources.clock.now() / 1000);
  const range = { start: end - (request.windowSeconds ?? 7 * 86_400), end };
  const step = request.stepSeconds ?? 300;
  const queries = usageQueries(request.namespace);
  const [cpu, memory, deployments] = await Promise.all([
    sources.metrics.queryRange(queries.cpu, range, step, signal),
    sources.metrics.queryRange(queries.memory, range, step, signal),
    sources.kubernetes.list({ apiVersion: 'apps/v1', kind: 'Deployment', ...(request.namespace ? { namespace: request.namespace } : {}) }, signal),
  ]);
  const groups = groupUsage(cpu, memory, deployments);
  return [...groups.values()].map((usage) => (usage.replicas < 0 ? notADeployment(usage) : rightsize(usage, request.options)));
}

interface Group extends ContainerUsage {
  cpu: number[];
  memory: number[];
  first: number;
  last: number;
  coveredSeconds: number;
  replicas: number;
}

function groupUsage(cpu: readonly MetricSeries[], memory: readonly MetricSeries[], deployments: readonly KubeObject[]): Map<string, Group> {
  const byName = new Map(deployments.map((d) => [`${d.metadata?.namespace ?? ''}/${d.metadata?.name ?? ''}`, d]));
  const groups = new Map<string, Group>();
  const add = (series: MetricSeries, into: 'cpu' | 'memory'): void => {
    const { namespace = '', pod = '', container = '' } = series.labels;
    if (!namespace || !pod || !container || series.points.length === 0) return;
    const owner = workloadOf({ namespace, kind: 'Pod', name: pod });
    const deployment = owner.kind === 'Workload' ? byName.get(`${namespace}/${owner.name}`) : undefined;
    const workloadName = deployment ? (owner.name as string) : pod;
    const key = `${namespace}/${workloadName}/${container}`;
    let group = groups.get(key);
    if (!group) {
      group = { namespace, workload: { kind: deployment ? 'Deployment' : 'Pod', name: workloadName }, container, replicas: deployment ? replicasOf(deployment) : -1, cpu: [], memory: [], first: Infinity, last: -Infinity, coveredSeconds: 0, current: deployment ? resourcesOf(deployment, container) : {} };
      groups.set(key, group);
    }
    for (const [at, value] of series.points) {
      if (!Number.isFinite(value)) continue;
      group[into].push(value);
      group.first = Math.min(group.first, at);
      group.last = Math.max(group.last, at);
    }
    group.coveredSeconds = Math.max(0, group.last - group.first);
  };
  cpu.forEach((s) => add(s, 'cpu'));
  memory.forEach((s) => add(s, 'memory'));
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function notADeployment(usage: ContainerUsage): RightsizingResult {
  return { kind: 'skipped', namespace: usage.namespace, workload: usage.workload, container: usage.container, reason: 'the pod is not owned by a Deployment in the cluster (only Deployments are right-sized)' };
}

function replicasOf(deployment: KubeObject): number {
  const replicas = (deployment['spec'] as { replicas?: unknown } | undefined)?.replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

function resourcesOf(deployment: KubeObject, container: string): { requests?: ResourceAmounts; limits?: ResourceAmounts } {
  const containers = ((deployment['spec'] as { template?: { spec?: { containers?: unknown } } } | undefined)?.template?.spec?.containers ?? []) as { name?: string; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[];
  const found = containers.find((c) => c.name === container)?.resources;
  const pick = (r: Record<string, string> | undefined): ResourceAmounts | undefined => (r ? { ...(r.cpu ? { cpu: r.cpu } : {}), ...(r.memory ? { memory: r.memory } : {}) } : undefined);
  const requests = pick(found?.requests);
  const limits = pick(found?.limits);
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
}

export interface OfferOptions {
  readonly store: IncidentStore;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly approvalTtlMs: number;
  readonly cluster?: string;
  readonly namespace?: string;
}

/**
 * Stores the recommendations as one incident whose finding offers each change as a pending
 * `set-resources` approval, and posts it. Undefined when nothing is worth changing.
 */
export async function offerRightsizing(results: readonly RightsizingResult[], options: OfferOptions): Promise<{ incident: Incident; approvals: Approval[] } | undefined> {
  const changes = results.filter((r): r is Recommendation & { remediation: NonNullable<Recommendation['remediation']> } => r.kind === 'recommendation' && r.remediation !== undefined);
  if (changes.length === 0) return undefined;
  const { store, notifier, clock } = options;
  const now = clock.now();
  const saving = changes.reduce((sum, r) => sum + (r.monthlySaving ?? 0), 0);
  const alarm: Alarm = {
    source: 'manual',
    name: 'Right-sizing',
    kind: 'unknown',
    severity: 'info',
    state: 'firing',
    target: options.namespace ? { namespace: options.namespace } : {},
    startsAt: new Date(now).toISOString(),
    description: `${changes.length} containers to right-size`,
    labels: { assistant: 'rightsizing' },
    raw: { recommendations: changes.length },
  };
  const incident: Incident = { id: newIncidentId(now), fingerprint: fingerprintOf(alarm), correlationKey: null, status: 'diagnosed', severity: 'info', alarm, openedAt: now, lastSeenAt: now, alarmCount: 1, drill: false };
  const diagnosis: Diagnosis = {
    category: 'unknown',
    summary: `Right-sizing${options.namespace ? ` in ${options.namespace}` : ''}: ${changes.length} container${changes.length === 1 ? '' : 's'} to resize; estimated ${saving >= 0 ? 'saving' : 'extra cost'} $${Math.abs(saving).toFixed(2)}/month on requests.`,
    confidence: 1,
    target: alarm.target,
    evidence: changes.map((r) => ({ source: 'prometheus', ref: `${r.namespace}/${r.workload.name}/${r.container}`, detail: describeChange(r).join('; ') })),
    remediations: changes.map((r) => r.remediation),
    alternatives: [],
    missing: results.filter((r) => r.kind === 'skipped').map((r) => `${r.namespace}/${r.workload.name}/${r.container}: ${r.reason}`),
  };
  const finding: Finding = { incidentId: incident.id, playbook: 'rightsizing', diagnosis, timeline: [], createdAt: now };
  const approvals = changes.map((r): Approval => ({ id: newApprovalId(now), incidentId: incident.id, remediation: r.remediation, status: 'pending', createdAt: now, expiresAt: now + options.approvalTtlMs, approvers: [] }));
  await store.createIncident(incident);
  await store.saveFinding(finding);
  for (const approval of approvals) await store.createApproval(approval);
  const thread = await notifier.postFinding({ incident, finding, approvals });
  if (thread) await store.setThread(incident.id, thread);
  return { incident: thread ? { ...incident, thread } : incident, approvals };
}
