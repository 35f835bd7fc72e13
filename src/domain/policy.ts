/**
 * Remediation policy: the bounds an approved action must still respect. Pure: the caller passes
 * the facts (the live object, restarts already done) and gets a verdict with its reason.
 */
import type { Remediation, RemediationAction, ResourceAmounts } from './diagnosis.js';
import { parseQuantity } from './quantity.js';
import { formatTarget } from './target.js';

export interface RemediationPolicy {
  /** Empty: every namespace not denied. */
  readonly allowedNamespaces: readonly string[];
  readonly deniedNamespaces: readonly string[];
  readonly maxReplicas: number;
  /** A set-resources change may raise a value at most this many times its current value. */
  readonly maxResourceFactor: number;
  readonly maxRestartsPerHour: number;
  /** Actions needing two distinct approvers; `scale-down` means a scale that lowers replicas. */
  readonly twoApproverActions: readonly string[];
  readonly approvalTtlMs: number;
  readonly autoApprove: readonly { readonly action: RemediationAction; readonly namespace: string }[];
}

export type PolicyVerdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

export interface PolicyFacts {
  /** Restarts (restart-pod, rollout-restart) of this target in the last hour. */
  readonly restartsInLastHour: number;
  /** Current replicas of the target, for scale. */
  readonly currentReplicas?: number;
  /** The container's current resources, for set-resources (read by the action's plan). */
  readonly currentResources?: { readonly requests?: ResourceAmounts; readonly limits?: ResourceAmounts };
}

const RESTARTS: readonly RemediationAction[] = ['restart-pod', 'rollout-restart'];

export function checkPolicy(remediation: Remediation, policy: RemediationPolicy, facts: PolicyFacts): PolicyVerdict {
  const target = formatTarget(remediation.target);
  const namespace = remediation.target.namespace;
  if (remediation.action !== 'create-issue' && remediation.action !== 'cordon-node') {
    if (!namespace) return { allowed: false, reason: `${remediation.action} on ${target}: the target has no namespace` };
    if (policy.deniedNamespaces.includes(namespace)) return { allowed: false, reason: `namespace ${namespace} is denied by policy` };
    if (policy.allowedNamespaces.length > 0 && !policy.allowedNamespaces.includes(namespace)) {
      return { allowed: false, reason: `namespace ${namespace} is not in the allowed namespaces (${policy.allowedNamespaces.join(', ')})` };
    }
  }
  if (RESTARTS.includes(remediation.action) && facts.restartsInLastHour >= policy.maxRestartsPerHour) {
    return { allowed: false, reason: `${target} was already restarted ${facts.restartsInLastHour} times in the last hour (limit ${policy.maxRestartsPerHour})` };
  }
  if (remediation.action === 'scale') {
    const replicas = remediation.params?.replicas;
    if (replicas === undefined || !Number.isInteger(replicas) || replicas < 0) return { allowed: false, reason: `scale needs a whole number of replicas, got ${String(replicas)}` };
    if (replicas > policy.maxReplicas) return { allowed: false, reason: `scale to ${replicas} replicas exceeds the policy maximum of ${policy.maxReplicas}` };
  }
  if (remediation.action === 'set-resources') return checkResources(remediation, policy, facts);
  return { allowed: true };
}

/** Every proposed amount is a quantity and at most maxResourceFactor times the current one (no current one: any). */
function checkResources(remediation: Remediation, policy: RemediationPolicy, facts: PolicyFacts): PolicyVerdict {
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory'] as const) {
      const proposed = remediation.params?.[kind]?.[resource];
      if (proposed === undefined) continue;
      const value = parseQuantity(proposed);
      if (value === undefined || value <= 0) return { allowed: false, reason: `${resource} ${kind} ${JSON.stringify(proposed)} is not a positive quantity` };
      const current = facts.currentResources?.[kind]?.[resource];
      const base = parseQuantity(current);
      if (base !== undefined && base > 0 && value > base * policy.maxResourceFactor * (1 + 1e-9)) {
        return { allowed: false, reason: `${resource} ${kind} ${proposed} is more than ${policy.maxResourceFactor}x the current ${current} (policy maxResourceFactor)` };
      }
    }
  }
  return { allowed: true };
}

/** How many distinct approvers this action needs under the policy. */
export function approversNeeded(remediation: Remediation, policy: RemediationPolicy, currentReplicas?: number): 1 | 2 {
  if (policy.twoApproverActions.includes(remediation.action)) return 2;
  const scalingDown = remediation.action === 'scale' && currentReplicas !== undefined && (remediation.params?.replicas ?? currentReplicas) < currentReplicas;
  return scalingDown && policy.twoApproverActions.includes('scale-down') ? 2 : 1;
}

export function isAutoApproved(remediation: Remediation, policy: RemediationPolicy): boolean {
  return policy.autoApprove.some((rule) => rule.action === remediation.action && rule.namespace === remediation.target.namespace);
}
