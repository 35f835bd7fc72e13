/** cordon-node through the executor against the Kubernetes API fake: the patch and the schedulable-nodes bound. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Remediation } from '../../src/domain/diagnosis.js';
import { seedNode } from '../../src/sim/kube-api/index.js';
import { auditEvents, failingRealWrite, offer, startRig, type Rig, type RigOptions } from './harness.js';

const cordon = (name: string): Remediation => ({ action: 'cordon-node', target: { kind: 'Node', name }, rationale: 'node pressure', risk: 'medium' });
const unschedulable = (rig: Rig, name: string): unknown => (rig.api.store.find('v1', 'Node', undefined, name)?.['spec'] as { unschedulable?: boolean }).unschedulable;

async function nodes(specs: Record<string, { ready?: boolean; unschedulable?: boolean }>, options: RigOptions = {}): Promise<Rig> {
  const started = await startRig(options);
  for (const [name, spec] of Object.entries(specs)) seedNode(started.api.store, name, spec);
  return started;
}

let rig: Rig;
afterEach(async () => rig.close());

describe('cordon-node', () => {
  it('merge-patches spec.unschedulable, dry run first, and verifies the node is unschedulable', async () => {
    rig = await nodes({ 'node-a': {}, 'node-b': {}, 'node-c': {} });
    const approval = await offer(rig.store, cordon('node-a'));
    const outcome = await rig.executor.execute(approval, 'U1');
    expect(outcome.status, outcome.message).toBe('succeeded');
    expect(outcome.message).toBe('Done: cordon node node-a (2 schedulable Ready nodes remain). Verified: node node-a is unschedulable.');
    expect(rig.writes().map((w) => [w.method, w.path, w.query['dryRun'] ?? 'real', w.contentType, w.body])).toEqual([
      ['PATCH', '/api/v1/nodes/node-a', 'All', 'application/merge-patch+json', { spec: { unschedulable: true } }],
      ['PATCH', '/api/v1/nodes/node-a', 'real', 'application/merge-patch+json', { spec: { unschedulable: true } }],
    ]);
    expect(unschedulable(rig, 'node-a')).toBe(true);
    expect(await auditEvents(rig.store, approval)).toHaveLength(3);
  });

  it('refuses when fewer than two schedulable Ready nodes would remain', async () => {
    rig = await nodes({ 'node-a': {}, 'node-b': {}, 'node-c': { ready: false }, 'node-d': { unschedulable: true } });
    const outcome = await rig.executor.execute(await offer(rig.store, cordon('node-a')), 'U1');
    expect(outcome).toMatchObject({ status: 'failed', stage: 'plan', message: 'Not applied: cordoning node node-a would leave 1 schedulable Ready node; triaged keeps at least 2' });
    expect(rig.writes()).toEqual([]);
    expect(unschedulable(rig, 'node-a')).toBeUndefined();
  });

  it('refuses a node already cordoned and one that is gone', async () => {
    rig = await nodes({ 'node-a': { unschedulable: true }, 'node-b': {}, 'node-c': {} });
    expect((await rig.executor.execute(await offer(rig.store, cordon('node-a')), 'U1')).message).toBe('Not applied: node node-a is already cordoned: nothing to change');
    expect((await rig.executor.execute(await offer(rig.store, cordon('node-x')), 'U1')).message).toBe('Not applied: node node-x no longer exists');
    expect(rig.writes()).toEqual([]);
  });

  it('fails with the API error of the real write and leaves the node schedulable', async () => {
    rig = await nodes({ 'node-a': {}, 'node-b': {}, 'node-c': {} }, { writer: failingRealWrite(500) });
    const outcome = await rig.executor.execute(await offer(rig.store, cordon('node-a')), 'U1');
    expect(outcome).toMatchObject({ status: 'failed', stage: 'apply' });
    expect(unschedulable(rig, 'node-a')).toBeUndefined();
  });
});
