/**
 * Everything the rules share, built once per diagnosis: the indexed cluster, metrics and logs,
 * the clock of the snapshot (`capturedAt`, the alarm's `startsAt`), and the focus — the workload,
 * pods and nodes the alarm is about — with the relevance and freshness weights derived from it.
 */
import type { AlarmKind } from '../alarm.js';
import type { KubeObject, Snapshot } from '../snapshot.js';
import type { TargetRef } from '../target.js';
import { ClusterIndex, workloadKey, type WorkloadRef } from './cluster.js';
import { collectLogs, type LogSource } from './logs.js';
import { MetricCatalog, nodeAllocatableOf } from './metrics.js';
import type { PodFacts } from './pods.js';
import { stringMap, timeMs } from './read.js';

export interface Focus {
  /** The alarm named a target we could resolve (else every workload is equally relevant). */
  readonly explicit: boolean;
  readonly target: TargetRef;
  readonly namespace?: string;
  readonly workloads: readonly WorkloadRef[];
  readonly pods: readonly PodFacts[];
  readonly nodes: ReadonlySet<string>;
  readonly service?: KubeObject;
}

export interface DiagnosisContext {
  readonly snapshot: Snapshot;
  /** capturedAt, ms. */
  readonly now: number;
  /** When the incident began: the alarm's startsAt, else capturedAt. */
  readonly start: number;
  readonly alarmKind: AlarmKind;
  readonly cluster: ClusterIndex;
  readonly metrics: MetricCatalog;
  readonly logs: readonly LogSource[];
  readonly focus: Focus;
  /** 1 for pods of the focus, less for bystanders. */
  relevanceOfPods(pods: readonly PodFacts[]): number;
  relevanceOfWorkload(workload: WorkloadRef): number;
  relevanceOfNode(node: string): number;
  relevanceOfNamespace(namespace: string): number;
  /** 1 for things seen around the incident, down to 0.25 for things hours older than it. */
  freshness(ms: number | undefined): number;
}

const KIND_HINTS: readonly (readonly [AlarmKind, RegExp])[] = [
  ['memory', /memory|oom|working.?set/i],
  ['cpu', /cpu|throttl/i],
  ['latency', /latency|p9\d|slow|duration|response.?time|5xx|error.?rate|timeout|availability/i],
  ['node', /\bnode/i],
  ['crash', /crash|restart|backoff|not.?ready|unavailable/i],
  ['deployment', /deploy|rollout|replica/i],
];

function alarmKindOf(snapshot: Snapshot): AlarmKind {
  const alarm = snapshot.alarm;
  if (alarm?.kind && alarm.kind !== 'unknown') return alarm.kind;
  const words = `${alarm?.name ?? ''} ${alarm?.description ?? ''}`;
  return KIND_HINTS.find(([, pattern]) => pattern.test(words))?.[0] ?? 'unknown';
}

function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

function uniqueWorkloads(cluster: ClusterIndex, pods: readonly PodFacts[]): WorkloadRef[] {
  const byKey = new Map<string, WorkloadRef>();
  for (const pod of pods) {
    const workload = cluster.workloadOf(pod);
    byKey.set(workloadKey(workload), workload);
  }
  return [...byKey.values()];
}

function resolveFocus(snapshot: Snapshot, cluster: ClusterIndex): Focus {
  const target = snapshot.alarm?.target ?? {};
  const namespace = target.namespace;
  const inNamespace = (pod: PodFacts): boolean => namespace === undefined || pod.namespace === namespace;
  const kind = target.kind ?? '';
  const name = target.name;
  const base = { target, ...(namespace ? { namespace } : {}) };
  const nodesOf = (pods: readonly PodFacts[]): Set<string> => new Set(pods.map((p) => p.nodeName).filter((n): n is string => n !== undefined));
  const workloadFocus = (workloads: readonly WorkloadRef[]): Focus => {
    const pods = workloads.flatMap((w) => cluster.podsOf(w));
    return { ...base, explicit: true, workloads, pods, nodes: nodesOf(pods) };
  };

  if (!name) {
    const pods = cluster.pods.filter(inNamespace);
    return { ...base, explicit: false, workloads: uniqueWorkloads(cluster, pods), pods, nodes: nodesOf(pods) };
  }
  if (kind === 'Node' || (!kind && cluster.get('Node', '', name))) {
    const pods = cluster.pods.filter((p) => p.nodeName === name);
    return { ...base, explicit: true, workloads: uniqueWorkloads(cluster, pods), pods, nodes: new Set([name]) };
  }
  if (kind === 'Service' || (!kind && cluster.get('Service', namespace ?? '', name))) {
    const service = cluster.get('Service', namespace ?? '', name);
    const selector = stringMap((service?.spec as Record<string, unknown> | undefined)?.selector);
    const selected = cluster.pods.filter((p) => inNamespace(p) && selects(selector, p.labels));
    const pods = selected.length > 0 ? selected : cluster.pods.filter((p) => inNamespace(p) && p.name.startsWith(`${name}-`));
    return { ...workloadFocus(uniqueWorkloads(cluster, pods)), ...(service ? { service } : {}) };
  }
  if (kind === 'Pod' || (!kind && cluster.pods.some((p) => p.name === name && inNamespace(p)))) {
    const pod = cluster.pods.find((p) => p.name === name && inNamespace(p));
    if (pod) return workloadFocus([cluster.workloadOf(pod)]);
  }
  const ownerKind = kind === 'ReplicaSet' || kind === 'Job' ? kind : kind || 'Deployment';
  const owner = cluster.ownerOf(ownerKind, namespace ?? '', name);
  const known = cluster.workloads().filter((w) => w.name === owner.name && (namespace === undefined || w.namespace === namespace) && (!kind || w.kind === owner.kind));
  if (known.length > 0) return workloadFocus(known);
  // The workload owns no pod in the snapshot (all deleted, or never created): keep its name as the focus.
  const prefixed = cluster.pods.filter((p) => inNamespace(p) && p.name.startsWith(`${name}-`));
  const workloads = prefixed.length > 0 ? uniqueWorkloads(cluster, prefixed) : [{ kind: kind || 'Deployment', namespace: namespace ?? '', name }];
  return workloadFocus(workloads);
}

export function buildContext(snapshot: Snapshot): DiagnosisContext {
  const cluster = new ClusterIndex(snapshot.kubernetes?.objects ?? []);
  const now = timeMs(snapshot.capturedAt) ?? 0;
  const start = Math.min(now, timeMs(snapshot.alarm?.startsAt) ?? now);
  const metrics = new MetricCatalog(snapshot.metrics ?? [], cluster.ofKind('PodMetrics'), cluster.ofKind('NodeMetrics'), (node) =>
    nodeAllocatableOf(cluster.get('Node', '', node)),
  );
  const focus = resolveFocus(snapshot, cluster);
  const focusWorkloads = new Set(focus.workloads.map(workloadKey));
  const focusPods = new Set(focus.pods.map((p) => p.ref));
  return {
    snapshot,
    now,
    start,
    alarmKind: alarmKindOf(snapshot),
    cluster,
    metrics,
    logs: collectLogs(snapshot),
    focus,
    relevanceOfPods(pods) {
      if (pods.some((p) => focusPods.has(p.ref) || focusWorkloads.has(workloadKey(cluster.workloadOf(p))))) return 1;
      if (!focus.explicit) return focus.namespace === undefined || pods.some((p) => p.namespace === focus.namespace) ? 0.9 : 0.5;
      if (pods.some((p) => p.nodeName !== undefined && focus.nodes.has(p.nodeName) && focus.target.kind === 'Node')) return 0.9;
      return pods.some((p) => p.namespace === focus.namespace) ? 0.5 : 0.35;
    },
    relevanceOfWorkload(workload) {
      if (focusWorkloads.has(workloadKey(workload))) return 1;
      const pods = cluster.podsOf(workload);
      if (pods.length > 0) return this.relevanceOfPods(pods);
      if (!focus.explicit) return focus.namespace === undefined || focus.namespace === workload.namespace ? 0.9 : 0.5;
      return focus.namespace === workload.namespace ? 0.5 : 0.35;
    },
    relevanceOfNode(node) {
      if (focus.nodes.has(node)) return 1;
      if (!focus.explicit) return 0.85;
      return focus.target.kind === 'Node' ? 0.5 : 0.35;
    },
    relevanceOfNamespace(namespace) {
      if (!focus.explicit) return focus.namespace === undefined || focus.namespace === namespace ? 0.9 : 0.5;
      return focus.namespace === undefined || focus.namespace === namespace ? 0.75 : 0.35;
    },
    freshness(ms) {
      if (ms === undefined) return 0.8;
      const ageBeforeStart = start - ms;
      const grace = 30 * 60_000;
      const stale = 6 * 3_600_000;
      if (ageBeforeStart <= grace) return 1;
      if (ageBeforeStart >= stale) return 0.25;
      return 1 - (0.75 * (ageBeforeStart - grace)) / (stale - grace);
    },
  };
}
