/**
 * restart-pod (delete the pod so its controller recreates it) and rollout-restart (the
 * `kubectl.kubernetes.io/restartedAt` annotation on the pod template, as `kubectl rollout restart`).
 */
import type { Remediation } from '../../domain/diagnosis.js';
import type { KubeObject } from '../../domain/snapshot.js';
import type { ObjectRef } from '../../ports/kubernetes.js';
import { PlanRefused, pollUntil, type ActionContext, type ActionPlan, type RemediationActionHandler } from './action.js';
import { rollbackBefore, WORKLOAD_API } from './workload.js';

export const restartPod: RemediationActionHandler = {
  async plan(remediation: Remediation, context: ActionContext, signal: AbortSignal): Promise<ActionPlan> {
    const { namespace, name } = remediation.target;
    if (!namespace || !name) throw new PlanRefused('restart-pod needs a pod namespace and name');
    const ref: ObjectRef = { apiVersion: 'v1', kind: 'Pod', namespace, name };
    const pod = await context.reader.get(ref, signal);
    if (!pod) throw new PlanRefused(`pod ${namespace}/${name} no longer exists: nothing to restart`);
    const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
    if (!owner) throw new PlanRefused(`pod ${namespace}/${name} has no controller: deleting it would not bring it back`);
    const deletedAt = context.clock.now();
    const labels = pod.metadata?.labels ?? {};
    const selector = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
    return {
      description: `delete pod ${namespace}/${name} so ${owner.kind} ${owner.name} recreates it`,
      async apply(dryRun, applySignal) {
        await context.writer.delete(ref, { dryRun, signal: applySignal });
        return dryRun ? `server accepted the deletion of pod ${name} (dry run)` : `pod ${name} deleted`;
      },
      verify: (verifySignal) =>
        pollUntil(context, verifySignal, async () => {
          const pods = await context.reader.list({ apiVersion: 'v1', kind: 'Pod', namespace, labelSelector: selector || undefined }, verifySignal);
          const replacement = pods.find((p) => isNewer(p, pod, deletedAt) && isReady(p));
          return replacement
            ? { done: true, detail: `replacement pod ${replacement.metadata?.name} is Ready` }
            : { done: false, detail: `no Ready replacement for pod ${name} yet` };
        }),
    };
  },
};

export const rolloutRestart: RemediationActionHandler = {
  async plan(remediation: Remediation, context: ActionContext, signal: AbortSignal): Promise<ActionPlan> {
    const { namespace, name, kind } = remediation.target;
    const apiVersion = kind ? WORKLOAD_API[kind] : undefined;
    if (!namespace || !name || !kind || !apiVersion) throw new PlanRefused(`rollout-restart needs a Deployment, StatefulSet or DaemonSet, got ${kind ?? 'no kind'}`);
    const ref: ObjectRef = { apiVersion, kind, namespace, name };
    const workload = await context.reader.get(ref, signal);
    if (!workload) throw new PlanRefused(`${kind} ${namespace}/${name} no longer exists`);
    if ((workload.spec as { paused?: boolean } | undefined)?.paused) throw new PlanRefused(`${kind} ${namespace}/${name} is paused: a restart would not roll out`);
    const restartedAt = new Date(context.clock.now()).toISOString();
    const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } } };
    let generation = Number(workload.metadata?.generation ?? 0) + 1;
    const undo = rollbackBefore(remediation, workload);
    return {
      description: `rollout restart of ${kind} ${namespace}/${name}`,
      ...(undo ? { undo } : {}),
      async apply(dryRun, applySignal) {
        const result = await context.writer.patch(ref, patch, 'strategic', { dryRun, signal: applySignal });
        if (!dryRun) generation = Number(result.metadata?.generation ?? generation);
        return dryRun ? `server accepted the restart annotation on ${kind} ${name} (dry run)` : `${kind} ${name} restarted at ${restartedAt}`;
      },
      verify: (verifySignal) =>
        pollUntil(context, verifySignal, async () => {
          const current = await context.reader.get(ref, verifySignal);
          return current ? rolloutComplete(current, generation) : { done: false, detail: `${kind} ${name} disappeared` };
        }),
    };
  },
};

function isNewer(candidate: KubeObject, old: KubeObject, deletedAtMs: number): boolean {
  if (candidate.metadata?.uid && candidate.metadata.uid === old.metadata?.uid) return false;
  const created = Date.parse(candidate.metadata?.creationTimestamp ?? '');
  return candidate.metadata?.name !== old.metadata?.name || (Number.isFinite(created) && created >= Math.floor(deletedAtMs / 1000) * 1000);
}

export function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The same test `kubectl rollout status` makes: new generation observed, all replicas updated and available. */
export function rolloutComplete(workload: KubeObject, generation: number): { done: boolean; detail: string } {
  const status = (workload.status ?? {}) as { observedGeneration?: number; replicas?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number; numberReady?: number; desiredNumberScheduled?: number; updatedNumberScheduled?: number };
  const desired = Number((workload.spec as { replicas?: number } | undefined)?.replicas ?? status.desiredNumberScheduled ?? 1);
  const observed = (status.observedGeneration ?? 0) >= generation;
  const updated = status.updatedReplicas ?? status.updatedNumberScheduled ?? 0;
  const ready = status.readyReplicas ?? status.numberReady ?? 0;
  const total = status.replicas ?? status.desiredNumberScheduled ?? 0;
  const done = observed && updated >= desired && ready >= desired && total <= desired;
  return { done, detail: `${updated}/${desired} updated, ${ready}/${desired} ready${observed ? '' : ', new generation not yet observed'}` };
}
