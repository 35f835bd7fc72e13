/**
 * Pure parsers from Kubernetes objects to Alarms: a pod's status (CrashLoopBackOff, OOMKilled,
 * image pull and config errors, unschedulable for too long) and Warning events. No I/O: the owner
 * chain comes in as a function over the source's caches, time as `now`.
 */
import type { Alarm, AlarmKind, ParseResult, Severity } from '../../domain/alarm.js';
import type { KubeObject } from '../../domain/snapshot.js';
import type { TargetRef } from '../../domain/target.js';

export const CHAOS_LABEL = 'triaged.dev/chaos';

export interface AlarmContext {
  readonly now: number;
  /** The workload that owns a pod (Deployment, StatefulSet, …) when the caches know it. */
  readonly ownerOf?: (namespace: string, pod: string) => TargetRef | undefined;
  /** Whether a pod (known from the caches) carries the chaos label: events about it are drills. */
  readonly isDrillPod?: (namespace: string, pod: string) => boolean;
}

export interface PodAlarmContext extends AlarmContext {
  /** A pod Pending and unschedulable for longer than this is an alarm (default 5 min). */
  readonly pendingThresholdMs?: number;
}

export interface EventAlarmContext extends AlarmContext {
  /** Events last seen before this epoch ms are history, not alarms (start-up, relists). */
  readonly notBefore?: number;
}

interface ContainerState {
  readonly waiting?: { readonly reason?: string; readonly message?: string };
  readonly terminated?: { readonly reason?: string; readonly exitCode?: number; readonly finishedAt?: string; readonly message?: string };
}

interface ContainerStatus {
  readonly name?: string;
  readonly state?: ContainerState;
  readonly lastState?: ContainerState;
  readonly restartCount?: number;
}

interface PodStatus {
  readonly phase?: string;
  readonly conditions?: readonly { readonly type?: string; readonly status?: string; readonly reason?: string; readonly message?: string; readonly lastTransitionTime?: string }[];
  readonly containerStatuses?: readonly ContainerStatus[];
  readonly initContainerStatuses?: readonly ContainerStatus[];
}

const DEFAULT_PENDING_THRESHOLD_MS = 5 * 60_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function podTarget(namespace: string, name: string, context: AlarmContext): TargetRef {
  return context.ownerOf?.(namespace, name) ?? { namespace, kind: 'Pod', name };
}

function isDrill(labels: unknown): boolean {
  return isRecord(labels) && CHAOS_LABEL in labels;
}

function iso(value: unknown, fallback: number): string {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  return new Date(Number.isFinite(ms) ? ms : fallback).toISOString();
}

interface Finding {
  readonly name: string;
  readonly kind: AlarmKind;
  readonly severity: Severity;
  readonly container?: string;
  readonly description: string;
  readonly startsAt?: string;
  readonly labels?: Record<string, string>;
}

function containerFindings(status: ContainerStatus, init: boolean): Finding[] {
  const container = status.name ?? '';
  const waiting = status.state?.waiting;
  const last = status.lastState?.terminated;
  const prefix = init ? 'Init:' : '';
  const lastLabels: Record<string, string> = last ? { lastTerminationReason: last.reason ?? '', exitCode: String(last.exitCode ?? '') } : {};
  switch (waiting?.reason) {
    case 'CrashLoopBackOff':
      return [
        {
          name: `${prefix}CrashLoopBackOff`,
          kind: last?.reason === 'OOMKilled' ? 'memory' : 'crash',
          severity: 'critical',
          container,
          description: `container ${container} is crash-looping (${status.restartCount ?? 0} restarts${last ? `, last exit ${last.exitCode} ${last.reason ?? ''}`.trimEnd() : ''})`,
          ...(last?.finishedAt ? { startsAt: last.finishedAt } : {}),
          labels: lastLabels,
        },
      ];
    case 'ImagePullBackOff':
    case 'ErrImagePull':
    case 'InvalidImageName':
      return [{ name: `${prefix}ImagePullBackOff`, kind: 'deployment', severity: 'warning', container, description: waiting.message ?? `image of container ${container} cannot be pulled`, labels: { waitingReason: waiting.reason } }];
    case 'CreateContainerConfigError':
    case 'CreateContainerError':
      return [{ name: `${prefix}${waiting.reason}`, kind: 'deployment', severity: 'warning', container, description: waiting.message ?? `container ${container} cannot be created` }];
  }
  if (last?.reason === 'OOMKilled') {
    return [{ name: 'OOMKilled', kind: 'memory', severity: 'warning', container, description: `container ${container} was OOMKilled (exit ${last.exitCode ?? 137})`, ...(last.finishedAt ? { startsAt: last.finishedAt } : {}), labels: lastLabels }];
  }
  return [];
}

function pendingFinding(pod: KubeObject, status: PodStatus, context: PodAlarmContext): Finding | undefined {
  if (status.phase !== 'Pending') return undefined;
  const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status !== 'False' || scheduled.reason !== 'Unschedulable') return undefined;
  const since = Date.parse(String(scheduled.lastTransitionTime ?? pod.metadata?.creationTimestamp ?? ''));
  if (!Number.isFinite(since) || context.now - since < (context.pendingThresholdMs ?? DEFAULT_PENDING_THRESHOLD_MS)) return undefined;
  return { name: 'FailedScheduling', kind: 'node', severity: 'warning', description: scheduled.message ?? 'pod cannot be scheduled', startsAt: new Date(since).toISOString() };
}

/** The alarms a pod's current status raises (none for a healthy pod), or why the object is unusable. */
export function podAlarms(pod: unknown, context: PodAlarmContext): ParseResult {
  if (!isRecord(pod) || !isRecord(pod['metadata'])) return { ok: false, reason: 'pod has no metadata' };
  const object = pod as KubeObject;
  const namespace = object.metadata?.namespace;
  const name = object.metadata?.name;
  if (typeof namespace !== 'string' || namespace === '' || typeof name !== 'string' || name === '') return { ok: false, reason: 'pod has no metadata.namespace or metadata.name' };
  const status = pod['status'];
  if (status !== undefined && !isRecord(status)) return { ok: false, reason: `pod ${namespace}/${name} has a status that is not an object` };
  const podStatus = (status ?? {}) as PodStatus;
  for (const list of [podStatus.containerStatuses, podStatus.initContainerStatuses]) {
    if (list !== undefined && !Array.isArray(list)) return { ok: false, reason: `pod ${namespace}/${name} has container statuses that are not a list` };
  }
  const findings = [
    ...(podStatus.initContainerStatuses ?? []).flatMap((s) => containerFindings(s, true)),
    ...(podStatus.containerStatuses ?? []).flatMap((s) => containerFindings(s, false)),
  ];
  const pending = pendingFinding(object, podStatus, context);
  if (pending) findings.push(pending);
  const target = podTarget(namespace, name, context);
  const uid = object.metadata?.uid ?? `${namespace}/${name}`;
  const alarms: Alarm[] = findings.map((f) => ({
    source: 'kubernetes',
    name: f.name,
    kind: f.kind,
    severity: f.severity,
    state: 'firing',
    target,
    startsAt: iso(f.startsAt, context.now),
    description: `${namespace}/${name}: ${f.description}`,
    externalId: `${uid}/${f.name}${f.container ? `/${f.container}` : ''}`,
    labels: { namespace, pod: name, ...(f.container ? { container: f.container } : {}), ...f.labels },
    drill: isDrill(object.metadata?.labels),
    raw: pod,
  }));
  return { ok: true, alarms };
}

const EVENT_REASONS: Readonly<Record<string, { readonly kind: AlarmKind; readonly severity: Severity }>> = {
  BackOff: { kind: 'crash', severity: 'warning' },
  CrashLoopBackOff: { kind: 'crash', severity: 'warning' },
  Unhealthy: { kind: 'crash', severity: 'warning' },
  OOMKilling: { kind: 'memory', severity: 'warning' },
  FailedScheduling: { kind: 'node', severity: 'warning' },
  Evicted: { kind: 'node', severity: 'warning' },
  NodeNotReady: { kind: 'node', severity: 'critical' },
  NodeHasDiskPressure: { kind: 'node', severity: 'warning' },
  NodeHasInsufficientMemory: { kind: 'node', severity: 'warning' },
  SystemOOM: { kind: 'memory', severity: 'warning' },
  FailedMount: { kind: 'deployment', severity: 'warning' },
  FailedAttachVolume: { kind: 'deployment', severity: 'warning' },
  FailedCreate: { kind: 'deployment', severity: 'warning' },
  Failed: { kind: 'deployment', severity: 'warning' },
  ProgressDeadlineExceeded: { kind: 'deployment', severity: 'warning' },
};

/** When the event was last seen, in either the core/v1 or the events.k8s.io style. */
function lastSeen(event: Record<string, unknown>): number {
  const series = isRecord(event['series']) ? event['series']['lastObservedTime'] : undefined;
  for (const value of [event['lastTimestamp'], series, event['eventTime'], (event['metadata'] as Record<string, unknown>)['creationTimestamp']]) {
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isFinite(ms)) return ms;
  }
  return NaN;
}

/** One alarm for a core/v1 Warning event, none for Normal or stale ones, or why the object is unusable. */
export function eventAlarm(event: unknown, context: EventAlarmContext): ParseResult {
  if (!isRecord(event) || !isRecord(event['metadata'])) return { ok: false, reason: 'event has no metadata' };
  const involved = event['involvedObject'] ?? event['regarding'];
  const reason = event['reason'];
  if (!isRecord(involved) || typeof involved['name'] !== 'string' || typeof involved['kind'] !== 'string') return { ok: false, reason: 'event has no involvedObject kind and name' };
  if (typeof reason !== 'string' || reason === '') return { ok: false, reason: 'event has no reason' };
  if (event['type'] !== 'Warning') return { ok: true, alarms: [] };
  const seen = lastSeen(event);
  if (context.notBefore !== undefined && Number.isFinite(seen) && seen < context.notBefore) return { ok: true, alarms: [] };
  const namespace = typeof involved['namespace'] === 'string' ? involved['namespace'] : (event['metadata'] as { namespace?: string }).namespace;
  const kind = involved['kind'];
  const name = involved['name'];
  const target: TargetRef = kind === 'Pod' && namespace ? podTarget(namespace, name, context) : { ...(namespace ? { namespace } : {}), kind, name };
  const rule = EVENT_REASONS[reason] ?? { kind: 'unknown' as const, severity: 'warning' as const };
  const message = typeof event['message'] === 'string' ? event['message'] : typeof event['note'] === 'string' ? event['note'] : '';
  const firstSeen = event['firstTimestamp'] ?? event['eventTime'];
  const metadata = event['metadata'] as { uid?: string; name?: string };
  return {
    ok: true,
    alarms: [
      {
        source: 'kubernetes',
        name: reason,
        kind: rule.kind,
        severity: rule.severity,
        state: 'firing',
        target,
        startsAt: iso(firstSeen, Number.isFinite(seen) ? seen : context.now),
        description: `${kind} ${namespace ? `${namespace}/` : ''}${name}: ${message}`,
        externalId: metadata.uid ?? `${namespace ?? ''}/${metadata.name ?? ''}`,
        labels: { reason, involvedKind: kind, involvedName: name, ...(namespace ? { namespace } : {}), ...(typeof event['count'] === 'number' ? { count: String(event['count']) } : {}) },
        drill: kind === 'Pod' && namespace !== undefined && (context.isDrillPod?.(namespace, name) ?? false),
        raw: event,
      },
    ],
  };
}
