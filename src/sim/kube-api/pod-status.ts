/** Pod statuses as the kubelet reports them: pending, running and ready, crash-looping. */
import { randomBytes } from 'node:crypto';
import { timestamp, type KubeObj } from './objects.js';

export interface CrashState {
  readonly exitCode: number;
  /** Defaults to OOMKilled for exit code 137, else Error. */
  readonly reason?: string;
  readonly restartCount?: number;
}

interface ContainerSpec {
  readonly name: string;
  readonly image?: string;
}

function containersOf(pod: KubeObj): readonly ContainerSpec[] {
  return ((pod['spec'] as { containers?: ContainerSpec[] } | undefined)?.containers ?? []).filter((c) => typeof c.name === 'string');
}

function condition(type: string, status: 'True' | 'False', at: string, reason?: string, message?: string): Record<string, unknown> {
  return { type, status, lastProbeTime: null, lastTransitionTime: at, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

function containerId(): string {
  return `containerd://${randomBytes(32).toString('hex')}`;
}

function podIp(pod: KubeObj): string {
  const seed = [...(pod.metadata.name ?? '')].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) >>> 0, 7);
  return `10.0.${(seed >> 8) % 250}.${(seed % 250) + 2}`;
}

export function pendingPodStatus(now: number): Record<string, unknown> {
  const at = timestamp(now);
  return { phase: 'Pending', conditions: [condition('PodScheduled', 'True', at)], qosClass: 'Burstable' };
}

export function runningPodStatus(pod: KubeObj, now: number, restartCount = 0): Record<string, unknown> {
  const at = timestamp(now);
  return {
    phase: 'Running',
    conditions: [
      condition('PodReadyToStartContainers', 'True', at),
      condition('Initialized', 'True', at),
      condition('Ready', 'True', at),
      condition('ContainersReady', 'True', at),
      condition('PodScheduled', 'True', at),
    ],
    hostIP: '10.0.3.17',
    podIP: podIp(pod),
    podIPs: [{ ip: podIp(pod) }],
    startTime: at,
    containerStatuses: containersOf(pod).map((c) => ({
      name: c.name,
      state: { running: { startedAt: at } },
      lastState: {},
      ready: true,
      restartCount,
      image: c.image ?? '',
      imageID: `${c.image ?? ''}@sha256:${randomBytes(32).toString('hex')}`,
      containerID: containerId(),
      started: true,
    })),
    qosClass: 'Burstable',
  };
}

export function crashLoopPodStatus(pod: KubeObj, now: number, crash: CrashState): Record<string, unknown> {
  const at = timestamp(now);
  const names = containersOf(pod).map((c) => c.name);
  const reason = crash.reason ?? (crash.exitCode === 137 ? 'OOMKilled' : 'Error');
  const podRef = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid ?? ''})`;
  return {
    phase: 'Running',
    conditions: [
      condition('PodReadyToStartContainers', 'True', at),
      condition('Initialized', 'True', at),
      condition('Ready', 'False', at, 'ContainersNotReady', `containers with unready status: [${names.join(' ')}]`),
      condition('ContainersReady', 'False', at, 'ContainersNotReady', `containers with unready status: [${names.join(' ')}]`),
      condition('PodScheduled', 'True', at),
    ],
    hostIP: '10.0.3.17',
    podIP: podIp(pod),
    podIPs: [{ ip: podIp(pod) }],
    startTime: at,
    containerStatuses: containersOf(pod).map((c) => ({
      name: c.name,
      state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${c.name} pod=${podRef}` } },
      lastState: { terminated: { exitCode: crash.exitCode, reason, startedAt: at, finishedAt: at, containerID: containerId() } },
      ready: false,
      restartCount: crash.restartCount ?? 5,
      image: c.image ?? '',
      imageID: `${c.image ?? ''}@sha256:${randomBytes(32).toString('hex')}`,
      containerID: containerId(),
      started: false,
    })),
    qosClass: 'Burstable',
  };
}

export function isPodReady(pod: KubeObj): boolean {
  const conditions = (pod['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}
