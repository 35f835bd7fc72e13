/**
 * The Kubernetes permissions triaged needs, in one place: the read-only ClusterRole its playbooks
 * use, the write rules each remediation action needs, and the Lease rules of leader election.
 * manifests/, the Helm chart (helm/triaged/files/rbac.json, generated from this module) and the
 * remediation code all follow this list; test/deploy/rbac.test.ts checks that they agree.
 */
import type { RemediationAction } from './diagnosis.js';

/** One RBAC PolicyRule, as in rbac.authorization.k8s.io/v1 (core group is ""). */
export interface PermissionRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

export interface ActionPermissions {
  /** `namespace`: a Role in each namespace triaged may change; `cluster`: a ClusterRole. */
  readonly scope: 'namespace' | 'cluster';
  readonly rules: readonly PermissionRule[];
}

/** Remediation actions that touch the cluster (`create-issue` talks to GitHub, not Kubernetes). */
export type KubernetesAction = Exclude<RemediationAction, 'create-issue'>;

const READ = ['get', 'list', 'watch'] as const;

/**
 * Read-only access the playbooks use, cluster-wide. No Secrets: a missing-Secret diagnosis relies
 * on the kubelet's events (CreateContainerConfigError "secret ... not found"). ConfigMaps get
 * get/list only (no watch): the reader asks for metadata (PartialObjectMetadata) and the snapshot
 * keeps metadata only, but RBAC cannot limit a grant to metadata, so the grant covers the data.
 */
export const READ_PERMISSIONS: readonly PermissionRule[] = [
  {
    apiGroups: [''],
    resources: [
      'pods',
      'events',
      'nodes',
      'services',
      'endpoints',
      'persistentvolumeclaims',
      'resourcequotas',
      'limitranges',
      'namespaces',
    ],
    verbs: READ,
  },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], verbs: READ },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: READ },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: READ },
  { apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list'] },
];

/**
 * What each remediation action needs beyond READ_PERMISSIONS. A server-side dry run needs the
 * same verb as the real call, so these cover the dry run too.
 */
export const WRITE_PERMISSIONS_BY_ACTION: Readonly<Record<KubernetesAction, ActionPermissions>> = {
  'restart-pod': {
    scope: 'namespace',
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }],
  },
  'rollout-restart': {
    scope: 'namespace',
    rules: [{ apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: ['patch'] }],
  },
  scale: {
    scope: 'namespace',
    rules: [{ apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['patch'] }],
  },
  'set-resources': {
    scope: 'namespace',
    rules: [{ apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: ['patch'] }],
  },
  'rollout-undo': {
    scope: 'namespace',
    rules: [
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'] },
      { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['list'] },
    ],
  },
  'cordon-node': {
    scope: 'cluster',
    rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['patch'] }],
  },
};

/** Leader election (TRIAGED_LEADER_ELECTION): one Lease in triaged's own namespace. */
export const LEASE_PERMISSIONS: readonly PermissionRule[] = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
];

/** Verbs that change something; none of them may appear in READ_PERMISSIONS. */
export const WRITE_VERBS: readonly string[] = ['create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind', 'impersonate', '*'];

/** A rule flattened to "group/resource:verb" strings, so rule lists can be compared as sets. */
export function permissionTriples(rules: readonly PermissionRule[]): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    for (const group of rule.apiGroups) {
      for (const resource of rule.resources) {
        for (const verb of rule.verbs) out.add(`${group}/${resource}:${verb}`);
      }
    }
  }
  return [...out].sort();
}

/** The rules of the given actions in one scope, merged (duplicates collapse in permissionTriples). */
export function rulesForActions(actions: readonly KubernetesAction[], scope: ActionPermissions['scope']): PermissionRule[] {
  return actions.flatMap((action) => {
    const permissions = WRITE_PERMISSIONS_BY_ACTION[action];
    return permissions.scope === scope ? [...permissions.rules] : [];
  });
}
