/**
 * A pod's status reduced to the facts the rules judge: phase, readiness, scheduling, and per
 * container (init and main) the current and last state with exit codes and resource limits.
 */
import { parseQuantity } from '../quantity.js';
import type { KubeObject } from '../snapshot.js';
import { at, num, record, records, stringMap, text, timeMs, type Json } from './read.js';

export interface Termination {
  readonly reason: string;
  readonly exitCode: number;
  readonly message: string;
  readonly startedAt?: number;
  readonly finishedAt?: number;
}

export interface ContainerFacts {
  readonly name: string;
  readonly init: boolean;
  readonly image: string;
  readonly ready: boolean;
  readonly restartCount: number;
  readonly waiting?: { readonly reason: string; readonly message: string };
  readonly runningSince?: number;
  readonly terminated?: Termination;
  readonly lastTerminated?: Termination;
  readonly limits: { readonly memory?: number; readonly cpu?: number };
  readonly requests: { readonly memory?: number; readonly cpu?: number };
  readonly hasLiveness: boolean;
  readonly hasReadiness: boolean;
}

export interface PodFacts {
  readonly ref: string;
  readonly namespace: string;
  readonly name: string;
  readonly phase: string;
  /** status.reason: Evicted, NodeLost, UnexpectedAdmissionError … */
  readonly reason: string;
  readonly statusMessage: string;
  readonly nodeName?: string;
  readonly ready: boolean;
  /** PodScheduled=False with its reason and message, when the scheduler could not place the pod. */
  readonly unschedulable?: { readonly reason: string; readonly message: string };
  readonly createdAt?: number;
  readonly deleting: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly controller?: { readonly kind: string; readonly name: string };
  readonly containers: readonly ContainerFacts[];
  readonly initContainers: readonly ContainerFacts[];
  /** PersistentVolumeClaims the pod mounts. */
  readonly claims: readonly string[];
}

function termination(value: unknown): Termination | undefined {
  const t = record(value);
  if (!t) return undefined;
  const startedAt = timeMs(t.startedAt);
  const finishedAt = timeMs(t.finishedAt);
  return {
    reason: text(t.reason) ?? '',
    exitCode: num(t.exitCode) ?? 0,
    message: text(t.message) ?? '',
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(finishedAt === undefined ? {} : { finishedAt }),
  };
}

function resources(spec: Json | undefined, kind: 'limits' | 'requests'): { memory?: number; cpu?: number } {
  const r = record(at(spec, 'resources', kind));
  const memory = parseQuantity(text(r?.memory) ?? num(r?.memory));
  const cpu = parseQuantity(text(r?.cpu) ?? num(r?.cpu));
  return { ...(memory === undefined ? {} : { memory }), ...(cpu === undefined ? {} : { cpu }) };
}

function containerFacts(specs: readonly Json[], statuses: readonly Json[], init: boolean): ContainerFacts[] {
  const names = [...new Set([...specs.map((s) => text(s.name) ?? ''), ...statuses.map((s) => text(s.name) ?? '')])].filter(Boolean);
  return names.map((name) => {
    const spec = specs.find((s) => s.name === name);
    const status = statuses.find((s) => s.name === name);
    const waiting = record(at(status, 'state', 'waiting'));
    const runningSince = timeMs(at(status, 'state', 'running', 'startedAt'));
    const terminated = termination(at(status, 'state', 'terminated'));
    const lastTerminated = termination(at(status, 'lastState', 'terminated'));
    return {
      name,
      init,
      image: text(status?.image) ?? text(spec?.image) ?? '',
      ready: status?.ready === true,
      restartCount: num(status?.restartCount) ?? 0,
      ...(waiting ? { waiting: { reason: text(waiting.reason) ?? '', message: text(waiting.message) ?? '' } } : {}),
      ...(runningSince === undefined && record(at(status, 'state', 'running')) === undefined ? {} : { runningSince: runningSince ?? 0 }),
      ...(terminated ? { terminated } : {}),
      ...(lastTerminated ? { lastTerminated } : {}),
      limits: resources(spec, 'limits'),
      requests: resources(spec, 'requests'),
      hasLiveness: record(spec?.livenessProbe) !== undefined,
      hasReadiness: record(spec?.readinessProbe) !== undefined,
    };
  });
}

function condition(pod: KubeObject, type: string): Json | undefined {
  return records(at(pod, 'status', 'conditions')).find((c) => c.type === type);
}

export function podFacts(pod: KubeObject): PodFacts {
  const namespace = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  const scheduled = condition(pod, 'PodScheduled');
  const controller = (pod.metadata?.ownerReferences ?? []).find((o) => o.controller !== false);
  const nodeName = text(at(pod, 'spec', 'nodeName'));
  const createdAt = timeMs(pod.metadata?.creationTimestamp);
  return {
    ref: `Pod/${namespace}/${name}`,
    namespace,
    name,
    phase: text(at(pod, 'status', 'phase')) ?? 'Unknown',
    reason: text(at(pod, 'status', 'reason')) ?? '',
    statusMessage: text(at(pod, 'status', 'message')) ?? '',
    ...(nodeName ? { nodeName } : {}),
    ready: condition(pod, 'Ready')?.status === 'True',
    ...(scheduled?.status === 'False'
      ? { unschedulable: { reason: text(scheduled.reason) ?? '', message: text(scheduled.message) ?? '' } }
      : {}),
    ...(createdAt === undefined ? {} : { createdAt }),
    deleting: typeof pod.metadata?.deletionTimestamp === 'string',
    labels: stringMap(pod.metadata?.labels),
    ...(controller ? { controller: { kind: controller.kind, name: controller.name } } : {}),
    containers: containerFacts(records(at(pod, 'spec', 'containers')), records(at(pod, 'status', 'containerStatuses')), false),
    initContainers: containerFacts(records(at(pod, 'spec', 'initContainers')), records(at(pod, 'status', 'initContainerStatuses')), true),
    claims: records(at(pod, 'spec', 'volumes'))
      .map((v) => text(at(v, 'persistentVolumeClaim', 'claimName')))
      .filter((c): c is string => c !== undefined),
  };
}

/** The last termination of a container: the current one if it is terminated now, else lastState. */
export function lastTermination(container: ContainerFacts): Termination | undefined {
  return container.terminated ?? container.lastTerminated;
}

export function isOomKill(t: Termination | undefined): boolean {
  return t?.reason === 'OOMKilled';
}

/** A pod in trouble now: not ready, waiting with a reason, restarting, failed or pending. */
export function isUnhealthy(pod: PodFacts): boolean {
  if (pod.phase === 'Succeeded') return false;
  if (pod.phase === 'Pending' || pod.phase === 'Failed' || pod.phase === 'Unknown') return true;
  return !pod.ready || [...pod.containers, ...pod.initContainers].some((c) => c.waiting !== undefined && c.waiting.reason !== '');
}
