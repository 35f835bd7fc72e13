/** Small builders of API objects as kubectl prints them, for rule tests on hand-made snapshots. */
import type { KubeObject, MetricSeries, Snapshot, SnapshotAlarm } from '../../../src/domain/snapshot.js';

export const NOW = '2026-11-22T10:04:00Z';
export const NOW_S = Date.parse(NOW) / 1000;

export function minutesAgo(minutes: number): string {
  return new Date(Date.parse(NOW) - minutes * 60_000).toISOString();
}

export interface ContainerOptions {
  name?: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  waiting?: { reason: string; message?: string };
  running?: boolean;
  lastTerminated?: { reason: string; exitCode: number; finishedAt?: string; message?: string };
  limits?: { memory?: string; cpu?: string };
}

function containerStatus(c: ContainerOptions): Record<string, unknown> {
  return {
    name: c.name ?? 'app',
    image: c.image ?? 'shop/checkout:1.0.0',
    ready: c.ready ?? false,
    restartCount: c.restartCount ?? 0,
    state: c.waiting ? { waiting: c.waiting } : c.running === false ? {} : { running: { startedAt: minutesAgo(5) } },
    lastState: c.lastTerminated ? { terminated: { finishedAt: minutesAgo(2), startedAt: minutesAgo(4), ...c.lastTerminated } } : {},
  };
}

export interface PodOptions {
  name: string;
  namespace?: string;
  rs?: string;
  hash?: string;
  labels?: Record<string, string>;
  phase?: string;
  ready?: boolean;
  node?: string;
  containers?: ContainerOptions[];
  initContainers?: ContainerOptions[];
  unschedulable?: string;
  createdMinutesAgo?: number;
  claims?: string[];
}

export function pod(o: PodOptions): KubeObject {
  const hash = o.hash ?? '7c9d8f6b5d';
  const containers = o.containers ?? [{ ready: o.ready ?? true, running: true }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name,
      namespace: o.namespace ?? 'shop',
      creationTimestamp: minutesAgo(o.createdMinutesAgo ?? 60),
      labels: { app: 'checkout', 'pod-template-hash': hash, ...(o.labels ?? {}) },
      ownerReferences: [{ kind: 'ReplicaSet', name: o.rs ?? `checkout-${hash}`, controller: true }],
    },
    spec: {
      ...(o.unschedulable ? {} : { nodeName: o.node ?? 'node-a' }),
      containers: containers.map((c) => ({ name: c.name ?? 'app', image: c.image ?? 'shop/checkout:1.0.0', resources: { limits: c.limits ?? { memory: '256Mi', cpu: '500m' } } })),
      ...(o.initContainers ? { initContainers: o.initContainers.map((c) => ({ name: c.name ?? 'init', image: c.image ?? 'busybox' })) } : {}),
      ...(o.claims ? { volumes: o.claims.map((claimName) => ({ name: claimName, persistentVolumeClaim: { claimName } })) } : {}),
    },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [
        { type: 'Ready', status: (o.ready ?? containers.every((c) => c.ready ?? false)) ? 'True' : 'False' },
        ...(o.unschedulable ? [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: o.unschedulable }] : [{ type: 'PodScheduled', status: 'True' }]),
      ],
      ...(o.unschedulable ? {} : { containerStatuses: containers.map(containerStatus) }),
      ...(o.initContainers ? { initContainerStatuses: o.initContainers.map(containerStatus) } : {}),
    },
  };
}

export function event(o: { object: { kind: string; name: string; namespace?: string }; reason: string; message: string; type?: 'Warning' | 'Normal'; minutesAgo?: number; count?: number; api?: 'v1' | 'events.k8s.io/v1' }): KubeObject {
  const namespace = o.object.namespace ?? 'shop';
  const last = minutesAgo(o.minutesAgo ?? 1);
  const name = `${o.object.name}.${o.reason.toLowerCase()}${o.minutesAgo ?? 1}`;
  if (o.api === 'events.k8s.io/v1') {
    return {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name, namespace },
      regarding: { kind: o.object.kind, name: o.object.name, namespace },
      reason: o.reason,
      note: o.message,
      type: o.type ?? 'Warning',
      eventTime: last,
      series: { count: o.count ?? 1, lastObservedTime: last },
    };
  }
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject: { kind: o.object.kind, name: o.object.name, namespace },
    reason: o.reason,
    message: o.message,
    type: o.type ?? 'Warning',
    count: o.count ?? 1,
    firstTimestamp: minutesAgo((o.minutesAgo ?? 1) + 10),
    lastTimestamp: last,
  };
}

export function deployment(name: string, revision: number, namespace = 'shop'): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, annotations: { 'deployment.kubernetes.io/revision': String(revision) } }, spec: { replicas: 3 }, status: {} };
}

export function replicaSet(o: { deployment: string; hash: string; revision: number; createdMinutesAgo: number; readyReplicas?: number; image?: string; namespace?: string }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${o.deployment}-${o.hash}`,
      namespace: o.namespace ?? 'shop',
      creationTimestamp: minutesAgo(o.createdMinutesAgo),
      labels: { 'pod-template-hash': o.hash },
      annotations: { 'deployment.kubernetes.io/revision': String(o.revision) },
      ownerReferences: [{ kind: 'Deployment', name: o.deployment, controller: true }],
    },
    spec: { template: { metadata: { labels: { app: o.deployment, 'pod-template-hash': o.hash } }, spec: { containers: [{ name: 'app', image: o.image ?? `shop/${o.deployment}:${o.revision}` }] } } },
    status: { replicas: o.readyReplicas ?? 0, readyReplicas: o.readyReplicas ?? 0 },
  };
}

export function node(name: string, conditions: Record<string, string> = {}): KubeObject {
  const all = { Ready: 'True', MemoryPressure: 'False', DiskPressure: 'False', PIDPressure: 'False', ...conditions };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: {
      allocatable: { cpu: '4', memory: '16Gi' },
      conditions: Object.entries(all).map(([type, status]) => ({ type, status, lastTransitionTime: minutesAgo(20) })),
    },
  };
}

/** A series of `n` one-minute samples ending at NOW, values from `value(i)`. */
export function series(name: string, labels: Record<string, string>, n: number, value: (i: number) => number, extra: Partial<MetricSeries> = {}): MetricSeries {
  return { source: 'prometheus', name, labels, points: Array.from({ length: n }, (_, i) => [NOW_S - (n - 1 - i) * 60, value(i)] as const), ...extra };
}

export function snapshot(parts: { objects?: KubeObject[]; alarm?: Partial<SnapshotAlarm>; metrics?: MetricSeries[]; logs?: { pod: string; container?: string; previous?: boolean; text: string }[]; traces?: Snapshot['traces']; changes?: Snapshot['changes'] }): Snapshot {
  return {
    version: 1,
    capturedAt: NOW,
    ...(parts.alarm ? { alarm: { source: 'alertmanager', name: 'TestAlarm', startsAt: minutesAgo(3), ...parts.alarm } } : {}),
    kubernetes: {
      objects: parts.objects ?? [],
      logs: (parts.logs ?? []).map((l) => ({ namespace: 'shop', container: 'app', previous: true, ...l })),
    },
    metrics: parts.metrics ?? [],
    ...(parts.traces ? { traces: parts.traces } : {}),
    ...(parts.changes ? { changes: parts.changes } : {}),
  };
}

export const CHECKOUT = { namespace: 'shop', kind: 'Deployment', name: 'checkout' } as const;
