import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crashLoopingDeployment, startKubeApiServer, type KubeApiServer } from '../../src/sim/kube-api/index.js';
import { waitFor } from './helpers.js';

let api: KubeApiServer;

beforeEach(async () => {
  api = await startKubeApiServer({ historyLimit: 5, bookmarkIntervalMs: 20, controllers: { readyDelayMs: 20 } });
});

afterEach(async () => {
  await api.close();
});

/** Reads watch lines until `until` says stop, then aborts the stream. */
async function watchLines(query: string, until: (lines: { type: string; object: { metadata: Record<string, unknown>; code?: number } }[]) => boolean, act?: () => void) {
  const controller = new AbortController();
  const response = await fetch(`${api.url}/api/v1/namespaces/shop/configmaps?watch=1&${query}`, { signal: controller.signal });
  const lines: { type: string; object: { metadata: Record<string, unknown>; code?: number } }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  act?.();
  try {
    for await (const chunk of response.body!) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        lines.push(JSON.parse(buffer.slice(0, newline)));
        buffer = buffer.slice(newline + 1);
      }
      if (until(lines)) break;
    }
  } finally {
    controller.abort();
  }
  return lines;
}

function configMap(name: string): void {
  api.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop' }, data: { k: name } });
}

describe('fake API server watch protocol', () => {
  it('resumes from a resourceVersion, sends bookmarks, and answers 410 Expired once the history is gone', async () => {
    configMap('a');
    const rv = api.store.resourceVersion;
    configMap('b');
    const resumed = await watchLines(`resourceVersion=${rv}&allowWatchBookmarks=true`, (l) => l.some((e) => e.type === 'BOOKMARK'));
    expect(resumed[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'b' } } });
    for (const name of ['c', 'd', 'e', 'f', 'g', 'h']) configMap(name);
    const expired = await watchLines(`resourceVersion=${rv}`, (l) => l.length > 0);
    expect(expired[0]).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
  });

  it('sends initial events and the initial-events-end bookmark', async () => {
    configMap('a');
    const lines = await watchLines('sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true', (l) => l.some((e) => e.type === 'BOOKMARK'));
    expect(lines.map((l) => l.type)).toEqual(['ADDED', 'BOOKMARK']);
    expect(lines[1]?.object.metadata['annotations']).toEqual({ 'k8s.io/initial-events-end': 'true' });
  });

  it('answers Status objects for errors and 429 with Retry-After', async () => {
    const missing = await fetch(`${api.url}/api/v1/namespaces/shop/pods/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found', code: 404 });
    api.faults.failNext({ path: '/pods', status: 429, retryAfterSeconds: 2 });
    const throttled = await fetch(`${api.url}/api/v1/namespaces/shop/pods`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    const crd = await fetch(`${api.url}/apis/apps/v1/namespaces/shop/deployments/x`, { method: 'PATCH', headers: { 'content-type': 'application/apply-patch+yaml' }, body: '{}' });
    expect(crd.status).toBe(415);
  });

  it('keeps a crash-looping Deployment broken after a restart unless the scenario says a restart fixes it', async () => {
    crashLoopingDeployment(api, { namespace: 'shop', name: 'checkout', replicas: 2, exitCode: 1, fixedByRestart: false });
    const old = api.store.all('v1', 'Pod', 'shop').map((p) => p.metadata.name);
    const deployment = api.store.find('apps/v1', 'Deployment', 'shop', 'checkout')!;
    const spec = deployment['spec'] as { template: { metadata: Record<string, unknown> } };
    spec.template.metadata['annotations'] = { 'kubectl.kubernetes.io/restartedAt': '2026-11-22T10:04:13Z' };
    api.store.put(deployment);
    await waitFor(() => {
      const pods = api.store.all('v1', 'Pod', 'shop');
      return pods.length === 2 && pods.every((p) => !old.includes(p.metadata.name) && JSON.stringify(p['status']).includes('CrashLoopBackOff'));
    }, 'new pods that crash-loop too');
    const status = api.store.find('apps/v1', 'Deployment', 'shop', 'checkout')!['status'] as Record<string, unknown>;
    expect(status).toMatchObject({ replicas: 2, updatedReplicas: 2, unavailableReplicas: 2 });
    expect(status['readyReplicas']).toBeUndefined();
  });
});
