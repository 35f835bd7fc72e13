/** scale through the executor against the Kubernetes API fake: the scale subresource, HPA, bounds. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Remediation } from '../../src/domain/diagnosis.js';
import { seedDeployment } from '../../src/sim/kube-api/index.js';
import { auditEvents, deploymentTarget, failingRealWrite, offer, startRig, type Rig } from './harness.js';

const scaleTo = (replicas: number, target = deploymentTarget()): Remediation => ({ action: 'scale', target, params: { replicas }, rationale: 'load', risk: 'medium' });
const SCALE_PATH = '/apis/apps/v1/namespaces/shop/deployments/checkout/scale';

let rig: Rig;
afterEach(async () => rig.close());

describe('scale', () => {
  beforeEach(async () => {
    rig = await startRig();
    seedDeployment(rig.api.store, { namespace: 'shop', name: 'checkout', replicas: 2 });
  });

  it('patches the scale subresource, dry run first, and verifies the ready replicas', async () => {
    const approval = await offer(rig.store, scaleTo(4));
    const outcome = await rig.executor.execute(approval, 'U1');
    expect(outcome.status, outcome.message).toBe('succeeded');
    expect(outcome.message).toContain('from 2 to 4 replicas');
    const writes = rig.writes();
    expect(writes.map((w) => [w.method, w.path, w.query['dryRun'] ?? 'real'])).toEqual([
      ['PATCH', SCALE_PATH, 'All'],
      ['PATCH', SCALE_PATH, 'real'],
    ]);
    for (const write of writes) {
      expect(write.contentType).toBe('application/merge-patch+json');
      expect(write.body).toEqual({ spec: { replicas: 4 } });
    }
    const deployment = rig.api.store.find('apps/v1', 'Deployment', 'shop', 'checkout');
    expect((deployment?.['spec'] as { replicas: number }).replicas).toBe(4);
    expect((deployment?.['status'] as { readyReplicas: number }).readyReplicas).toBe(4);
    expect(await auditEvents(rig.store, approval)).toEqual([expect.stringMatching(/^dry-run: accepted/), expect.stringMatching(/^apply: Deployment checkout scaled/), expect.stringMatching(/^verify: verified: 4\/4 ready/)]);
  });

  it('serializes two approvals racing on the same target: each dry run is followed by its own write', async () => {
    const first = await offer(rig.store, scaleTo(3));
    const second = await offer(rig.store, scaleTo(4));
    const outcomes = await Promise.all([rig.executor.execute(first, 'U1'), rig.executor.execute(second, 'U2')]);
    expect(outcomes.map((o) => o.status)).toEqual(['succeeded', 'succeeded']);
    const writes = rig.writes().map((w) => [w.query['dryRun'] ?? 'real', (w.body as { spec: { replicas: number } }).spec.replicas]);
    expect(writes).toEqual([
      ['All', 3],
      ['real', 3],
      ['All', 4],
      ['real', 4],
    ]);
  });

  it('refuses above the policy maximum without reading or writing', async () => {
    const approval = await offer(rig.store, scaleTo(20));
    const outcome = await rig.executor.execute(approval, 'U1');
    expect(outcome).toMatchObject({ status: 'failed', stage: 'policy' });
    expect(outcome.message).toContain('exceeds the policy maximum of 10');
    expect(rig.writes()).toEqual([]);
    expect(await auditEvents(rig.store, approval)).toEqual([expect.stringMatching(/^refuse: policy: scale to 20/)]);
  });

  it('refuses kube-system (a denied namespace)', async () => {
    seedDeployment(rig.api.store, { namespace: 'kube-system', name: 'coredns', replicas: 2 });
    const outcome = await rig.executor.execute(await offer(rig.store, scaleTo(3, deploymentTarget('coredns', 'kube-system'))), 'U1');
    expect(outcome).toMatchObject({ status: 'failed', stage: 'policy', message: 'Refused by policy: namespace kube-system is denied by policy' });
    expect(rig.writes()).toEqual([]);
  });

  it('refuses a Deployment an HPA manages and says to scale the HPA', async () => {
    rig.api.store.put({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'checkout-hpa', namespace: 'shop' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout' }, minReplicas: 2, maxReplicas: 8 },
    });
    const outcome = await rig.executor.execute(await offer(rig.store, scaleTo(4)), 'U1');
    expect(outcome).toMatchObject({ status: 'failed', stage: 'plan' });
    expect(outcome.message).toContain('HorizontalPodAutoscaler checkout-hpa manages Deployment shop/checkout');
    expect(outcome.message).toContain('scale the HPA');
    expect(rig.writes()).toEqual([]);
  });

  it('refuses when the replicas already equal the target, or the Deployment is gone', async () => {
    const same = await rig.executor.execute(await offer(rig.store, scaleTo(2)), 'U1');
    expect(same.message).toBe('Not applied: Deployment shop/checkout already has 2 replicas: nothing to change');
    const gone = await rig.executor.execute(await offer(rig.store, scaleTo(3, deploymentTarget('nope'))), 'U1');
    expect(gone.message).toBe('Not applied: Deployment shop/nope no longer exists');
    expect(rig.writes()).toEqual([]);
  });

  it('counts a scale-down as needing two approvers, a scale-up as one', async () => {
    expect(await rig.executor.approversNeeded(scaleTo(1))).toBe(2);
    expect(await rig.executor.approversNeeded(scaleTo(5))).toBe(1);
  });
});

describe('scale with an API error on the real write', () => {
  beforeEach(async () => {
    rig = await startRig({ writer: failingRealWrite(500) });
    seedDeployment(rig.api.store, { namespace: 'shop', name: 'checkout', replicas: 2 });
  });

  it('fails with a clear message after a passing dry run and changes nothing', async () => {
    const before = rig.api.store.find('apps/v1', 'Deployment', 'shop', 'checkout');
    const outcome = await rig.executor.execute(await offer(rig.store, scaleTo(4)), 'U1');
    expect(outcome).toMatchObject({ status: 'failed', stage: 'apply' });
    expect(outcome.message).toMatch(/^Applying "scale Deployment shop\/checkout from 2 to 4 replicas" failed: .*500.*The dry run had passed/s);
    expect(rig.writes().map((w) => [w.query['dryRun'] ?? 'real', w.status])).toEqual([
      ['All', 200],
      ['real', 500],
    ]);
    const after = rig.api.store.find('apps/v1', 'Deployment', 'shop', 'checkout');
    expect(after?.['spec']).toEqual(before?.['spec']);
  });
});
