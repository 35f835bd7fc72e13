/**
 * The daemon's Kubernetes source under API faults: a dropped watch stream, 500s and a 429 with
 * Retry-After on list and watch, a 410 Gone after compaction. Each time the informers relist and
 * the source keeps raising alarms; nothing crashes. When the API keeps failing, the staleness
 * watchdog turns /readyz to 503 naming the stale informers, and back to 200 once it recovers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeApiServer } from '../../src/sim/kube-api/index.js';
import { eventually, startHarness, type Harness } from '../support/daemon-harness.js';
import { crashLooping } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { TRIAGED_KUBERNETES_WATCH: 'true', TRIAGED_WATCH_NAMESPACES: 'shop', TRIAGED_KUBERNETES_STALE_SECONDS: '1' } });
});

afterAll(async () => {
  await h?.close();
});

async function readyz(): Promise<{ status: number; kubernetes: string }> {
  const response = await fetch(`${h.baseUrl}/readyz`);
  const body = (await response.json()) as { checks: { kubernetes: string } };
  return { status: response.status, kubernetes: body.checks.kubernetes };
}

const podLists = (kube: KubeApiServer): number => kube.requests.filter((r) => r.path === '/api/v1/namespaces/shop/pods' && r.query.watch !== 'true' && r.status === 200).length;
const podWatches = (kube: KubeApiServer): number => kube.requests.filter((r) => r.path === '/api/v1/namespaces/shop/pods' && r.query.watch === 'true' && r.status === 200).length;

/**
 * A new crash-looping workload becomes an incident: the source is watching again. The incident
 * targets the workload, or one of its pods when a Warning event about the pod arrived before the
 * ReplicaSet informer knew the pod's owner (the workload's own alarm then joins it by correlation).
 */
async function raisesAlarmFor(name: string): Promise<void> {
  crashLooping(h.kube, name);
  const about = (target: string | undefined): boolean => target === name || (target ?? '').startsWith(`${name}-`);
  await eventually(`an incident for ${name} from the watch`, async () =>
    (await h.daemon.store.listIncidents({ limit: 50 })).find((i) => i.alarm.source === 'kubernetes' && about(i.alarm.target.name)),
    // a wait bound, not a timing claim: under a loaded CI machine the informer's backoff can run long
    60_000,
  );
}

describe('Kubernetes watch faults', { timeout: 150_000 }, () => {
  it('syncs, then resumes after a dropped watch stream', async () => {
    await eventually('ready and synced', async () => (await readyz()).kubernetes === 'synced');
    const watches = podWatches(h.kube);
    expect(h.kube.faults.dropWatches()).toBeGreaterThan(0);
    await eventually('the pod watch reopened', () => podWatches(h.kube) > watches);
    await raisesAlarmFor('after-drop');
  });

  it('recovers from 500s and a 429 with Retry-After on list and watch, relisting', async () => {
    const lists = podLists(h.kube);
    h.kube.faults.failNext({ path: '/namespaces/shop/pods', status: 500, watch: true });
    h.kube.faults.failNext({ path: '/namespaces/shop/pods', status: 500, watch: false });
    h.kube.faults.failNext({ path: '/namespaces/shop/pods', status: 429, retryAfterSeconds: 1, watch: false });
    h.kube.faults.dropWatches();
    await eventually('a successful relist of pods', () => podLists(h.kube) > lists, 30_000);
    const failed = h.kube.requests.filter((r) => r.path === '/api/v1/namespaces/shop/pods' && r.status >= 429).map((r) => r.status);
    expect(failed).toEqual(expect.arrayContaining([500, 429]));
    await eventually('synced again', async () => (await readyz()).kubernetes === 'synced', 30_000);
    await raisesAlarmFor('after-errors');
  });

  it('relists after 410 Gone when the history it resumes from was compacted', async () => {
    const lists = podLists(h.kube);
    h.kube.store.compact();
    h.kube.faults.expireNextWatch(3);
    h.kube.faults.dropWatches();
    await eventually('a relist after 410', () => podLists(h.kube) > lists, 30_000);
    expect(h.logLines.some((l) => l.msg === 'watch expired (410 Gone): relisting')).toBe(true);
    await eventually('synced again', async () => (await readyz()).kubernetes === 'synced', 30_000);
    await raisesAlarmFor('after-gone');
  });

  it('reports a stale watch on /readyz with 503 while the API keeps failing, and recovers', async () => {
    h.kube.faults.failNext({ path: '/namespaces/shop/', status: 500, count: 100_000 });
    h.kube.faults.dropWatches();
    const stale = await eventually('/readyz 503 stale', async () => {
      const answer = await readyz();
      return answer.status === 503 && answer.kubernetes;
    }, 30_000);
    expect(stale).toMatch(/^stale: .*Pod.* not synced, no list\/watch activity for \d+ s$/);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);

    h.kube.faults.reset();
    await eventually('/readyz 200 synced', async () => {
      const answer = await readyz();
      return answer.status === 200 && answer.kubernetes === 'synced';
    }, 60_000);
    await raisesAlarmFor('after-stale');
  }, 90_000);
});
