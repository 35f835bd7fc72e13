/** The remediation policy from config. */
import { REMEDIATION_ACTIONS, type RemediationAction } from '../domain/diagnosis.js';
import { TriagedError } from '../domain/errors.js';
import type { RemediationPolicy } from '../domain/policy.js';
import type { Config } from './config.js';

export function policyFromConfig(config: Config): RemediationPolicy {
  return Object.freeze({
    allowedNamespaces: config.TRIAGED_ALLOWED_NAMESPACES,
    deniedNamespaces: config.TRIAGED_DENIED_NAMESPACES,
    maxReplicas: config.TRIAGED_MAX_REPLICAS,
    maxResourceFactor: config.TRIAGED_MAX_RESOURCE_FACTOR,
    maxRestartsPerHour: config.TRIAGED_MAX_RESTARTS_PER_HOUR,
    twoApproverActions: config.TRIAGED_TWO_APPROVER_ACTIONS,
    approvalTtlMs: config.TRIAGED_APPROVAL_TTL_MINUTES * 60_000,
    autoApprove: config.TRIAGED_AUTO_APPROVE.map(autoApproveRule),
  });
}

function autoApproveRule(pair: string): { action: RemediationAction; namespace: string } {
  const [action, namespace] = pair.split(':');
  if (!action || !namespace || !(REMEDIATION_ACTIONS as readonly string[]).includes(action)) {
    throw new TriagedError('CONFIG_INVALID', `invalid configuration: TRIAGED_AUTO_APPROVE: "${pair}" is not action:namespace with an action of ${REMEDIATION_ACTIONS.join(', ')}`);
  }
  return { action: action as RemediationAction, namespace };
}
