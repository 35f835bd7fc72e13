import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubernetesAdapter, LeaderElector } from '../../src/adapters/kubernetes/index.js';
import { startKubeApiServer, type KubeApiServer } from '../../src/sim/kube-api/index.js';
import { waitFor } from './helpers.js';

let api: KubeApiServer;
const electors: LeaderElector[] = [];

function elector(identity: string, log: string[]): LeaderElector {
  const { client } = createKubernetesAdapter({ server: api.url, rateLimit: { qps: 1000, burst: 1000 } });
  const e = new LeaderElector({
    client,
    namespace: 'triaged',
    leaseName: 'triaged-leader',
    identity,
    leaseDurationMs: 1500,
    renewDeadlineMs: 1000,
    retryPeriodMs: 100,
    onStartedLeading: () => log.push(`${identity} started`),
    onStoppedLeading: () => log.push(`${identity} stopped`),
  });
  electors.push(e);
  return e;
}

beforeEach(async () => {
  api = await startKubeApiServer({ controllers: false });
});

afterEach(async () => {
  await Promise.all(electors.splice(0).map((e) => e.stop()));
  await api.close();
});

function holder(): string | undefined {
  return (api.store.find('coordination.k8s.io/v1', 'Lease', 'triaged', 'triaged-leader')?.['spec'] as { holderIdentity?: string } | undefined)?.holderIdentity;
}

describe('LeaderElector', () => {
  it('elects one leader; the other takes over when the leader stops renewing', async () => {
    const log: string[] = [];
    const a = elector('pod-a', log);
    a.start();
    await waitFor(() => a.isLeader, 'pod-a to lead');
    const b = elector('pod-b', log);
    b.start();
    // b campaigns for several retry periods without winning while a renews.
    await waitFor(() => api.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/leases/triaged-leader')).length > 20, 'several rounds');
    expect(b.isLeader).toBe(false);
    expect(holder()).toBe('pod-a');

    await a.stop({ release: false });
    await waitFor(() => b.isLeader, 'pod-b to take over');
    expect(holder()).toBe('pod-b');
    expect(log).toEqual(['pod-a started', 'pod-a stopped', 'pod-b started']);
    const lease = api.store.find('coordination.k8s.io/v1', 'Lease', 'triaged', 'triaged-leader')!;
    expect((lease['spec'] as { leaseTransitions: number }).leaseTransitions).toBe(1);
    // Writes carried the resourceVersion they read (optimistic concurrency).
    expect(api.requests.filter((r) => r.method === 'PUT').every((r) => typeof (r.body as { metadata: { resourceVersion?: string } }).metadata.resourceVersion === 'string')).toBe(true);
  });

  it('releases the lease on a clean stop so a standby leads at once', async () => {
    const log: string[] = [];
    const a = elector('pod-a', log);
    a.start();
    await waitFor(() => a.isLeader, 'pod-a to lead');
    const b = elector('pod-b', log);
    b.start();
    await a.stop();
    expect(holder()).toBe('');
    await waitFor(() => b.isLeader, 'pod-b to take over');
  });

  it('gives up leadership when renewals keep failing past the renew deadline', async () => {
    const log: string[] = [];
    const a = elector('pod-a', log);
    a.start();
    await waitFor(() => a.isLeader, 'pod-a to lead');
    api.faults.failNext({ path: '/leases/triaged-leader', status: 500, count: 1000 });
    await waitFor(() => !a.isLeader, 'pod-a to step down');
    expect(log).toEqual(['pod-a started', 'pod-a stopped']);
    api.faults.reset();
  });
});
