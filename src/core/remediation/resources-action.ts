/**
 * set-resources: raises one container's requests/limits (cpu, memory) on a Deployment,
 * StatefulSet or DaemonSet by strategic merge patch, then waits for the rollout and checks that
 * the new pods do not restart. The policy bounds each raise (maxResourceFactor, src/domain/policy.ts).
 */
import type { Remediation, ResourceAmounts } from '../../domain/diagnosis.js';
import { parseQuantity } from '../../domain/quantity.js';
import type { KubeObject } from '../../domain/snapshot.js';
import { PlanRefused, pollUntil, type ActionContext, type ActionPlan, type RemediationActionHandler } from './action.js';
import { rolloutComplete } from './restart-actions.js';
import { podSelector, rollbackBefore, workloadRef } from './workload.js';

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];
const PARTS = ['requests', 'limits'] as const;
const RESOURCES = ['cpu', 'memory'] as const;

type Part = (typeof PARTS)[number];
type Resources = { readonly [P in Part]?: ResourceAmounts };

interface ContainerSpec {
  readonly name: string;
  readonly resources?: Resources;
}

interface ContainerStatus {
  readonly name: string;
  readonly restartCount?: number;
  readonly lastState?: { readonly terminated?: { readonly reason?: string } };
}

export const setResources: RemediationActionHandler = {
  async plan(remediation: Remediation, context: ActionContext, signal: AbortSignal): Promise<ActionPlan> {
    const ref = workloadRef(remediation, KINDS);
    const { kind, namespace, name } = ref;
    const container = remediation.params?.container;
    if (!container) throw new PlanRefused('set-resources needs the name of the container to change');
    const proposed = proposedResources(remediation);
    const workload = await context.reader.get(ref, signal);
    if (!workload) throw new PlanRefused(`${kind} ${namespace}/${name} no longer exists`);
    const containers = ((workload.spec as { template?: { spec?: { containers?: ContainerSpec[] } } } | undefined)?.template?.spec?.containers ?? []);
    const spec = containers.find((c) => c.name === container);
    if (!spec) throw new PlanRefused(`container ${container} no longer exists in ${kind} ${namespace}/${name} (it has ${containers.map((c) => c.name).join(', ') || 'none'})`);
    const current = spec.resources ?? {};
    const changes = describeChanges(container, current, proposed);
    checkRequestsWithinLimits(container, merge(current, proposed));

    const patch = { spec: { template: { spec: { containers: [{ name: container, resources: proposed }] } } } };
    let generation = Number(workload.metadata?.generation ?? 0) + 1;
    const undo = rollbackBefore(remediation, workload);
    return {
      description: `set resources of container ${container} in ${kind} ${namespace}/${name}: ${changes}`,
      facts: { currentResources: current },
      ...(undo ? { undo } : {}),
      async apply(dryRun, applySignal) {
        const result = await context.writer.patch(ref, patch, 'strategic', { dryRun, signal: applySignal });
        if (!dryRun) generation = Number(result.metadata?.generation ?? generation);
        return dryRun ? `server accepted the new resources of ${container} in ${kind} ${name} (dry run)` : `${kind} ${name}: ${changes}`;
      },
      verify: (verifySignal) =>
        pollUntil(context, verifySignal, async () => {
          const live = await context.reader.get(ref, verifySignal);
          if (!live) return { done: false, detail: `${kind} ${name} disappeared` };
          const selector = podSelector(live);
          const pods = await context.reader.list({ apiVersion: 'v1', kind: 'Pod', namespace, ...(selector ? { labelSelector: selector } : {}) }, verifySignal);
          const restarted = pods.filter((p) => runsResources(p, container, proposed)).map((p) => restartsOf(p, container)).find((r) => r !== undefined);
          return restarted ? { done: false, detail: restarted } : rolloutComplete(live, generation);
        }),
    };
  },
};

/** The params' requests/limits with only the amounts given; refuses when there are none. */
function proposedResources(remediation: Remediation): Resources {
  const out: { [P in Part]?: ResourceAmounts } = {};
  for (const part of PARTS) {
    const given = remediation.params?.[part] ?? {};
    const amounts: { cpu?: string; memory?: string } = {};
    for (const resource of RESOURCES) if (given[resource]) amounts[resource] = given[resource];
    if (Object.keys(amounts).length > 0) out[part] = amounts;
  }
  if (!out.requests && !out.limits) throw new PlanRefused('set-resources needs requests or limits for cpu or memory');
  return out;
}

/**
 * "memory limit 256Mi → 384Mi, …". Every amount must go up: one already at or above the proposal
 * means someone changed the container since the finding, and applying would undo their change.
 */
function describeChanges(container: string, current: Resources, proposed: Resources): string {
  const changes: string[] = [];
  for (const part of PARTS) {
    for (const resource of RESOURCES) {
      const next = proposed[part]?.[resource];
      if (next === undefined) continue;
      const now = current[part]?.[resource];
      const label = `${resource} ${part === 'limits' ? 'limit' : 'request'}`;
      const [from, to] = [parseQuantity(now), parseQuantity(next)];
      if (to === undefined) throw new PlanRefused(`${label} ${JSON.stringify(next)} is not a Kubernetes quantity`);
      if (from !== undefined && from >= to) {
        throw new PlanRefused(`the ${label} of container ${container} is already ${now}, at or above the proposed ${next}: it changed since the finding`);
      }
      changes.push(`${label} ${now ?? 'unset'} → ${next}`);
    }
  }
  return changes.join(', ');
}

function merge(current: Resources, proposed: Resources): Resources {
  return { requests: { ...current.requests, ...proposed.requests }, limits: { ...current.limits, ...proposed.limits } };
}

function checkRequestsWithinLimits(container: string, resources: Resources): void {
  for (const resource of RESOURCES) {
    const request = parseQuantity(resources.requests?.[resource]);
    const limit = parseQuantity(resources.limits?.[resource]);
    if (request !== undefined && limit !== undefined && request > limit) {
      throw new PlanRefused(`container ${container} would request more ${resource} (${resources.requests?.[resource]}) than its limit (${resources.limits?.[resource]})`);
    }
  }
}

/** True when the pod's container already runs with the proposed amounts (a pod of the new template). */
function runsResources(pod: KubeObject, container: string, proposed: Resources): boolean {
  const spec = ((pod.spec as { containers?: ContainerSpec[] } | undefined)?.containers ?? []).find((c) => c.name === container);
  return PARTS.every((part) => RESOURCES.every((r) => proposed[part]?.[r] === undefined || parseQuantity(spec?.resources?.[part]?.[r]) === parseQuantity(proposed[part]?.[r])));
}

/** Why the new pod is not healthy (restarts, OOMKilled), undefined while it has not restarted. */
function restartsOf(pod: KubeObject, container: string): string | undefined {
  const statuses = (pod.status as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses ?? [];
  const status = statuses.find((s) => s.name === container);
  const restarts = status?.restartCount ?? 0;
  if (restarts === 0) return undefined;
  const reason = status?.lastState?.terminated?.reason;
  return `pod ${pod.metadata?.name} with the new resources restarted ${restarts} time${restarts === 1 ? '' : 's'}${reason ? ` (last: ${reason})` : ''}`;
}
