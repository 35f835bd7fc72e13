/**
 * RBAC follows the one list in src/domain/rbac.ts: the read-only ClusterRole (no write verb, no
 * Secrets), the opt-in write Role (exactly what the remediation actions need), the cordon
 * ClusterRole and the Lease Role — in manifests/ and in the chart alike.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rbacJson } from '../../scripts/gen-rbac-json.js';
import {
  LEASE_PERMISSIONS,
  permissionTriples,
  READ_PERMISSIONS,
  rulesForActions,
  WRITE_PERMISSIONS_BY_ACTION,
  WRITE_VERBS,
  type KubernetesAction,
  type PermissionRule,
} from '../../src/domain/rbac.js';
import { REMEDIATION_ACTIONS } from '../../src/domain/diagnosis.js';
import { helmTemplate, kustomize, ROOT, type K8sObject } from './tools.js';

const rulesOf = (o: K8sObject | undefined): PermissionRule[] => {
  if (!o) throw new Error('role not rendered');
  return o.rules as PermissionRule[];
};
const find = (objects: readonly K8sObject[], kind: string, name: string, namespace?: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));

const ALL_ACTIONS = Object.keys(WRITE_PERMISSIONS_BY_ACTION) as KubernetesAction[];
const NAMESPACED = permissionTriples(rulesForActions(ALL_ACTIONS, 'namespace'));
const CLUSTER = permissionTriples(rulesForActions(ALL_ACTIONS, 'cluster'));

describe('the permission list (src/domain/rbac.ts)', () => {
  it('covers every remediation action that touches the cluster', () => {
    expect(ALL_ACTIONS.sort()).toEqual(REMEDIATION_ACTIONS.filter((a) => a !== 'create-issue').sort());
  });

  it('grants exactly what each action needs', () => {
    const triples = (a: KubernetesAction) => permissionTriples(WRITE_PERMISSIONS_BY_ACTION[a].rules);
    expect(triples('restart-pod')).toEqual(['/pods:delete']);
    expect(triples('rollout-restart')).toEqual(['apps/daemonsets:patch', 'apps/deployments:patch', 'apps/statefulsets:patch']);
    expect(triples('scale')).toEqual(['apps/deployments/scale:patch', 'apps/statefulsets/scale:patch']);
    expect(triples('set-resources')).toEqual(['apps/daemonsets:patch', 'apps/deployments:patch', 'apps/statefulsets:patch']);
    expect(triples('rollout-undo')).toEqual(['apps/deployments:patch', 'apps/replicasets:list']);
    expect(triples('cordon-node')).toEqual(['/nodes:patch']);
    expect(WRITE_PERMISSIONS_BY_ACTION['cordon-node'].scope).toBe('cluster');
  });

  it('reads without any write verb and without Secrets', () => {
    const triples = permissionTriples(READ_PERMISSIONS);
    for (const t of triples) {
      const verb = t.split(':')[1] ?? '';
      expect(WRITE_VERBS, t).not.toContain(verb);
      expect(t).not.toMatch(/^\/secrets:/);
    }
    expect(triples).toEqual(expect.arrayContaining(['/pods/log:get', 'metrics.k8s.io/pods:list', 'events.k8s.io/events:watch', 'discovery.k8s.io/endpointslices:list', '/configmaps:get']));
  });

  it('is what helm/triaged/files/rbac.json holds (regenerate: npx tsx scripts/gen-rbac-json.ts)', () => {
    expect(readFileSync(`${ROOT}helm/triaged/files/rbac.json`, 'utf8')).toBe(rbacJson());
  });
});

describe('manifests/ RBAC', () => {
  const base = kustomize('manifests/');

  it('ClusterRole triaged-read = READ_PERMISSIONS', () => {
    expect(permissionTriples(rulesOf(find(base, 'ClusterRole', 'triaged-read')))).toEqual(permissionTriples(READ_PERMISSIONS));
  });

  it('Role triaged-leader-election = LEASE_PERMISSIONS, in triaged namespace', () => {
    const role = find(base, 'Role', 'triaged-leader-election', 'triaged');
    expect(permissionTriples(rulesOf(role))).toEqual(permissionTriples(LEASE_PERMISSIONS));
  });

  it('the default install has no write access at all', () => {
    for (const o of base.filter((x) => x.kind === 'ClusterRole' || x.kind === 'Role')) {
      if (o.metadata.name === 'triaged-leader-election') continue;
      for (const t of permissionTriples(rulesOf(o))) expect(WRITE_VERBS, `${o.metadata.name}: ${t}`).not.toContain(t.split(':')[1]);
    }
  });

  it('manifests/write Role = the namespaced actions; manifests/write/cordon = cordon-node', () => {
    expect(permissionTriples(rulesOf(find(kustomize('manifests/write/'), 'Role', 'triaged-remediate')))).toEqual(NAMESPACED);
    expect(permissionTriples(rulesOf(find(kustomize('manifests/write/cordon/'), 'ClusterRole', 'triaged-cordon')))).toEqual(CLUSTER);
  });

  it('binds every role to the triaged ServiceAccount', () => {
    const bindings = [...base, ...kustomize('manifests/write/'), ...kustomize('manifests/write/cordon/')].filter((o) => o.kind.endsWith('Binding'));
    expect(bindings.length).toBe(4);
    for (const b of bindings) expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: 'triaged', namespace: 'triaged' }]);
  });
});

describe('chart RBAC', () => {
  const everything = helmTemplate(['helm/triaged/ci/everything-values.yaml']);

  it('renders the same read, lease, write and cordon rules', () => {
    expect(permissionTriples(rulesOf(find(everything, 'ClusterRole', 'triaged-read')))).toEqual(permissionTriples(READ_PERMISSIONS));
    expect(permissionTriples(rulesOf(find(everything, 'Role', 'triaged-leader-election')))).toEqual(permissionTriples(LEASE_PERMISSIONS));
    for (const ns of ['shop', 'payments']) expect(permissionTriples(rulesOf(find(everything, 'Role', 'triaged-remediate', ns)))).toEqual(NAMESPACED);
    expect(permissionTriples(rulesOf(find(everything, 'ClusterRole', 'triaged-cordon')))).toEqual(CLUSTER);
  });

  it('grants only the chosen actions', () => {
    const some = helmTemplate([], ['--set', 'rbac.write.enabled=true', '--set', 'rbac.write.namespaces={shop}', '--set', 'rbac.write.actions={restart-pod,scale}']);
    expect(permissionTriples(rulesOf(find(some, 'Role', 'triaged-remediate', 'shop')))).toEqual(permissionTriples(rulesForActions(['restart-pod', 'scale'], 'namespace')));
    expect(find(some, 'ClusterRole', 'triaged-cordon')).toBeUndefined();
  });

  it('has no write Role by default', () => {
    const defaults = helmTemplate();
    expect(defaults.filter((o) => o.kind === 'Role' || o.metadata.name.endsWith('-cordon'))).toEqual([]);
  });
});
