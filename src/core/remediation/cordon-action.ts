/**
 * cordon-node: marks a Node unschedulable (`kubectl cordon`), unless that would leave the
 * cluster with fewer than MIN_SCHEDULABLE_NODES schedulable Ready nodes for its pods.
 */
import type { Remediation } from '../../domain/diagnosis.js';
import type { KubeObject } from '../../domain/snapshot.js';
import type { ObjectRef } from '../../ports/kubernetes.js';
import { PlanRefused, pollUntil, type ActionContext, type ActionPlan, type RemediationActionHandler } from './action.js';

export const MIN_SCHEDULABLE_NODES = 2;

export const cordonNode: RemediationActionHandler = {
  async plan(remediation: Remediation, context: ActionContext, signal: AbortSignal): Promise<ActionPlan> {
    const { kind, name } = remediation.target;
    if (kind !== 'Node' || !name) throw new PlanRefused(`cordon-node needs a Node, got ${kind ?? 'no kind'}`);
    const ref: ObjectRef = { apiVersion: 'v1', kind: 'Node', name };
    const node = await context.reader.get(ref, signal);
    if (!node) throw new PlanRefused(`node ${name} no longer exists`);
    if (isUnschedulable(node)) throw new PlanRefused(`node ${name} is already cordoned: nothing to change`);
    const nodes = await context.reader.list({ apiVersion: 'v1', kind: 'Node' }, signal);
    const left = nodes.filter((n) => n.metadata?.name !== name && !isUnschedulable(n) && isNodeReady(n)).length;
    if (left < MIN_SCHEDULABLE_NODES) {
      throw new PlanRefused(`cordoning node ${name} would leave ${left} schedulable Ready node${left === 1 ? '' : 's'}; triaged keeps at least ${MIN_SCHEDULABLE_NODES}`);
    }
    return {
      description: `cordon node ${name} (${left} schedulable Ready nodes remain)`,
      async apply(dryRun, applySignal) {
        await context.writer.patch(ref, { spec: { unschedulable: true } }, 'merge', { dryRun, signal: applySignal });
        return dryRun ? `server accepted cordoning node ${name} (dry run)` : `node ${name} cordoned`;
      },
      verify: (verifySignal) =>
        pollUntil(context, verifySignal, async () => {
          const live = await context.reader.get(ref, verifySignal);
          if (!live) return { done: false, detail: `node ${name} disappeared` };
          return isUnschedulable(live) ? { done: true, detail: `node ${name} is unschedulable` } : { done: false, detail: `node ${name} is still schedulable` };
        }),
    };
  },
};

function isUnschedulable(node: KubeObject): boolean {
  return (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true;
}

function isNodeReady(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}
