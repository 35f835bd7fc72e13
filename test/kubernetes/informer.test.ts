import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubernetesAdapter, ResilientInformer } from '../../src/adapters/kubernetes/index.js';
import type { WatchEvent } from '../../src/ports/kubernetes.js';
import { seedDeployment, startKubeApiServer, type KubeApiServer } from '../../src/sim/kube-api/index.js';
import { waitFor } from './helpers.js';

let api: KubeApiServer;
let informer: ResilientInformer;
let events: WatchEvent[];

function podNames(): string[] {
  return informer.list().map((p) => p.metadata?.name ?? '').sort();
}

function storeNames(): string[] {
  return api.store.all('v1', 'Pod', 'shop').map((p) => p.metadata.name ?? '').sort();
}

function addPod(name: string): void {
  api.store.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop' }, spec: { containers: [{ name: 'app', image: 'busybox' }] } });
}

async function relistedAfter(trigger: () => void): Promise<void> {
  const lists = (): number => api.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/namespaces/shop/pods' && r.query['watch'] === undefined && r.status === 200).length;
  const before = lists();
  let sawUnsynced = false;
  const watcher = setInterval(() => (sawUnsynced ||= !informer.synced), 1);
  // Slow requests keep the relist window open long enough to observe `synced` false.
  api.faults.setDelay(50);
  try {
    trigger();
    await waitFor(() => lists() > before && informer.synced, 'a successful relist');
  } finally {
    clearInterval(watcher);
    api.faults.setDelay(0);
  }
  expect(sawUnsynced).toBe(true);
}

beforeEach(async () => {
  api = await startKubeApiServer({ controllers: false });
  seedDeployment(api.store, { namespace: 'shop', name: 'cart', replicas: 2 });
  const kube = createKubernetesAdapter({ server: api.url, rateLimit: { qps: 1000, burst: 1000 } });
  events = [];
  informer = new ResilientInformer({
    client: kube.client,
    resources: kube.resources,
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: 'shop',
    onEvent: (e) => events.push(e),
    backoff: { initialMs: 20, maxMs: 200 },
  });
  await informer.start();
  await waitFor(() => informer.synced, 'first sync');
});

afterEach(async () => {
  await informer.stop();
  await api.close();
});

describe('ResilientInformer', () => {
  it('lists, then streams add/update/delete', async () => {
    expect(events.filter((e) => e.type === 'ADDED')).toHaveLength(2);
    expect(informer.lastActivityAt).toBeGreaterThan(0);
    addPod('extra');
    await waitFor(() => events.some((e) => e.type === 'ADDED' && e.object.metadata?.name === 'extra'), 'ADDED extra');
    api.store.put({ ...api.store.find('v1', 'Pod', 'shop', 'extra')!, metadata: { ...api.store.find('v1', 'Pod', 'shop', 'extra')!.metadata, labels: { x: 'y' } } });
    await waitFor(() => events.some((e) => e.type === 'MODIFIED' && e.object.metadata?.name === 'extra'), 'MODIFIED extra');
    api.store.remove('v1', 'Pod', 'shop', 'extra');
    await waitFor(() => events.some((e) => e.type === 'DELETED' && e.object.metadata?.name === 'extra'), 'DELETED extra');
    expect(podNames()).toEqual(storeNames());
  });

  it('recovers from a dropped stream and catches up on what it missed', async () => {
    await waitFor(() => api.faults.openWatches === 1, 'an open watch');
    await relistedAfter(() => {
      api.faults.dropWatches();
      addPod('while-dropped');
    });
    await waitFor(() => podNames().includes('while-dropped'), 'the missed pod');
    expect(podNames()).toEqual(storeNames());
  });

  it('restarts after a 500 and a 429 on the list and the watch', async () => {
    await waitFor(() => api.faults.openWatches === 1, 'an open watch');
    api.faults.failNext({ path: '/api/v1/namespaces/shop/pods', status: 500, watch: false });
    api.faults.failNext({ path: '/api/v1/namespaces/shop/pods', status: 429, watch: true, retryAfterSeconds: 1 });
    await relistedAfter(() => api.faults.dropWatches());
    addPod('after-errors');
    await waitFor(() => podNames().includes('after-errors'), 'a pod after the errors');
    const statuses = api.requests.filter((r) => r.path === '/api/v1/namespaces/shop/pods').map((r) => r.status);
    expect(statuses).toContain(500);
    expect(statuses).toContain(429);
    expect(podNames()).toEqual(storeNames());
  });

  it('relists on 410 Gone, dropping objects deleted meanwhile', async () => {
    await waitFor(() => api.faults.openWatches === 1, 'an open watch');
    const victim = storeNames()[0]!;
    await relistedAfter(() => {
      api.faults.expireNextWatch();
      api.faults.dropWatches();
    });
    // A history too short for the informer's resourceVersion gives a real 410 too.
    await informer.stop();
    api.store.remove('v1', 'Pod', 'shop', victim);
    api.store.compact();
    await relistedAfter(() => void informer.start());
    await waitFor(() => !podNames().includes(victim), 'the deleted pod to leave the cache');
    expect(events.some((e) => e.type === 'DELETED' && e.object.metadata?.name === victim)).toBe(true);
    expect(podNames()).toEqual(storeNames());
  });
});
