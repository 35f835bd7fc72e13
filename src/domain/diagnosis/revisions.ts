/**
 * The revisions of a workload and the pods that run each: ReplicaSets of a Deployment
 * (`deployment.kubernetes.io/revision`, `pod-template-hash`), ControllerRevisions of a
 * StatefulSet or DaemonSet (`controller-revision-hash`, `status.updateRevision`), oldest first.
 */
import type { KubeObject } from '../snapshot.js';
import type { WorkloadRef } from './cluster.js';
import type { DiagnosisContext } from './context.js';
import type { PodFacts } from './pods.js';
import { at, num, record, records, text, timeMs } from './read.js';

export interface Revision {
  /** pod-template-hash or ControllerRevision name. */
  readonly key: string;
  readonly number?: number;
  readonly createdAt?: number;
  /** The ReplicaSet or ControllerRevision, when the snapshot has it. */
  readonly object?: KubeObject;
  readonly pods: PodFacts[];
}

export interface RevisionHistory {
  readonly revisions: readonly Revision[];
  readonly latest?: Revision;
  readonly previous?: Revision;
  /** The workload's own status says the previous revision still serves (ready replicas of it). */
  readonly previousServing: boolean;
}

function revisionNumber(object: KubeObject | undefined): number | undefined {
  return num(object?.metadata?.annotations?.['deployment.kubernetes.io/revision']) ?? num(object?.revision);
}

function ownedBy(object: KubeObject, workload: WorkloadRef): boolean {
  if (object.metadata?.namespace !== workload.namespace) return false;
  const owner = (object.metadata?.ownerReferences ?? []).find((o) => o.controller !== false);
  return owner ? owner.kind === workload.kind && owner.name === workload.name : (object.metadata?.name ?? '').startsWith(`${workload.name}-`);
}

function podStart(r: Revision): number {
  return Math.min(...r.pods.map((p) => p.createdAt ?? Infinity));
}

export function revisionHistory(ctx: DiagnosisContext, workload: WorkloadRef): RevisionHistory {
  const deployment = workload.kind === 'Deployment';
  const objects = deployment ? ctx.cluster.replicaSetsOf(workload) : ctx.cluster.ofKind('ControllerRevision').filter((r) => ownedBy(r, workload));
  const byKey = new Map<string, Revision>();
  for (const object of objects) {
    const name = object.metadata?.name ?? '';
    const key = deployment ? (object.metadata?.labels?.['pod-template-hash'] ?? name.slice(workload.name.length + 1)) : name;
    const n = revisionNumber(object);
    const createdAt = timeMs(object.metadata?.creationTimestamp);
    byKey.set(key, { key, ...(n === undefined ? {} : { number: n }), ...(createdAt === undefined ? {} : { createdAt }), object, pods: [] });
  }
  for (const pod of ctx.cluster.podsOf(workload)) {
    const key = deployment ? (pod.labels['pod-template-hash'] ?? pod.controller?.name.slice(workload.name.length + 1) ?? '') : (pod.labels['controller-revision-hash'] ?? '');
    const known = byKey.get(key) ?? { key, pods: [] };
    byKey.set(key, known);
    known.pods.push(pod);
  }
  const revisions = [...byKey.values()].sort(
    (a, b) => (a.number ?? -1) - (b.number ?? -1) || (a.createdAt ?? podStart(a)) - (b.createdAt ?? podStart(b)) || a.key.localeCompare(b.key),
  );
  const owner = ctx.cluster.get(workload.kind, workload.namespace, workload.name);
  const current = revisionNumber(owner);
  const updateRevision = text(at(owner, 'status', 'updateRevision'));
  const currentRevision = text(at(owner, 'status', 'currentRevision'));
  const latest =
    (current !== undefined ? revisions.find((r) => r.number === current) : undefined) ??
    (updateRevision !== undefined ? revisions.find((r) => r.key === updateRevision) : undefined) ??
    revisions.at(-1);
  const previous =
    (currentRevision !== undefined && currentRevision !== updateRevision ? revisions.find((r) => r.key === currentRevision) : undefined) ??
    revisions.filter((r) => r !== latest).at(-1);
  const previousServing =
    (previous?.object !== undefined && (num(at(previous.object, 'status', 'readyReplicas')) ?? 0) > 0) ||
    (currentRevision !== undefined && currentRevision !== updateRevision && (num(at(owner, 'status', 'currentReplicas')) ?? 0) > 0 && (num(at(owner, 'status', 'readyReplicas')) ?? 0) > 0);
  return { revisions, ...(latest ? { latest } : {}), ...(previous ? { previous } : {}), previousServing };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const r = record(value);
  if (!r) return JSON.stringify(value) ?? 'null';
  return `{${Object.keys(r)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(r[k])}`)
    .join(',')}}`;
}

/** A ReplicaSet's pod template without what a restart or the controller changes: what actually runs. */
export function runnableTemplate(rs: KubeObject | undefined): string | undefined {
  const template = record(at(rs, 'spec', 'template'));
  if (!template) return undefined;
  const metadata = record(template.metadata) ?? {};
  const labels = { ...(record(metadata.labels) ?? {}) };
  delete labels['pod-template-hash'];
  const annotations = { ...(record(metadata.annotations) ?? {}) };
  delete annotations['kubectl.kubernetes.io/restartedAt'];
  return canonicalJson({ labels, annotations, spec: template.spec });
}

/** "app: shop/checkout:1.4.2 -> shop/checkout:1.5.0" for containers whose image changed between two ReplicaSets. */
export function imageChanges(previous: KubeObject | undefined, latest: KubeObject | undefined): string[] {
  const images = (rs: KubeObject | undefined) => new Map(records(at(rs, 'spec', 'template', 'spec', 'containers')).map((c) => [text(c.name) ?? '', text(c.image) ?? '']));
  const before = images(previous);
  return [...images(latest).entries()].filter(([name, image]) => before.has(name) && before.get(name) !== image).map(([name, image]) => `${name}: ${before.get(name)} -> ${image}`);
}
