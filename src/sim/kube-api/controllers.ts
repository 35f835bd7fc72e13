/**
 * A tiny kube-controller-manager + kubelet for the fake API server: Deployments roll out
 * ReplicaSets (revision annotations, pod-template-hash, rollbacks reuse the old ReplicaSet),
 * ReplicaSets keep their pods, pods become Running+Ready after a delay (or crash-loop when the
 * scenario says so), and workload status follows.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { controllerOf, ownerRef, randomSuffix, timestamp, type KubeObj } from './objects.js';
import { crashLoopPodStatus, isPodReady, pendingPodStatus, runningPodStatus, type CrashState } from './pod-status.js';
import type { ObjectStore } from './store.js';

export interface ControllerOptions {
  /** How long a new pod stays Pending before it runs (default 200 ms). */
  readonly readyDelayMs?: number;
  readonly nodeName?: string;
  readonly now?: () => number;
}

export interface CrashProfile extends CrashState {
  /** Log lines of the crashed container (served as its current and previous log). */
  readonly logs?: string;
  /** True: pods of a changed template (a restart, a new image) run healthy. False: they crash too. */
  readonly fixedByRestart: boolean;
}

export interface Controllers {
  /** Pods of this Deployment's current pod template crash-loop (now and when recreated). */
  markCrashLooping(namespace: string, deployment: string, profile: CrashProfile): void;
  stop(): void;
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  spec?: Record<string, unknown>;
}

interface WorkloadSpec {
  replicas?: number;
  paused?: boolean;
  selector?: { matchLabels?: Record<string, string> };
  template?: PodTemplate;
}

const REVISION = 'deployment.kubernetes.io/revision';
const HASH_LABEL = 'pod-template-hash';
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
}

/** The ReplicaSet name suffix for a pod template (stable; ignores the hash label and null fields). */
export function podTemplateHash(template: unknown): string {
  const copy = structuredClone((template ?? {}) as PodTemplate);
  if (copy.metadata?.labels) delete copy.metadata.labels[HASH_LABEL];
  const digest = createHash('sha256').update(JSON.stringify(canonical(copy))).digest();
  return [...digest.subarray(0, 10)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

function specOf(object: KubeObj): WorkloadSpec {
  return (object['spec'] ?? {}) as WorkloadSpec;
}

function revisionOf(object: KubeObj): number {
  return Number(object.metadata.annotations?.[REVISION] ?? '0');
}

export function startControllers(store: ObjectStore, options: ControllerOptions = {}): Controllers {
  const now = options.now ?? Date.now;
  const readyDelayMs = options.readyDelayMs ?? 200;
  const nodeName = options.nodeName ?? 'ip-10-0-3-17.eu-west-1.compute.internal';
  const apps = store.typeOf('apps/v1', 'Deployment');
  const replicaSets = store.typeOf('apps/v1', 'ReplicaSet');
  const pods = store.typeOf('v1', 'Pod');
  const crashProfiles = new Map<string, { profile: CrashProfile; templateHash: string }>();
  const pending = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let scheduled: NodeJS.Immediate | undefined;
  let stopped = false;

  const enqueue = (kind: 'Deployment' | 'ReplicaSet', namespace: string | undefined, name: string | undefined): void => {
    if (stopped || !namespace || !name) return;
    pending.add(`${kind}/${namespace}/${name}`);
    scheduled ??= setImmediate(drain);
  };

  function drain(): void {
    scheduled = undefined;
    const keys = [...pending];
    pending.clear();
    for (const key of keys) {
      const [kind, namespace, name] = key.split('/') as [string, string, string];
      if (kind === 'Deployment') reconcileDeployment(namespace, name);
      else reconcileReplicaSet(namespace, name);
    }
  }

  function owned(type: typeof pods, namespace: string, owner: KubeObj): KubeObj[] {
    return store.list(type, namespace, (o) => controllerOf(o)?.uid === owner.metadata.uid);
  }

  function writeIfChanged(type: typeof pods, before: KubeObj, after: KubeObj): void {
    if (!isDeepStrictEqual(before, after)) store.update(type, { ...after, metadata: { ...after.metadata, resourceVersion: undefined } });
  }

  function reconcileDeployment(namespace: string, name: string): void {
    const deployment = store.get(apps, namespace, name);
    if (!deployment) return;
    const spec = specOf(deployment);
    const desired = spec.replicas ?? 1;
    const sets = owned(replicaSets, namespace, deployment);
    const hash = podTemplateHash(spec.template);
    let current = sets.find((rs) => rs.metadata.labels?.[HASH_LABEL] === hash);
    const maxRevision = Math.max(0, ...sets.map(revisionOf));
    if (!spec.paused) {
      if (!current) {
        current = createReplicaSet(deployment, hash, maxRevision + 1, desired);
      } else if (revisionOf(current) < maxRevision || desired !== specOf(current).replicas) {
        const annotations = { ...current.metadata.annotations };
        if (revisionOf(current) < maxRevision) {
          annotations['deployment.kubernetes.io/revision-history'] = String(revisionOf(current));
          annotations[REVISION] = String(maxRevision + 1);
        }
        writeIfChanged(replicaSets, current, { ...current, metadata: { ...current.metadata, annotations }, spec: { ...specOf(current), replicas: desired } });
        current = store.get(replicaSets, namespace, current.metadata.name ?? '') ?? current;
      }
      for (const old of sets.filter((rs) => rs.metadata.uid !== current?.metadata.uid && specOf(rs).replicas !== 0)) {
        writeIfChanged(replicaSets, old, { ...old, spec: { ...specOf(old), replicas: 0 } });
      }
    }
    updateDeploymentStatus(deployment, current, desired);
  }

  function createReplicaSet(deployment: KubeObj, hash: string, revision: number, replicas: number): KubeObj {
    const spec = specOf(deployment);
    const template = structuredClone(spec.template ?? {});
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [HASH_LABEL]: hash } };
    return store.create(replicaSets, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${deployment.metadata.name}-${hash}`,
        namespace: deployment.metadata.namespace,
        labels: { ...template.metadata.labels },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)),
          [REVISION]: String(revision),
        },
        ownerReferences: [ownerRef(deployment)],
      },
      spec: { replicas, selector: { matchLabels: { ...spec.selector?.matchLabels, [HASH_LABEL]: hash } }, template },
    });
  }

  function updateDeploymentStatus(deployment: KubeObj, current: KubeObj | undefined, desired: number): void {
    const namespace = deployment.metadata.namespace ?? '';
    const sets = owned(replicaSets, namespace, deployment);
    const all = sets.flatMap((rs) => owned(pods, namespace, rs));
    const updated = current ? owned(pods, namespace, current) : [];
    const ready = all.filter(isPodReady).length;
    const at = timestamp(now());
    const previous = ((deployment['status'] as { conditions?: Record<string, unknown>[] } | undefined)?.conditions ?? []);
    const cond = (type: string, status: string, reason: string, message: string): Record<string, unknown> => {
      const old = previous.find((c) => c['type'] === type);
      if (old && old['status'] === status && old['reason'] === reason && old['message'] === message) return old;
      return { type, status, lastUpdateTime: at, lastTransitionTime: old?.['status'] === status ? old['lastTransitionTime'] : at, reason, message };
    };
    const complete = updated.length === desired && updated.filter(isPodReady).length === desired && all.length === desired;
    const rsName = current?.metadata.name ?? '';
    const status: Record<string, unknown> = {
      observedGeneration: deployment.metadata.generation,
      replicas: all.length,
      updatedReplicas: updated.length,
      ...(ready > 0 ? { readyReplicas: ready, availableReplicas: ready } : {}),
      ...(all.length - ready > 0 ? { unavailableReplicas: all.length - ready } : {}),
      conditions: [
        ready >= desired
          ? cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
          : cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
        complete
          ? cond('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`)
          : cond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`),
      ],
    };
    const annotations = { ...deployment.metadata.annotations };
    if (current) annotations[REVISION] = String(revisionOf(current));
    writeIfChanged(apps, deployment, { ...deployment, metadata: { ...deployment.metadata, annotations }, status });
  }

  function reconcileReplicaSet(namespace: string, name: string): void {
    const rs = store.get(replicaSets, namespace, name);
    if (!rs) return;
    const desired = specOf(rs).replicas ?? 1;
    const mine = owned(pods, namespace, rs);
    for (let i = mine.length; i < desired; i += 1) createPod(rs);
    const surplus = [...mine].sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b))).slice(0, Math.max(0, mine.length - desired));
    for (const pod of surplus) store.delete(pods, namespace, pod.metadata.name ?? '');
    const live = owned(pods, namespace, rs);
    const ready = live.filter(isPodReady).length;
    const status = {
      replicas: live.length,
      fullyLabeledReplicas: live.length,
      ...(ready > 0 ? { readyReplicas: ready, availableReplicas: ready } : {}),
      observedGeneration: rs.metadata.generation,
    };
    writeIfChanged(replicaSets, rs, { ...rs, status });
    const owner = controllerOf(rs);
    if (owner?.kind === 'Deployment') enqueue('Deployment', namespace, owner.name);
  }

  function crashFor(rs: KubeObj): CrashProfile | undefined {
    const owner = controllerOf(rs);
    const entry = owner ? crashProfiles.get(`${rs.metadata.namespace}/${owner.name}`) : undefined;
    if (!entry) return undefined;
    return !entry.profile.fixedByRestart || rs.metadata.labels?.[HASH_LABEL] === entry.templateHash ? entry.profile : undefined;
  }

  function createPod(rs: KubeObj): void {
    const template = specOf(rs).template ?? {};
    const pod = store.create(pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${rs.metadata.name}-${randomSuffix()}`,
        namespace: rs.metadata.namespace,
        labels: { ...template.metadata?.labels },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [ownerRef(rs)],
      },
      spec: { ...structuredClone(template.spec ?? {}), nodeName },
      status: pendingPodStatus(now()),
    });
    const crash = crashFor(rs);
    const timer = setTimeout(() => {
      timers.delete(timer);
      const live = store.get(pods, pod.metadata.namespace, pod.metadata.name ?? '');
      if (!live || stopped) return;
      if (crash?.logs !== undefined) {
        for (const c of (live['spec'] as { containers?: { name: string }[] }).containers ?? []) {
          for (const previous of [false, true]) store.setLog({ namespace: live.metadata.namespace ?? '', pod: live.metadata.name ?? '', container: c.name, previous }, crash.logs);
        }
      }
      const status = crash ? crashLoopPodStatus(live, now(), crash) : runningPodStatus(live, now());
      store.update(pods, { ...live, status, metadata: { ...live.metadata, resourceVersion: undefined } });
    }, readyDelayMs);
    timers.add(timer);
  }

  const unsubscribe = store.subscribe((event) => {
    const { kind } = event.resource;
    if (event.resource.group === 'apps' && (kind === 'Deployment' || kind === 'ReplicaSet')) {
      enqueue(kind, event.object.metadata.namespace, event.object.metadata.name);
    }
    if (kind === 'ReplicaSet' && event.resource.group === 'apps') {
      const owner = controllerOf(event.object);
      if (owner?.kind === 'Deployment') enqueue('Deployment', event.object.metadata.namespace, owner.name);
    }
    if (kind === 'Pod' && event.resource.group === '') {
      const owner = controllerOf(event.object);
      if (owner?.kind === 'ReplicaSet') enqueue('ReplicaSet', event.object.metadata.namespace, owner.name);
    }
  });

  return {
    markCrashLooping(namespace, deployment, profile) {
      const object = store.get(apps, namespace, deployment);
      if (!object) throw new Error(`deployment ${namespace}/${deployment} does not exist`);
      crashProfiles.set(`${namespace}/${deployment}`, { profile, templateHash: podTemplateHash(specOf(object).template) });
    },
    stop() {
      stopped = true;
      unsubscribe();
      if (scheduled) clearImmediate(scheduled);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
