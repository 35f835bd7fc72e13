/**
 * manifests/: `kubectl kustomize` renders it, every object is a valid Kubernetes object, the pod
 * meets Pod Security "restricted", settings and secrets are where they belong, and the opt-in
 * write access stays out of the default install.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectAllValid, expectConfigMapKeys, expectRestrictedPods, expectTriagedDeployment } from './deploy-checks.js';
import { validateObject } from './k8s-schema.js';
import { kustomize, readYamlDocs, ROOT, run, yamllintPath, type K8sObject } from './tools.js';

const byKind = (objects: readonly K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

describe('manifests/ (kustomize)', () => {
  const objects = kustomize('manifests/');

  it('renders the whole install into namespace triaged', () => {
    const kinds = objects.map((o) => o.kind).sort();
    expect(kinds).toEqual(
      ['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'Namespace', 'NetworkPolicy', 'PersistentVolumeClaim', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'Service', 'ServiceAccount'].sort(),
    );
    for (const o of objects) {
      if (['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind)) continue;
      expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe('triaged');
    }
    expect(byKind(objects, 'Namespace')[0]?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('validates every object against the Kubernetes schemas', () => {
    expectAllValid(objects);
  });

  it('runs the daemon under Pod Security "restricted" with a read-only root filesystem', () => {
    expectRestrictedPods(objects);
  });

  it('wires probes, resources, volumes, downward API and only known settings', () => {
    const deployment = expectTriagedDeployment(objects);
    expect((deployment.spec as { strategy: { type: string } }).strategy.type).toBe('Recreate');
    expect(((deployment.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]?.image)).toBe('ghcr.io/triaged-dev/triaged:0.1.0');
    const configMap = byKind(objects, 'ConfigMap')[0] as K8sObject;
    expectConfigMapKeys(configMap);
  });

  it('keeps the Service, NetworkPolicy and PDB on the pod labels and port 8080', () => {
    const service = byKind(objects, 'Service')[0] as K8sObject;
    const selector = (service.spec as { selector: Record<string, string> }).selector;
    const podLabels = ((byKind(objects, 'Deployment')[0] as K8sObject).spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
    for (const [k, v] of Object.entries(selector)) expect(podLabels[k]).toBe(v);
    expect((service.spec as { ports: { port: number }[] }).ports[0]?.port).toBe(8080);
    const np = byKind(objects, 'NetworkPolicy')[0] as K8sObject;
    const npSpec = np.spec as { policyTypes: string[]; ingress: { ports: { port: number }[] }[]; egress: { ports?: { port: number; protocol: string }[] }[] };
    expect(npSpec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(npSpec.ingress.flatMap((r) => r.ports.map((p) => p.port))).toEqual([8080]);
    const egressPorts = npSpec.egress.flatMap((r) => (r.ports ?? []).map((p) => `${p.protocol}/${p.port}`));
    expect(egressPorts).toEqual(expect.arrayContaining(['UDP/53', 'TCP/53', 'TCP/443', 'TCP/6443']));
    const pdb = byKind(objects, 'PodDisruptionBudget')[0] as K8sObject;
    expect((pdb.spec as { maxUnavailable: number }).maxUnavailable).toBe(1);
  });

  it('leaves the example Secret out of the install, with placeholders only', () => {
    expect(byKind(objects, 'Secret')).toEqual([]);
    const kustomization = readFileSync(`${ROOT}manifests/kustomization.yaml`, 'utf8');
    expect(kustomization).not.toMatch(/^\s*-\s*secret\.example\.yaml/m);
    const [secret] = readYamlDocs('manifests/secret.example.yaml');
    if (!secret) throw new Error('manifests/secret.example.yaml is empty');
    validateObject(secret);
    for (const value of Object.values((secret.stringData ?? {}) as Record<string, string>)) expect(value).toMatch(/REPLACE-ME/);
  });

  it('renders the opt-in write Role without a namespace, for `kubectl apply -k manifests/write -n NS`', () => {
    const write = kustomize('manifests/write/');
    expect(write.map((o) => o.kind).sort()).toEqual(['Role', 'RoleBinding']);
    for (const o of write) {
      validateObject(o);
      expect(o.metadata.namespace).toBeUndefined();
    }
    const binding = write.find((o) => o.kind === 'RoleBinding') as K8sObject;
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'triaged', namespace: 'triaged' }]);
    const cordon = kustomize('manifests/write/cordon/');
    expect(cordon.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding']);
    expectAllValid(cordon);
  });
});

describe('yamllint (when installed: Debian package yamllint)', () => {
  const yamllint = yamllintPath();
  it.skipIf(!yamllint)('passes on manifests/, chaos/, integrations/ and the chart values', () => {
    const r = run(yamllint ?? 'yamllint', ['-s', '-c', '.yamllint.yaml', 'manifests', 'chaos', 'integrations', 'helm/triaged/values.yaml', 'helm/triaged/ci', 'helm/triaged/Chart.yaml']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
