/**
 * What the workload actions (restart, scale, set-resources, undo) share: the target's ObjectRef,
 * its Deployment revision, the selector of its pods and the rollback that takes a change back.
 */
import type { Remediation } from '../../domain/diagnosis.js';
import type { KubeObject } from '../../domain/snapshot.js';
import type { ObjectRef } from '../../ports/kubernetes.js';
import { PlanRefused } from './action.js';

export const WORKLOAD_API: Readonly<Record<string, string>> = { Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1' };

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** The target as an ObjectRef when it is one of `kinds`; refuses otherwise. */
export function workloadRef(remediation: Remediation, kinds: readonly string[]): ObjectRef & { readonly namespace: string } {
  const { namespace, name, kind } = remediation.target;
  const apiVersion = kind && kinds.includes(kind) ? WORKLOAD_API[kind] : undefined;
  if (!namespace || !name || !kind || !apiVersion) {
    throw new PlanRefused(`${remediation.action} needs a ${kinds.join(', ').replace(/, ([^,]*)$/, ' or $1')} with a namespace and name, got ${kind ?? 'no kind'}`);
  }
  return { apiVersion, kind, namespace, name };
}

/** The Deployment (or ReplicaSet) revision number, undefined when not annotated. */
export function revisionOf(object: KubeObject): number | undefined {
  const text = object.metadata?.annotations?.[REVISION_ANNOTATION];
  const revision = text === undefined ? NaN : Number(text);
  return Number.isInteger(revision) && revision > 0 ? revision : undefined;
}

/** `k=v,k2=v2` of the workload's matchLabels, undefined when it has none. */
export function podSelector(workload: KubeObject): string | undefined {
  const labels = (workload.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels ?? {};
  const selector = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
  return selector || undefined;
}

/** A rollout-undo back to the Deployment's revision before the change (only Deployments keep revisions). */
export function rollbackBefore(remediation: Remediation, workload: KubeObject): Remediation | undefined {
  const revision = revisionOf(workload);
  if (remediation.target.kind !== 'Deployment' || revision === undefined) return undefined;
  return {
    action: 'rollout-undo',
    target: remediation.target,
    params: { toRevision: revision },
    rationale: `${remediation.action} on ${remediation.target.name} did not verify; revision ${revision} is the one before it`,
    risk: 'medium',
  };
}
