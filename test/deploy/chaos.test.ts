/**
 * chaos/: every scenario is one self-contained YAML file with its own namespace, every object and
 * pod carries `triaged.dev/chaos=<name>`, objects are valid, images are public and pinned, and
 * every pod meets Pod Security "restricted" (the namespaces enforce it).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildChaosSnapshots } from './chaos-snapshots.js';
import { validateObject } from './k8s-schema.js';
import { podSpecOf, podTemplateLabels, readYamlDocs, restrictedViolations, ROOT, type K8sObject } from './tools.js';

// UPDATE_CHAOS_SNAPSHOTS=1 rewrites test/fixtures/chaos/ from the YAML (chaos-diagnosis.test.ts compares them).
if (process.env.UPDATE_CHAOS_SNAPSHOTS === '1') {
  mkdirSync(`${ROOT}test/fixtures/chaos`, { recursive: true });
  for (const [file, snapshot] of Object.entries(buildChaosSnapshots())) writeFileSync(`${ROOT}test/fixtures/chaos/${file}`, `${JSON.stringify(snapshot, null, 2)}\n`);
}

const SCENARIOS = ['memory-leak', 'cpu-stress', 'latency', 'node-pressure', 'crash-loop', 'bad-image', 'missing-configmap', 'unschedulable'];
const PUBLIC_IMAGES = /^(node:24-alpine|busybox:1\.37|nginxinc\/nginx-unprivileged:1\.27-alpine)$/;

describe('chaos/', () => {
  it('has exactly the eight scenarios, one YAML file each', () => {
    const dirs = readdirSync(`${ROOT}chaos`, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(dirs.sort()).toEqual([...SCENARIOS].sort());
    for (const name of SCENARIOS) expect(readdirSync(`${ROOT}chaos/${name}`)).toEqual([`${name}.yaml`]);
  });

  describe.each(SCENARIOS)('%s', (name) => {
    const objects = readYamlDocs(`chaos/${name}/${name}.yaml`);
    const namespace = `triaged-chaos-${name}`;

    it('creates its own namespace first and puts everything in it', () => {
      expect(objects[0]?.kind).toBe('Namespace');
      expect(objects[0]?.metadata.name).toBe(namespace);
      expect(objects[0]?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
      for (const o of objects.slice(1)) expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe(namespace);
    });

    it('labels every object and every pod triaged.dev/chaos', () => {
      for (const o of objects) {
        expect(o.metadata.labels?.['triaged.dev/chaos'], `${o.kind}/${o.metadata.name}`).toBe(name);
        if (podSpecOf(o)) expect(podTemplateLabels(o)?.['triaged.dev/chaos'], `pods of ${o.kind}/${o.metadata.name}`).toBe(name);
      }
    });

    it('is valid Kubernetes', () => {
      for (const o of objects) validateObject(o);
    });

    it('uses public, pinned images and meets Pod Security "restricted"', () => {
      const workloads = objects.filter((o) => podSpecOf(o));
      expect(workloads.length).toBeGreaterThan(0);
      for (const w of workloads) {
        const spec = podSpecOf(w);
        if (!spec) continue;
        expect(restrictedViolations(spec), `${w.kind}/${w.metadata.name}`).toEqual([]);
        for (const c of spec.containers) {
          if (name === 'bad-image') expect(c.image).toMatch(/^busybox:[0-9.]+-triaged-chaos$/);
          else expect(c.image).toMatch(PUBLIC_IMAGES);
        }
      }
    });

    it('mounts only ConfigMaps it ships (missing-configmap aside, on purpose)', () => {
      const shipped = new Set(objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name));
      for (const w of objects.filter((o) => podSpecOf(o))) {
        const spec = podSpecOf(w);
        for (const v of (spec?.volumes ?? []) as { configMap?: { name: string } }[]) if (v.configMap) expect(shipped.has(v.configMap.name)).toBe(true);
        const refs = (spec?.containers ?? []).flatMap((c) => (c.env ?? []).map((e) => (e.valueFrom?.configMapKeyRef as { name?: string } | undefined)?.name).filter(Boolean));
        if (name === 'missing-configmap') expect(refs.some((r) => !shipped.has(String(r)))).toBe(true);
        else expect(refs).toEqual([]);
      }
    });
  });

  it('bounds node-pressure and documents its risk', () => {
    const job = readYamlDocs('chaos/node-pressure/node-pressure.yaml').find((o) => o.kind === 'Job');
    const spec = job?.spec as { activeDeadlineSeconds?: number; backoffLimit?: number; template: { spec: { volumes: { name: string; emptyDir?: { sizeLimit?: string } }[] } } };
    expect(spec.activeDeadlineSeconds).toBeLessThanOrEqual(1800);
    expect(spec.backoffLimit).toBe(0);
    expect(spec.template.spec.volumes.find((v) => v.name === 'fill')?.emptyDir?.sizeLimit).toBeTruthy();
    const readme = readFileSync(`${ROOT}chaos/README.md`, 'utf8');
    expect(readme).toMatch(/\*\*`node-pressure` is the one with real risk\.\*\*/);
    expect(readme).toMatch(/nodefs\.available<10%/);
  });

  it.each(Object.entries(buildChaosSnapshots()))('snapshot %s holds valid Kubernetes objects', (_file, snapshot) => {
    const objects = (snapshot.kubernetes?.objects ?? []) as unknown as K8sObject[];
    expect(objects.some((o) => o.kind === 'Pod')).toBe(true);
    // PodMetrics (metrics.k8s.io) has no schema in kubernetes-models.
    for (const o of objects) if (o.kind !== 'PodMetrics') validateObject(o);
  });
});
