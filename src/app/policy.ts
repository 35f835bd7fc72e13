/** The remediation policy from config. */
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
    autoApprove: [],
  });
}
