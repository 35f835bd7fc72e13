import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubernetesAdapter, type KubernetesAdapter } from '../../src/adapters/kubernetes/index.js';
import { TriagedError } from '../../src/domain/errors.js';
import { crashLoopingDeployment, seedDeployment, seedEvent, seedPodMetrics, startKubeApiServer, type KubeApiServer } from '../../src/sim/kube-api/index.js';

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'checkout' } as const;

let api: KubeApiServer;
let kube: KubernetesAdapter;

beforeEach(async () => {
  api = await startKubeApiServer({ controllers: false });
  kube = createKubernetesAdapter({ server: api.url, rateLimit: { qps: 1000, burst: 1000 } });
  crashLoopingDeployment(api, { namespace: 'shop', name: 'checkout', replicas: 3, exitCode: 137, logs: 'starting\nheap grows\nFATAL: JavaScript heap out of memory\n' });
  seedDeployment(api.store, { namespace: 'shop', name: 'cart', replicas: 2 });
  seedDeployment(api.store, { namespace: 'billing', name: 'invoices', replicas: 1 });
});

afterEach(async () => {
  await api.close();
});

async function rejection(promise: Promise<unknown>): Promise<TriagedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TriagedError);
  return error as TriagedError;
}

describe('KubeApiReader against the fake API server', () => {
  it('gets an object verbatim and returns null for a missing one', async () => {
    const deployment = await kube.reader.get(DEPLOYMENT);
    expect(deployment?.metadata?.name).toBe('checkout');
    expect((deployment?.['spec'] as { replicas: number }).replicas).toBe(3);
    expect(await kube.reader.get({ ...DEPLOYMENT, name: 'nope' })).toBeNull();
    const node = await kube.reader.get({ apiVersion: 'v1', kind: 'Node', name: 'ip-10-0-3-17.eu-west-1.compute.internal' });
    expect(node?.kind).toBe('Node');
  });

  it('lists with label and field selectors, across namespaces, and fills in kind', async () => {
    const all = await kube.reader.list({ apiVersion: 'v1', kind: 'Pod' });
    expect(all).toHaveLength(6);
    expect(all.every((p) => p.kind === 'Pod' && p.apiVersion === 'v1')).toBe(true);
    expect(await kube.reader.list({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop' })).toHaveLength(5);
    expect(await kube.reader.list({ apiVersion: 'v1', kind: 'Pod', labelSelector: 'app.kubernetes.io/name=checkout' })).toHaveLength(3);
    expect(await kube.reader.list({ apiVersion: 'v1', kind: 'Pod', labelSelector: 'app.kubernetes.io/name!=checkout' })).toHaveLength(3);
    expect(await kube.reader.list({ apiVersion: 'v1', kind: 'Pod', labelSelector: 'app.kubernetes.io/name in (cart, invoices)' })).toHaveLength(3);
    expect(await kube.reader.list({ apiVersion: 'v1', kind: 'Pod', labelSelector: 'app.kubernetes.io/name notin (cart)' })).toHaveLength(4);
    expect(await kube.reader.list({ apiVersion: 'v1', kind: 'Pod', labelSelector: 'pod-template-hash' })).toHaveLength(6);
    expect(await kube.reader.list({ apiVersion: 'v1', kind: 'Pod', labelSelector: '!pod-template-hash' })).toHaveLength(0);
    const pod = all[0]!;
    expect(await kube.reader.list({ apiVersion: 'v1', kind: 'Pod', fieldSelector: `metadata.name=${pod.metadata?.name}` })).toHaveLength(1);
    expect(await kube.reader.list({ apiVersion: 'v1', kind: 'Pod', fieldSelector: 'status.phase=Running,spec.nodeName=ip-10-0-3-17.eu-west-1.compute.internal' })).toHaveLength(6);
    const events = await kube.reader.list({ apiVersion: 'v1', kind: 'Event', namespace: 'shop', fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${(await kube.reader.list({ apiVersion: 'v1', kind: 'Pod', labelSelector: 'app.kubernetes.io/name=checkout' }))[0]!.metadata?.name},type=Warning` });
    expect(events).toHaveLength(1);
    expect(events[0]?.['reason']).toBe('BackOff');
  });

  it('follows continue tokens and stops at a limit', async () => {
    for (let i = 0; i < 30; i += 1) seedEvent(api.store, { namespace: 'shop', involvedObject: { kind: 'Pod', name: `p${i}` }, reason: 'Pulled', message: 'ok', type: 'Normal' });
    api.requests.length = 0;
    expect(await kube.reader.list({ apiVersion: 'v1', kind: 'Event', namespace: 'shop', limit: 7 })).toHaveLength(7);
    const first = api.requests.find((r) => r.path === '/api/v1/namespaces/shop/events');
    expect(first?.query['limit']).toBe('7');
    // The server pages at 500 for the adapter; with a smaller page from the server's side the adapter follows `continue`.
    const page = await fetch(`${api.url}/api/v1/namespaces/shop/events?limit=10`).then((r) => r.json() as Promise<{ metadata: { continue?: string; remainingItemCount?: number } }>);
    expect(page.metadata.continue).toBeTruthy();
    expect(page.metadata.remainingItemCount).toBe(23);
    const next = await fetch(`${api.url}/api/v1/namespaces/shop/events?limit=30&continue=${page.metadata.continue}`).then((r) => r.json() as Promise<{ items: unknown[]; metadata: { continue?: string } }>);
    expect(next.items).toHaveLength(23);
    expect(next.metadata.continue).toBeUndefined();
  });

  it('reads current and previous logs with tailLines and limitBytes, empty when there is no previous log', async () => {
    const pod = (await kube.reader.list({ apiVersion: 'v1', kind: 'Pod', labelSelector: 'app.kubernetes.io/name=checkout' }))[0]!;
    const name = pod.metadata?.name ?? '';
    expect(await kube.reader.podLog({ namespace: 'shop', pod: name, container: 'app', previous: true, tailLines: 1 })).toBe('FATAL: JavaScript heap out of memory\n');
    expect(await kube.reader.podLog({ namespace: 'shop', pod: name, container: 'app', previous: false, tailLines: 100, limitBytes: 8 })).toBe('starting');
    const cart = (await kube.reader.list({ apiVersion: 'v1', kind: 'Pod', labelSelector: 'app.kubernetes.io/name=cart' }))[0]!;
    expect(await kube.reader.podLog({ namespace: 'shop', pod: cart.metadata?.name ?? '', container: 'app', previous: true, tailLines: 10 })).toBe('');
    const missing = await rejection(kube.reader.podLog({ namespace: 'shop', pod: 'gone', container: 'app', previous: false, tailLines: 10 }));
    expect(missing.code).toBe('KUBERNETES_NOT_FOUND');
    expect(missing.message).toContain('shop/gone');
  });

  it('serves metrics.k8s.io PodMetrics', async () => {
    const pod = (await kube.reader.list({ apiVersion: 'v1', kind: 'Pod', labelSelector: 'app.kubernetes.io/name=checkout' }))[0]!;
    seedPodMetrics(api.store, pod as never, { app: { cpu: '251347812n', memory: '243188Ki' } });
    const metrics = await kube.reader.list({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'PodMetrics', namespace: 'shop' });
    expect(metrics).toHaveLength(1);
    expect((metrics[0]?.['containers'] as { usage: { memory: string } }[])[0]?.usage.memory).toBe('243188Ki');
  });
});

describe('KubeApiWriter against the fake API server', () => {
  it('sends each patch type with its Content-Type and applies it', async () => {
    api.requests.length = 0;
    await kube.writer.patch(DEPLOYMENT, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-22T10:04:13Z' } } } } }, 'strategic', { dryRun: false });
    await kube.writer.patch(DEPLOYMENT, { spec: { template: { spec: { containers: [{ name: 'app', resources: { limits: { memory: '512Mi' } } }] } } } }, 'strategic', { dryRun: false });
    await kube.writer.patch(DEPLOYMENT, { metadata: { labels: { team: 'payments' } } }, 'merge', { dryRun: false });
    await kube.writer.patch(DEPLOYMENT, [{ op: 'replace', path: '/spec/replicas', value: 5 }], 'json', { dryRun: false });
    const types = api.requests.filter((r) => r.method === 'PATCH').map((r) => r.contentType);
    expect(types).toEqual(['application/strategic-merge-patch+json', 'application/strategic-merge-patch+json', 'application/merge-patch+json', 'application/json-patch+json']);
    const stored = api.store.find('apps/v1', 'Deployment', 'shop', 'checkout')!;
    const spec = stored['spec'] as { replicas: number; template: { metadata: { annotations: Record<string, string> }; spec: { containers: { name: string; image: string; resources: { limits: Record<string, string> } }[] } } };
    expect(spec.replicas).toBe(5);
    expect(spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe('2026-11-22T10:04:13Z');
    expect(spec.template.spec.containers).toHaveLength(1);
    expect(spec.template.spec.containers[0]?.image).toContain('checkout');
    expect(spec.template.spec.containers[0]?.resources.limits['memory']).toBe('512Mi');
    expect(stored.metadata.labels?.['team']).toBe('payments');
    expect(stored.metadata.generation).toBe(4);
  });

  it('dry-runs every write with dryRun=All and persists nothing', async () => {
    const before = api.store.find('apps/v1', 'Deployment', 'shop', 'checkout')!;
    api.requests.length = 0;
    const wouldBe = await kube.writer.patch(DEPLOYMENT, { spec: { replicas: 9 } }, 'strategic', { dryRun: true });
    expect((wouldBe['spec'] as { replicas: number }).replicas).toBe(9);
    expect(wouldBe.metadata?.['resourceVersion']).toBe(before.metadata.resourceVersion);
    await kube.writer.delete({ apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: api.store.all('v1', 'Pod', 'shop')[0]!.metadata.name! }, { dryRun: true });
    await kube.writer.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'shop' }, data: { a: '1' } }, { dryRun: true });
    expect(api.requests.filter((r) => r.method !== 'GET').every((r) => r.query['dryRun'] === 'All')).toBe(true);
    expect(api.store.find('apps/v1', 'Deployment', 'shop', 'checkout')).toEqual(before);
    expect(api.store.all('v1', 'Pod', 'shop')).toHaveLength(5);
    expect(api.store.find('v1', 'ConfigMap', 'shop', 'cm')).toBeUndefined();
  });

  it('creates, deletes (with garbage collection of owned pods) and maps errors', async () => {
    const created = await kube.writer.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'shop' }, data: { a: '1' } }, { dryRun: false });
    expect(created.metadata?.uid).toBeTruthy();
    const exists = await rejection(kube.writer.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'shop' } }, { dryRun: false }));
    expect(exists.code).toBe('KUBERNETES_CONFLICT');
    expect(exists.retryable).toBe(false);
    expect(exists.message).toContain('ConfigMap shop/cm');

    const rs = api.store.all('apps/v1', 'ReplicaSet', 'shop').find((r) => r.metadata.name?.startsWith('checkout-'))!;
    await kube.writer.delete({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'shop', name: rs.metadata.name! }, { dryRun: false });
    expect(api.store.all('v1', 'Pod', 'shop').filter((p) => p.metadata.name?.startsWith('checkout-'))).toHaveLength(0);

    const notFound = await rejection(kube.writer.patch({ ...DEPLOYMENT, name: 'nope' }, { spec: { replicas: 1 } }, 'merge', { dryRun: false }));
    expect(notFound.code).toBe('KUBERNETES_NOT_FOUND');
    expect(notFound.message).toContain('apps/v1 Deployment shop/nope');

    const invalid = await rejection(kube.writer.patch(DEPLOYMENT, { spec: { replicas: -1 } }, 'merge', { dryRun: true }));
    expect(invalid.code).toBe('KUBERNETES_API');
    expect(invalid.retryable).toBe(false);
    expect(invalid.message).toContain('422');

    const stale = await rejection(kube.writer.patch(DEPLOYMENT, { metadata: { resourceVersion: '1' }, spec: { replicas: 2 } }, 'merge', { dryRun: false }));
    expect(stale.code).toBe('KUBERNETES_CONFLICT');
    expect(stale.retryable).toBe(true);

    api.faults.failNext({ path: '/deployments/checkout', status: 429, retryAfterSeconds: 3 });
    const throttled = await rejection(kube.reader.get(DEPLOYMENT));
    expect(throttled).toMatchObject({ code: 'KUBERNETES_API', retryable: true });
    expect(throttled.context['retryAfterSeconds']).toBe(3);

    api.faults.failNext({ path: '/deployments/checkout', status: 500 });
    expect(await rejection(kube.reader.get(DEPLOYMENT))).toMatchObject({ code: 'KUBERNETES_API', retryable: true });

    const unknownKind = await rejection(kube.reader.get({ apiVersion: 'apps/v1', kind: 'Gizmo', name: 'x' }));
    expect(unknownKind.code).toBe('KUBERNETES_NOT_FOUND');
  });

  it('maps a refused connection to a retryable KUBERNETES_API error', async () => {
    const port = api.port;
    await api.close();
    const offline = createKubernetesAdapter({ server: `http://127.0.0.1:${port}` });
    const error = await rejection(offline.reader.get(DEPLOYMENT));
    expect(error).toMatchObject({ code: 'KUBERNETES_API', retryable: true });
    api = await startKubeApiServer({ controllers: false });
  });

  it('rate-limits requests on the client side', async () => {
    const slow = createKubernetesAdapter({ server: api.url, rateLimit: { qps: 20, burst: 2 } });
    api.requests.length = 0;
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, () => slow.reader.get(DEPLOYMENT)));
    // 7 requests (one discovery) with 2 per 100 ms cannot all start in the first window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });
});
