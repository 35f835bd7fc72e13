/**
 * Cluster states the playbook proofs need beyond the fake's seeds (src/sim/kube-api/scenarios.ts):
 * a container restarted after OOM kills, an evicted pod, a node under pressure, an HPA at its
 * maximum, a Deployment's scaling event. Each writes what the kubelet or a controller would.
 */
import type { KubeObj, ObjectStore } from '../../src/sim/kube-api/index.js';
import { seedEvent } from '../../src/sim/kube-api/index.js';

const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

type ContainerStatus = Record<string, unknown> & { name: string };

function statusOf(pod: KubeObj): Record<string, unknown> & { containerStatuses: ContainerStatus[] } {
  return structuredClone(pod['status']) as Record<string, unknown> & { containerStatuses: ContainerStatus[] };
}

/** Running again after `restartCount` OOM kills, the last one at `killedAtMs`. */
export function restartedAfterOomKills(store: ObjectStore, pod: KubeObj, restartCount: number, killedAtMs: number): KubeObj {
  const status = statusOf(pod);
  status.containerStatuses = status.containerStatuses.map((c) => ({
    ...c,
    state: { running: { startedAt: iso(killedAtMs + 1000) } },
    lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: iso(killedAtMs - 40 * 60_000), finishedAt: iso(killedAtMs), containerID: c['containerID'] } },
    restartCount,
  }));
  return store.put({ ...pod, status });
}

/** Evicted by the kubelet: phase Failed, reason Evicted, the kubelet's message. */
export function evicted(store: ObjectStore, pod: KubeObj, message: string, atMs: number): KubeObj {
  const status = statusOf(pod);
  return store.put({
    ...pod,
    status: {
      phase: 'Failed',
      reason: 'Evicted',
      message,
      startTime: status['startTime'],
      conditions: [{ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: iso(atMs), reason: 'TerminationByKubelet', message: 'The node was low on resource: memory.' }],
      containerStatuses: status.containerStatuses.map((c) => ({
        ...c,
        ready: false,
        started: false,
        state: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', startedAt: iso(atMs - 3_600_000), finishedAt: iso(atMs) } },
      })),
      qosClass: 'Burstable',
    },
  });
}

/** A node condition (MemoryPressure, DiskPressure, PIDPressure) turned True at `sinceMs`. */
export function underPressure(store: ObjectStore, nodeName: string, type: 'MemoryPressure' | 'DiskPressure' | 'PIDPressure', sinceMs: number, nowMs: number): KubeObj {
  const node = store.find('v1', 'Node', undefined, nodeName);
  if (!node) throw new Error(`no node ${nodeName}`);
  const reason = { MemoryPressure: 'KubeletHasInsufficientMemory', DiskPressure: 'KubeletHasDiskPressure', PIDPressure: 'KubeletHasInsufficientPID' }[type];
  const message = { MemoryPressure: 'kubelet has insufficient memory available', DiskPressure: 'kubelet has disk pressure', PIDPressure: 'kubelet has insufficient PID available' }[type];
  const status = structuredClone(node['status']) as { conditions: Record<string, unknown>[] };
  status.conditions = status.conditions.map((c) => (c['type'] === type ? { type, status: 'True', lastHeartbeatTime: iso(nowMs), lastTransitionTime: iso(sinceMs), reason, message } : c));
  const taint = { key: `node.kubernetes.io/${type === 'MemoryPressure' ? 'memory' : type === 'DiskPressure' ? 'disk' : 'pid'}-pressure`, effect: 'NoSchedule', timeAdded: iso(sinceMs) };
  return store.put({ ...node, spec: { ...(node['spec'] as object), taints: [taint] }, status });
}

export interface HpaOptions {
  readonly namespace: string;
  readonly deployment: string;
  readonly min: number;
  readonly max: number;
  readonly current: number;
  /** Average CPU utilisation, percent of the request. */
  readonly cpuPercent: number;
  readonly targetPercent: number;
  readonly nowMs: number;
}

/** An autoscaling/v2 HPA on CPU utilisation, with the status the controller writes. */
export function seedHpa(store: ObjectStore, o: HpaOptions): KubeObj {
  const at = iso(o.nowMs);
  const limited = o.current >= o.max;
  return store.put({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: o.deployment, namespace: o.namespace },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: o.deployment },
      minReplicas: o.min,
      maxReplicas: o.max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: o.targetPercent } } }],
    },
    status: {
      currentReplicas: o.current,
      desiredReplicas: o.current,
      lastScaleTime: iso(o.nowMs - 20 * 60_000),
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: o.cpuPercent, averageValue: '' } } }],
      conditions: [
        { type: 'AbleToScale', status: 'True', lastTransitionTime: at, reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
        { type: 'ScalingActive', status: 'True', lastTransitionTime: at, reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' },
        limited
          ? { type: 'ScalingLimited', status: 'True', lastTransitionTime: at, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }
          : { type: 'ScalingLimited', status: 'False', lastTransitionTime: at, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
      ],
    },
  });
}

/** The Deployment controller's Normal event when it scaled a ReplicaSet. */
export function scaledEvent(store: ObjectStore, deployment: KubeObj, replicaSet: KubeObj, replicas: number, atMs: number): KubeObj {
  return seedEvent(store, {
    namespace: deployment.metadata.namespace ?? '',
    involvedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name ?? '', ...(deployment.metadata.uid ? { uid: deployment.metadata.uid } : {}) },
    reason: 'ScalingReplicaSet',
    message: `Scaled up replica set ${replicaSet.metadata.name} from ${replicas - 1} to ${replicas}`,
    component: 'deployment-controller',
    type: 'Normal',
    at: atMs,
  });
}

export function podName(pod: KubeObj): string {
  return pod.metadata.name ?? '';
}
