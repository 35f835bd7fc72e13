/**
 * One shape for Kubernetes events written through core/v1 (`involvedObject`, `message`, `count`,
 * `lastTimestamp`) and events.k8s.io/v1 (`regarding`, `note`, `series`, `deprecated*`).
 */
import type { KubeObject } from '../snapshot.js';
import { at, num, record, text, timeMs } from './read.js';

export interface KubeEvent {
  /** "Event/ns/name", the evidence ref. */
  readonly ref: string;
  readonly reason: string;
  readonly message: string;
  readonly type: 'Warning' | 'Normal';
  readonly count: number;
  readonly firstAt?: number;
  readonly lastAt?: number;
  readonly object: { readonly kind: string; readonly namespace: string; readonly name: string; readonly fieldPath?: string };
  /** Which component reported it (kubelet, default-scheduler, replicaset-controller …). */
  readonly reporter: string;
}

export function isEvent(object: KubeObject): boolean {
  return object.kind === 'Event' && (record(object.involvedObject) !== undefined || record(object.regarding) !== undefined);
}

export function normalizeEvent(object: KubeObject): KubeEvent {
  const regarding = record(object.involvedObject) ?? record(object.regarding) ?? {};
  const namespace = text(regarding.namespace) ?? object.metadata?.namespace ?? '';
  const seriesCount = num(at(object, 'series', 'count'));
  const count = Math.max(1, num(object.count) ?? num(object.deprecatedCount) ?? seriesCount ?? 1);
  const firstAt =
    timeMs(object.firstTimestamp) ?? timeMs(object.deprecatedFirstTimestamp) ?? timeMs(object.eventTime) ?? timeMs(object.metadata?.creationTimestamp);
  const lastAt =
    timeMs(object.lastTimestamp) ??
    timeMs(object.deprecatedLastTimestamp) ??
    timeMs(at(object, 'series', 'lastObservedTime')) ??
    timeMs(object.eventTime) ??
    firstAt;
  const fieldPath = text(regarding.fieldPath);
  return {
    ref: `Event/${object.metadata?.namespace ?? namespace}/${object.metadata?.name ?? ''}`,
    reason: text(object.reason) ?? '',
    message: text(object.message) ?? text(object.note) ?? '',
    type: object.type === 'Warning' ? 'Warning' : 'Normal',
    count,
    ...(firstAt === undefined ? {} : { firstAt }),
    ...(lastAt === undefined ? {} : { lastAt }),
    object: {
      kind: text(regarding.kind) ?? '',
      namespace,
      name: text(regarding.name) ?? '',
      ...(fieldPath ? { fieldPath } : {}),
    },
    reporter:
      text(object.reportingComponent) || text(object.reportingController) || text(at(object, 'source', 'component')) || text(at(object, 'deprecatedSource', 'component')) || '',
  };
}

/** "spec.containers{app}" → "app". */
export function containerOfEvent(event: KubeEvent): string | undefined {
  const match = /\{([^}]+)\}/.exec(event.object.fieldPath ?? '');
  return match?.[1];
}

/** "Event … (×12, last 3 min before capture)": the detail line of an event as evidence. */
export function describeEvent(event: KubeEvent): string {
  const times = event.count > 1 ? ` (x${event.count})` : '';
  return `${event.type} ${event.reason} on ${event.object.kind}/${event.object.name}${times}: ${event.message}`.slice(0, 400);
}
