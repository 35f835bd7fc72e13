/**
 * The snapshot's Kubernetes objects indexed once (by kind, namespace and name; events by the
 * object they regard), with the owner walk Pod → ReplicaSet → Deployment the rules and
 * remediations rely on. Lists (`kind: List`, `PodList`) are unfolded into their items.
 */
import type { KubeObject } from '../snapshot.js';
import type { TargetRef } from '../target.js';
import { isEvent, normalizeEvent, type KubeEvent } from './events.js';
import { podFacts, type PodFacts } from './pods.js';
import { list, record, text } from './read.js';

export interface WorkloadRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export function workloadKey(ref: TargetRef): string {
  return `${ref.kind ?? ''}/${ref.namespace ?? ''}/${ref.name ?? ''}`;
}

export function objectRef(kind: string, namespace: string, name: string): string {
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

function unfold(objects: readonly KubeObject[]): KubeObject[] {
  const out: KubeObject[] = [];
  for (const object of objects) {
    const items = list(object.items);
    if (typeof object.kind === 'string' && object.kind.endsWith('List') && items.length > 0) {
      const itemKind = object.kind === 'List' ? undefined : object.kind.slice(0, -'List'.length);
      for (const item of items) {
        const r = record(item);
        if (r) out.push((r.kind === undefined && itemKind ? { ...r, kind: itemKind } : r) as KubeObject);
      }
    } else {
      out.push(object);
    }
  }
  return out;
}

export class ClusterIndex {
  readonly pods: readonly PodFacts[];
  readonly events: readonly KubeEvent[];
  private readonly byKey = new Map<string, KubeObject>();
  private readonly byKind = new Map<string, KubeObject[]>();
  private readonly eventsByObject = new Map<string, KubeEvent[]>();
  private readonly podsByWorkload = new Map<string, PodFacts[]>();
  private readonly workloadByPod = new Map<string, WorkloadRef>();
  private readonly podByRef = new Map<string, PodFacts>();

  constructor(objects: readonly KubeObject[]) {
    const events: KubeEvent[] = [];
    for (const object of unfold(objects)) {
      const kind = object.kind ?? '';
      if (isEvent(object)) {
        events.push(normalizeEvent(object));
        continue;
      }
      const key = workloadKey({ kind, namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' });
      if (this.byKey.has(key)) continue;
      this.byKey.set(key, object);
      const ofKind = this.byKind.get(kind) ?? [];
      ofKind.push(object);
      this.byKind.set(kind, ofKind);
    }
    events.sort((a, b) => (a.lastAt ?? 0) - (b.lastAt ?? 0) || a.ref.localeCompare(b.ref));
    this.events = events;
    for (const event of events) {
      const key = workloadKey(event.object);
      const forObject = this.eventsByObject.get(key) ?? [];
      forObject.push(event);
      this.eventsByObject.set(key, forObject);
    }
    this.pods = this.ofKind('Pod')
      .map(podFacts)
      .sort((a, b) => a.ref.localeCompare(b.ref));
    for (const pod of this.pods) {
      this.podByRef.set(pod.ref, pod);
      const workload = this.resolveWorkload(pod);
      this.workloadByPod.set(pod.ref, workload);
      const key = workloadKey(workload);
      const pods = this.podsByWorkload.get(key) ?? [];
      pods.push(pod);
      this.podsByWorkload.set(key, pods);
    }
  }

  get(kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.byKey.get(workloadKey({ kind, namespace, name })) ?? this.byKey.get(workloadKey({ kind, namespace: '', name }));
  }

  ofKind(kind: string): readonly KubeObject[] {
    return this.byKind.get(kind) ?? [];
  }

  eventsAbout(kind: string, namespace: string, name: string): readonly KubeEvent[] {
    return this.eventsByObject.get(workloadKey({ kind, namespace, name })) ?? this.eventsByObject.get(workloadKey({ kind, namespace: '', name })) ?? [];
  }

  pod(namespace: string, name: string): PodFacts | undefined {
    return this.podByRef.get(`Pod/${namespace}/${name}`);
  }

  /** The workload of a pod, or a guess from its name when the pod is not in the snapshot. */
  workloadOfPodName(namespace: string, name: string): WorkloadRef {
    const pod = this.pod(namespace, name);
    if (pod) return this.workloadOf(pod);
    // <deployment>-<template hash>-<5 chars>, or <statefulset>-<ordinal>.
    const deployment = /^(.+)-[a-z0-9]{6,10}-[a-z0-9]{5}$/.exec(name);
    if (deployment) return { kind: 'Deployment', namespace, name: deployment[1] as string };
    const ordinal = /^(.+)-\d+$/.exec(name);
    return ordinal ? { kind: 'StatefulSet', namespace, name: ordinal[1] as string } : { kind: 'Pod', namespace, name };
  }

  workloadOf(pod: PodFacts): WorkloadRef {
    return this.workloadByPod.get(pod.ref) ?? { kind: 'Pod', namespace: pod.namespace, name: pod.name };
  }

  podsOf(workload: WorkloadRef): readonly PodFacts[] {
    return this.podsByWorkload.get(workloadKey(workload)) ?? [];
  }

  /** Every workload that owns at least one pod of the snapshot, sorted. */
  workloads(): WorkloadRef[] {
    const unique = new Map<string, WorkloadRef>();
    for (const workload of this.workloadByPod.values()) unique.set(workloadKey(workload), workload);
    return [...unique.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, workload]) => workload);
  }

  /** The workload a ReplicaSet or Job belongs to (its controller), or itself. */
  ownerOf(kind: string, namespace: string, name: string, podTemplateHash?: string, depth = 0): WorkloadRef {
    const object = this.get(kind, namespace, name);
    const owner = (object?.metadata?.ownerReferences ?? []).find((o) => o.controller !== false);
    if (owner && depth < 4) return this.ownerOf(owner.kind, namespace, owner.name, undefined, depth + 1);
    // A ReplicaSet missing from the snapshot is still recognisable by the pod-template-hash suffix.
    if (!object && kind === 'ReplicaSet' && podTemplateHash && name.endsWith(`-${podTemplateHash}`)) {
      return { kind: 'Deployment', namespace, name: name.slice(0, -podTemplateHash.length - 1) };
    }
    return { kind, namespace, name };
  }

  /** ReplicaSets a Deployment controls (by owner reference, else by name and hash). */
  replicaSetsOf(deployment: WorkloadRef): readonly KubeObject[] {
    return this.ofKind('ReplicaSet').filter((rs) => {
      if (rs.metadata?.namespace !== deployment.namespace) return false;
      const owner = (rs.metadata?.ownerReferences ?? []).find((o) => o.controller !== false);
      if (owner) return owner.kind === 'Deployment' && owner.name === deployment.name;
      const hash = text(rs.metadata?.labels?.['pod-template-hash']);
      return hash !== undefined && rs.metadata?.name === `${deployment.name}-${hash}`;
    });
  }

  private resolveWorkload(pod: PodFacts): WorkloadRef {
    if (!pod.controller) return { kind: 'Pod', namespace: pod.namespace, name: pod.name };
    return this.ownerOf(pod.controller.kind, pod.namespace, pod.controller.name, pod.labels['pod-template-hash']);
  }
}
