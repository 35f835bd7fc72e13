/** set-resources through the executor against the Kubernetes API fake: the patch, the bounds, the refusals, the rollback proposal. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Remediation, RemediationParams } from '../../src/domain/diagnosis.js';
import { seedDeployment } from '../../src/sim/kube-api/index.js';
import { auditEvents, deploymentTarget, failingRealWrite, offer, startRig, type Rig } from './harness.js';

const setResources = (params: RemediationParams, target = deploymentTarget()): Remediation => ({ action: 'set-resources', target, params: { container: 'app', ...params }, rationale: 'oom', risk: 'low' });
const DEPLOYMENT_PATH = '/apis/apps/v1/namespaces/shop/deployments/checkout';

interface Template {
  spec: { containers: { name: string; resources: unknown }[] };
}
const containerResources = (rig: Rig) => ((rig.api.store.find('apps/v1', 'Deployment', 'shop', 'checkout')?.['spec'] as { template: Template }).template.spec.containers[0]!.resources);

let rig: Rig;
afterEach(async () => rig.close());

describe('set-resources', () => {
  beforeEach(async () => {
    rig = await startRig();
    seedDeployment(rig.api.store, { namespace: 'shop', name: 'checkout', replicas: 2 });
  });

  it('sends one strategic merge patch of the container, dry run first, and verifies the rollout', async () => {
    const approval = await offer(rig.store, setResources({ limits: { memory: '384Mi' } }));
    const outcome = await rig.executor.execute(approval, 'U1');
    expect(outcome.status, outcome.message).toBe('succeeded');
    expect(outcome.message).toContain('memory limit 256Mi → 384Mi');
    const writes = rig.writes();
    expect(writes.map((w) => [w.method, w.path, w.query['dryRun'] ?? 'real'])).toEqual([
      ['PATCH', DEPLOYMENT_PATH, 'All'],
      ['PATCH', DEPLOYMENT_PATH, 'real'],
    ]);
    for (const write of writes) {
      expect(write.contentType).toBe('application/strategic-merge-patch+json');
      expect(write.body).toEqual({ spec: { template: { spec: { containers: [{ name: 'app', resources: { limits: { memory: '384Mi' } } }] } } } });
    }
    expect(containerResources(rig)).toEqual({ limits: { memory: '384Mi' }, requests: { cpu: '250m', memory: '256Mi' } });
    expect(await auditEvents(rig.store, approval)).toEqual([expect.stringMatching(/^dry-run: accepted/), expect.stringMatching(/^apply: /), expect.stringMatching(/^verify: verified: 2\/2 updated, 2\/2 ready/)]);
  });

  it('accepts any value where there is none yet', async () => {
    const outcome = await rig.executor.execute(await offer(rig.store, setResources({ limits: { cpu: '8' } })), 'U1');
    expect(outcome.status, outcome.message).toBe('succeeded');
    expect(outcome.message).toContain('cpu limit unset → 8');
  });

  it('refuses a raise above maxResourceFactor times the current value, writing nothing', async () => {
    const approval = await offer(rig.store, setResources({ limits: { memory: '2Gi' } }));
    const outcome = await rig.executor.execute(approval, 'U1');
    expect(outcome).toMatchObject({ status: 'failed', stage: 'policy', message: 'Refused by policy: memory limits 2Gi is more than 4x the current 256Mi (policy maxResourceFactor)' });
    expect(rig.writes()).toEqual([]);
    expect(await auditEvents(rig.store, approval)).toEqual([expect.stringMatching(/^refuse: policy: memory limits 2Gi/)]);
  });

  it('refuses requests above limits', async () => {
    const outcome = await rig.executor.execute(await offer(rig.store, setResources({ requests: { memory: '512Mi' } })), 'U1');
    expect(outcome.message).toBe('Not applied: container app would request more memory (512Mi) than its limit (256Mi)');
    expect(rig.writes()).toEqual([]);
  });

  it('refuses when the container no longer exists', async () => {
    const outcome = await rig.executor.execute(await offer(rig.store, setResources({ container: 'web', limits: { memory: '384Mi' } })), 'U1');
    expect(outcome.message).toBe('Not applied: container web no longer exists in Deployment shop/checkout (it has app)');
    expect(rig.writes()).toEqual([]);
  });

  it('refuses when someone already raised the limit above the proposal since the finding', async () => {
    seedDeployment(rig.api.store, { namespace: 'shop', name: 'checkout', replicas: 2, resources: { limits: { memory: '1Gi' }, requests: { memory: '256Mi' } } });
    const outcome = await rig.executor.execute(await offer(rig.store, setResources({ limits: { memory: '384Mi' } })), 'U1');
    expect(outcome.message).toBe('Not applied: the memory limit of container app is already 1Gi, at or above the proposed 384Mi: it changed since the finding');
    expect(rig.writes()).toEqual([]);
  });

  it('refuses kube-system and a target that is gone', async () => {
    const denied = await rig.executor.execute(await offer(rig.store, setResources({ limits: { memory: '384Mi' } }, deploymentTarget('coredns', 'kube-system'))), 'U1');
    expect(denied).toMatchObject({ stage: 'policy', message: 'Refused by policy: namespace kube-system is denied by policy' });
    const gone = await rig.executor.execute(await offer(rig.store, setResources({ limits: { memory: '384Mi' } }, deploymentTarget('nope'))), 'U1');
    expect(gone.message).toBe('Not applied: Deployment shop/nope no longer exists');
    expect(rig.writes()).toEqual([]);
  });
});

describe('set-resources whose new pods still crash', () => {
  beforeEach(async () => {
    rig = await startRig({ verifyDeadlineMs: 1_500 });
    seedDeployment(rig.api.store, { namespace: 'shop', name: 'checkout', replicas: 1 });
    rig.api.controllers?.markCrashLooping('shop', 'checkout', { exitCode: 137, restartCount: 2, fixedByRestart: false });
  });

  it('is not verified, names the restarting pod and proposes rollout-undo to the revision before', async () => {
    const outcome = await rig.executor.execute(await offer(rig.store, setResources({ limits: { memory: '384Mi' } })), 'U1');
    expect(outcome.status).toBe('not-verified');
    expect(outcome.message).toMatch(/with the new resources restarted 2 times \(last: OOMKilled\)/);
    expect(outcome.message).toContain('Proposed: rollout-undo to revision 1 to take the change back.');
    expect(outcome.status === 'not-verified' && outcome.undo).toEqual({ action: 'rollout-undo', target: deploymentTarget(), params: { toRevision: 1 }, rationale: expect.any(String), risk: 'medium' });
  });
});

describe('set-resources with an API error on the real write', () => {
  beforeEach(async () => {
    rig = await startRig({ writer: failingRealWrite(503) });
    seedDeployment(rig.api.store, { namespace: 'shop', name: 'checkout', replicas: 2 });
  });

  it('fails after the dry run and leaves the Deployment as it was', async () => {
    const before = rig.api.store.find('apps/v1', 'Deployment', 'shop', 'checkout');
    const outcome = await rig.executor.execute(await offer(rig.store, setResources({ limits: { memory: '384Mi' } })), 'U1');
    expect(outcome).toMatchObject({ status: 'failed', stage: 'apply' });
    expect(outcome.message).toContain('The dry run had passed; the request did not complete.');
    expect(rig.writes().map((w) => [w.query['dryRun'] ?? 'real', w.status])).toEqual([
      ['All', 200],
      ['real', 503],
    ]);
    const after = rig.api.store.find('apps/v1', 'Deployment', 'shop', 'checkout');
    expect(after?.['spec']).toEqual(before?.['spec']);
    expect(after?.metadata.generation).toBe(before?.metadata.generation);
  });
});
