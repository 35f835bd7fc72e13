/** rollout-undo through the executor against the Kubernetes API fake, whose controllers keep ReplicaSet revisions. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Remediation } from '../../src/domain/diagnosis.js';
import type { KubernetesWriter } from '../../src/ports/kubernetes.js';
import { seedDeployment, type KubeApiServer, type KubeObj } from '../../src/sim/kube-api/index.js';
import { waitFor } from '../kubernetes/helpers.js';
import { deploymentTarget, failingRealWrite, offer, startRig, type Rig, type RigOptions } from './harness.js';

const undo = (toRevision?: number): Remediation => ({ action: 'rollout-undo', target: deploymentTarget(), ...(toRevision === undefined ? {} : { params: { toRevision } }), rationale: 'bad rollout', risk: 'medium' });
const DEPLOYMENT_PATH = '/apis/apps/v1/namespaces/shop/deployments/checkout';

interface Spec {
  replicas: number;
  template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } };
}
const deployment = (api: KubeApiServer): KubeObj => api.store.find('apps/v1', 'Deployment', 'shop', 'checkout')!;
const specOf = (object: KubeObj): Spec => object['spec'] as Spec;
const imageOf = (api: KubeApiServer): string => specOf(deployment(api)).template.spec.containers[0]!.image;

/** Seeds revision 1 (image 1.0.0) and rolls out revision 2 (image 2.0.0) through the controllers. */
async function twoRevisions(options: RigOptions = {}): Promise<Rig> {
  const rig = await startRig(options);
  seedDeployment(rig.api.store, { namespace: 'shop', name: 'checkout', replicas: 2, image: 'shop/checkout:1.0.0' });
  const current = deployment(rig.api);
  const spec = specOf(current);
  rig.api.store.put({ ...current, spec: { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, containers: [{ ...spec.template.spec.containers[0]!, image: 'shop/checkout:2.0.0' }] } } } });
  await waitFor(() => deployment(rig.api).metadata.annotations?.['deployment.kubernetes.io/revision'] === '2', 'revision 2');
  rig.api.requests.length = 0;
  return rig;
}

let rig: Rig;
afterEach(async () => rig.close());

describe('rollout-undo', () => {
  it('replaces the template with the previous ReplicaSet\'s (minus pod-template-hash), guarded by the generation, and verifies', async () => {
    rig = await twoRevisions();
    const generation = deployment(rig.api).metadata.generation;
    const oldSet = rig.api.store.all('apps/v1', 'ReplicaSet', 'shop').find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === '1')!;
    const expectedTemplate = structuredClone((oldSet['spec'] as Spec).template);
    delete expectedTemplate.metadata.labels['pod-template-hash'];

    const outcome = await rig.executor.execute(await offer(rig.store, undo()), 'U1');
    expect(outcome.status, outcome.message).toBe('succeeded');
    expect(outcome.message).toContain('from revision 2 to revision 1');
    const writes = rig.writes();
    expect(writes.map((w) => [w.method, w.path, w.query['dryRun'] ?? 'real', w.contentType])).toEqual([
      ['PATCH', DEPLOYMENT_PATH, 'All', 'application/json-patch+json'],
      ['PATCH', DEPLOYMENT_PATH, 'real', 'application/json-patch+json'],
    ]);
    expect(writes[1]!.body).toEqual([
      { op: 'test', path: '/metadata/generation', value: generation },
      { op: 'replace', path: '/spec/template', value: expectedTemplate },
    ]);
    expect(imageOf(rig.api)).toBe('shop/checkout:1.0.0');
    // The controller reuses the old ReplicaSet, which becomes the newest revision, as in a real cluster.
    expect(deployment(rig.api).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('refuses a revision that does not exist, the current one, and a Deployment with no earlier revision', async () => {
    rig = await twoRevisions();
    const missing = await rig.executor.execute(await offer(rig.store, undo(7)), 'U1');
    expect(missing.message).toBe('Not applied: Deployment shop/checkout has no revision 7 to roll back to (revisions kept: 1, 2)');
    const current = await rig.executor.execute(await offer(rig.store, undo(2)), 'U1');
    expect(current.message).toBe('Not applied: revision 2 is the current template of Deployment shop/checkout: nothing to roll back');
    seedDeployment(rig.api.store, { namespace: 'shop', name: 'cart', replicas: 1 });
    const only = await rig.executor.execute(await offer(rig.store, { ...undo(), target: deploymentTarget('cart') }), 'U1');
    expect(only.message).toBe('Not applied: Deployment shop/cart has no revision before the current one to roll back to (revisions kept: 1)');
    expect(rig.writes()).toEqual([]);
  });

  it('fails without overwriting a spec change made between the dry run and the write', async () => {
    const scaleInBetween = (writer: KubernetesWriter, api: KubeApiServer): KubernetesWriter => ({
      patch(ref, patch, type, options) {
        if (!options.dryRun) {
          const live = deployment(api);
          api.store.put({ ...live, spec: { ...specOf(live), replicas: 3 } });
        }
        return writer.patch(ref, patch, type, options);
      },
      delete: (ref, options) => writer.delete(ref, options),
      create: (object, options) => writer.create(object, options),
    });
    rig = await twoRevisions({ writer: scaleInBetween });
    const outcome = await rig.executor.execute(await offer(rig.store, undo()), 'U1');
    expect(outcome).toMatchObject({ status: 'failed', stage: 'apply' });
    expect(outcome.message).toContain('test failed at /metadata/generation');
    expect(imageOf(rig.api)).toBe('shop/checkout:2.0.0');
    expect(specOf(deployment(rig.api)).replicas).toBe(3);
  });

  it('fails with the API error of the real write and leaves the Deployment unchanged', async () => {
    rig = await twoRevisions({ writer: failingRealWrite(500) });
    const before = deployment(rig.api);
    const outcome = await rig.executor.execute(await offer(rig.store, undo()), 'U1');
    expect(outcome).toMatchObject({ status: 'failed', stage: 'apply' });
    expect(deployment(rig.api)['spec']).toEqual(before['spec']);
  });
});
