/**
 * Two replicas against one cluster: only the leader takes alarms, /readyz says who is who, and the
 * standby takes over when the leader goes away.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { Daemon } from '../../src/app/daemon.js';
import { alertmanagerWebhook } from '../../src/sim/alertmanager.js';
import { seedNamespace, startKubeApiServer, type KubeApiServer } from '../../src/sim/kube-api/index.js';
import { eventually } from '../support/daemon-harness.js';

const LEASE = { leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 200 };
let kube: KubeApiServer;
let dir: string;
const replicas: Daemon[] = [];

function replica(name: string): Daemon {
  const config = loadConfig({
    PORT: '0',
    TRIAGED_STORE_PATH: join(dir, `${name}.db`),
    TRIAGED_KUBERNETES_WATCH: 'false',
    TRIAGED_LEADER_ELECTION: 'true',
    POD_NAME: name,
    POD_NAMESPACE: 'triaged',
    TRIAGED_LOG_LEVEL: 'warn',
  });
  const silent = new Writable({ write: (_c, _e, done) => done() });
  const daemon = new Daemon(config, { kubernetesServer: kube.url, lease: LEASE, logDestination: silent });
  replicas.push(daemon);
  return daemon;
}

async function role(daemon: Daemon): Promise<string> {
  const body = (await (await fetch(`http://127.0.0.1:${daemon.port}/readyz`)).json()) as { checks: { role: string } };
  return body.checks.role;
}

const alarm = JSON.stringify(alertmanagerWebhook([{ labels: { alertname: 'KubePodCrashLooping', severity: 'warning', namespace: 'shop', deployment: 'gone' }, startsAt: '2026-11-23T10:00:00Z' }]));
const post = (daemon: Daemon): Promise<Response> =>
  fetch(`http://127.0.0.1:${daemon.port}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: alarm });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triaged-le-'));
  kube = await startKubeApiServer();
  seedNamespace(kube.store, 'triaged');
});

afterAll(async () => {
  await Promise.all(replicas.map((d) => d.stop()));
  await kube.close();
  await rm(dir, { recursive: true, force: true });
});

describe('two replicas with leader election', () => {
  it('elects one leader, lets only it take alarms, and hands over when it stops', async () => {
    const a = replica('triaged-a');
    await a.start();
    await eventually('a leads', async () => (await role(a)) === 'leader');
    const b = replica('triaged-b');
    await b.start();
    // b has had time to try the lease several times while a renews it
    await new Promise((r) => setTimeout(r, LEASE.retryPeriodMs * 4));
    expect(await role(b)).toBe('standby');
    expect((await fetch(`http://127.0.0.1:${b.port}/readyz`)).status).toBe(200);

    const onStandby = await post(b);
    expect(onStandby.status).toBe(503);
    expect(onStandby.headers.get('retry-after')).toBeTruthy();
    expect((await post(a)).status).toBe(202);

    const lease = kube.store.find('coordination.k8s.io/v1', 'Lease', 'triaged', 'triaged-leader');
    expect((lease?.spec as { holderIdentity?: string } | undefined)?.holderIdentity).toBe('triaged-a');

    await a.stop();
    await eventually('b takes over', async () => (await role(b)) === 'leader', LEASE.leaseDurationMs * 4);
    expect((await post(b)).status).toBe(202);
  });
});
