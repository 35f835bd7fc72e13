/**
 * Stable identities for intake: the fingerprint (source, alarm name, target) drops exact
 * duplicates; the correlation key (the workload an alarm points at) joins different alarms of
 * one problem into one incident while it is open.
 */
import { createHash } from 'node:crypto';
import type { Alarm } from './alarm.js';
import { asFingerprint, type IncidentFingerprint } from './ids.js';
import type { TargetRef } from './target.js';

export function fingerprintOf(alarm: Pick<Alarm, 'source' | 'name' | 'target'>): IncidentFingerprint {
  const t = alarm.target;
  const key = [alarm.source, alarm.name, t.namespace ?? '', (t.kind ?? '').toLowerCase(), t.name ?? ''].join('\u0000');
  return asFingerprint(createHash('sha256').update(key).digest('hex').slice(0, 32));
}

/** Pod names carry a ReplicaSet hash and a random suffix; an alarm on any pod of a Deployment correlates with the Deployment. */
export function workloadOf(target: TargetRef): TargetRef {
  if ((target.kind ?? '').toLowerCase() !== 'pod' || !target.name) return target;
  const m = /^(.+?)-[a-z0-9]{8,10}-[a-z0-9]{5}$/.exec(target.name) ?? /^(.+?)-[a-z0-9]{5}$/.exec(target.name);
  return m ? { namespace: target.namespace, kind: 'Workload', name: m[1] } : target;
}

/** Null when the target is too vague to correlate on (no name). */
export function correlationKeyOf(target: TargetRef): string | null {
  const w = workloadOf(target);
  if (!w.name) return null;
  const kind = (w.kind ?? '').toLowerCase();
  const family = ['deployment', 'statefulset', 'daemonset', 'replicaset', 'workload', 'pod', 'service', ''].includes(kind) ? 'workload' : kind;
  return [w.namespace ?? '', family, w.name].join('/');
}
