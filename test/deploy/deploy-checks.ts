/**
 * Checks shared by the kustomize and Helm tests: the objects triaged's install is made of must
 * have the same shape whichever way they were produced.
 */
import { expect } from 'vitest';
import { isConfigEnvName, SECRET_ENV_NAMES } from './config-names.js';
import { validateObject } from './k8s-schema.js';
import { podSpecOf, restrictedViolations, type K8sObject } from './tools.js';

export function expectAllValid(objects: readonly K8sObject[]): void {
  expect(objects.length).toBeGreaterThan(0);
  for (const o of objects) validateObject(o);
}

export function expectRestrictedPods(objects: readonly K8sObject[]): void {
  const withPods = objects.filter((o) => podSpecOf(o));
  expect(withPods.length).toBeGreaterThan(0);
  for (const o of withPods) {
    const spec = podSpecOf(o);
    if (!spec) continue;
    expect(restrictedViolations(spec), `${o.kind}/${o.metadata.name}`).toEqual([]);
  }
}

/** The triaged Deployment: probes, resources, user 10001, volumes, downward API, env names. */
export function expectTriagedDeployment(objects: readonly K8sObject[]): K8sObject {
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  expect(deployments).toHaveLength(1);
  const deployment = deployments[0] as K8sObject;
  const spec = podSpecOf(deployment);
  if (!spec) throw new Error('Deployment without pod spec');
  const c = spec.containers[0] as Record<string, unknown> & { env?: { name: string; value?: string; valueFrom?: Record<string, unknown> }[]; envFrom?: Record<string, unknown>[]; volumeMounts?: { mountPath: string; name: string }[] };
  expect(spec.containers).toHaveLength(1);
  expect((c.livenessProbe as { httpGet: { path: string } }).httpGet.path).toBe('/healthz');
  expect((c.readinessProbe as { httpGet: { path: string } }).httpGet.path).toBe('/readyz');
  const resources = c.resources as { requests: Record<string, string>; limits: Record<string, string> };
  expect(resources.requests.cpu).toBeTruthy();
  expect(resources.requests.memory).toBeTruthy();
  expect(resources.limits.memory).toBeTruthy();
  expect((spec.securityContext as { runAsUser?: number }).runAsUser).toBe(10001);
  expect((c.securityContext as { runAsUser?: number }).runAsUser).toBe(10001);
  expect(c.args).toEqual(['run']);
  const env = c.env ?? [];
  const byName = new Map(env.map((e) => [e.name, e]));
  expect(byName.get('POD_NAME')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
  expect(byName.get('POD_NAMESPACE')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
  expect(byName.get('TRIAGED_STORE_PATH')?.value).toBe('/var/lib/triaged/triaged.db');
  expect(byName.get('PORT')?.value).toBe('8080');
  const mounts = new Map((c.volumeMounts ?? []).map((m) => [m.mountPath, m.name]));
  expect(mounts.get('/var/lib/triaged')).toBe('data');
  expect(mounts.get('/tmp')).toBe('tmp');
  const tmp = (spec.volumes as { name: string; emptyDir?: unknown }[]).find((v) => v.name === 'tmp');
  expect(tmp?.emptyDir).toBeDefined();
  for (const e of env) {
    expect(isConfigEnvName(e.name), `env ${e.name} is not a configuration name triaged reads`).toBe(true);
    if (SECRET_ENV_NAMES.has(e.name)) {
      expect(e.value, `${e.name} must not be a literal`).toBeUndefined();
      expect(e.valueFrom?.secretKeyRef, `${e.name} must come from a Secret`).toBeDefined();
    }
  }
  return deployment;
}

/** ConfigMap keys are configuration names, and none is a secret. */
export function expectConfigMapKeys(configMap: K8sObject): void {
  const data = (configMap.data ?? {}) as Record<string, string>;
  expect(Object.keys(data).length).toBeGreaterThan(0);
  for (const key of Object.keys(data)) {
    expect(isConfigEnvName(key), `ConfigMap key ${key} is not a configuration name triaged reads`).toBe(true);
    expect(SECRET_ENV_NAMES.has(key), `ConfigMap holds the secret ${key}`).toBe(false);
    expect(data[key], `ConfigMap key ${key} is empty; leave unused settings out`).not.toBe('');
  }
}
