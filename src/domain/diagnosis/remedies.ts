/**
 * Builders for the remediation actions of root-causes.md, each with its parameters, rationale
 * and risk. Workload-level actions target the owning workload, never a pod's ReplicaSet.
 */
import type { Category, Remediation } from '../diagnosis.js';
import type { TargetRef } from '../target.js';
import type { WorkloadRef } from './cluster.js';

const RESTARTABLE = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const SCALABLE = new Set(['Deployment', 'StatefulSet']);

function ref(workload: WorkloadRef): TargetRef {
  return { namespace: workload.namespace, kind: workload.kind, name: workload.name };
}

export function setResources(
  workload: WorkloadRef,
  container: string,
  limits: { memory?: string; cpu?: string },
  requests: { memory?: string; cpu?: string } | undefined,
  rationale: string,
): Remediation[] {
  if (!RESTARTABLE.has(workload.kind)) return [];
  return [
    {
      action: 'set-resources',
      target: ref(workload),
      params: { container, limits, ...(requests && Object.keys(requests).length > 0 ? { requests } : {}) },
      rationale,
      risk: 'low',
    },
  ];
}

export function rolloutRestart(workload: WorkloadRef, rationale: string, risk: Remediation['risk'] = 'low'): Remediation[] {
  return RESTARTABLE.has(workload.kind) ? [{ action: 'rollout-restart', target: ref(workload), rationale, risk }] : [];
}

export function rolloutUndo(workload: WorkloadRef, toRevision: number | undefined, rationale: string): Remediation[] {
  if (workload.kind !== 'Deployment') return [];
  return [{ action: 'rollout-undo', target: ref(workload), ...(toRevision === undefined ? {} : { params: { toRevision } }), rationale, risk: 'medium' }];
}

export function restartPod(namespace: string, pod: string, rationale: string): Remediation[] {
  return [{ action: 'restart-pod', target: { namespace, kind: 'Pod', name: pod }, rationale, risk: 'low' }];
}

export function scale(workload: WorkloadRef, replicas: number, rationale: string): Remediation[] {
  return SCALABLE.has(workload.kind) ? [{ action: 'scale', target: ref(workload), params: { replicas }, rationale, risk: 'medium' }] : [];
}

export function cordonNode(node: string, rationale: string): Remediation[] {
  return [{ action: 'cordon-node', target: { kind: 'Node', name: node }, rationale, risk: 'medium' }];
}

export function createIssue(category: Category, target: TargetRef, title: string, body: string): Remediation[] {
  return [
    {
      action: 'create-issue',
      target,
      params: { title, body, labels: ['triaged', category] },
      rationale: 'the fix is a code or configuration change a person has to make',
      risk: 'low',
    },
  ];
}

export function targetOf(workload: WorkloadRef): TargetRef {
  return ref(workload);
}
