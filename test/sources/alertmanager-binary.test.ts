/**
 * The receiver behind the real Alertmanager (Debian `prometheus-alertmanager`) on loopback: alerts
 * posted to its API arrive through its webhook notifier, with its bearer token, firing then resolved.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/ports/logger.js';
import { createAlertmanagerHandler } from '../../src/sources/alertmanager/receiver.js';
import { MemorySink } from './helpers.js';
import { listen, type Loopback } from './http.js';

const BINARY = ['/usr/bin/prometheus-alertmanager', '/usr/bin/alertmanager', '/usr/local/bin/alertmanager'].find((p) => existsSync(p));
const TOKEN = 'am-to-triaged-3f9c1e7a5b2d8046';

if (!BINARY) {
  if (process.env['CI']) throw new Error('alertmanager binary not found but CI is set: install prometheus-alertmanager');
  console.warn('\n*** SKIPPING the real-Alertmanager test: no alertmanager binary (apt-get install prometheus-alertmanager) ***\n');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!BINARY)('Alertmanager 0.25 → receiver', () => {
  const sink = new MemorySink();
  let receiver: Loopback;
  let alertmanager: ChildProcess;
  let api: string;
  let dir: string;
  let output = '';

  beforeAll(async () => {
    receiver = await listen(createAlertmanagerHandler({ sink, token: TOKEN, maxBodyBytes: 1 << 20, logger: silentLogger }));
    dir = mkdtempSync(join(tmpdir(), 'triaged-am-'));
    writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      [
        'route:',
        '  receiver: triaged',
        "  group_by: ['alertname', 'namespace']",
        '  group_wait: 0s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: triaged',
        '    webhook_configs:',
        `      - url: http://127.0.0.1:${receiver.port}/webhooks/alertmanager`,
        '        send_resolved: true',
        '        http_config:',
        '          authorization:',
        '            type: Bearer',
        `            credentials_file: ${join(dir, 'token')}`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    alertmanager = spawn(
      BINARY as string,
      [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    alertmanager.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    alertmanager.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    for (let attempt = 0; ; attempt += 1) {
      const ready = await fetch(`${api}/-/ready`).then((r) => r.ok, () => false);
      if (ready) break;
      if (attempt > 100 || alertmanager.exitCode !== null) throw new Error(`alertmanager did not start:\n${output}`);
      await sleep(100);
    }
  });

  afterAll(async () => {
    if (alertmanager && alertmanager.exitCode === null) {
      const exited = new Promise((resolve) => alertmanager.once('exit', resolve));
      alertmanager.kill('SIGTERM');
      await exited;
    }
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function postAlerts(alerts: object[]): Promise<void> {
    const res = await fetch(`${api}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    expect(res.status, await res.text()).toBe(200);
  }

  const labels = (pod: string) => ({ alertname: 'KubePodCrashLooping', namespace: 'shop', pod, container: 'app', severity: 'critical', triaged_dev_chaos: 'crash-loop' });

  it('delivers firing alerts through the webhook, then their resolution', async () => {
    const startsAt = new Date().toISOString();
    const annotations = { description: 'keeps exiting' };
    await postAlerts([
      { labels: labels('checkout-7c9d8f6b5d-4xk2p'), annotations, startsAt },
      { labels: labels('checkout-7c9d8f6b5d-9qzt7'), annotations, startsAt },
    ]);
    // A group may be notified more than once (the first alert alone, then both): count distinct alerts.
    const distinct = (state: string) => new Map(sink.accepted.filter((a) => a.state === state).map((a) => [a.externalId, a]));
    await sink.until(() => distinct('firing').size === 2);
    const firing = [...distinct('firing').values()].sort((a, b) => (a.target.name ?? '').localeCompare(b.target.name ?? ''));
    expect(firing.map((a) => [a.name, a.state, a.severity, a.kind, a.drill, a.target])).toEqual([
      ['KubePodCrashLooping', 'firing', 'critical', 'crash', true, { namespace: 'shop', kind: 'Pod', name: 'checkout-7c9d8f6b5d-4xk2p' }],
      ['KubePodCrashLooping', 'firing', 'critical', 'crash', true, { namespace: 'shop', kind: 'Pod', name: 'checkout-7c9d8f6b5d-9qzt7' }],
    ]);
    expect(firing[0]?.externalId).toMatch(/^[0-9a-f]{16}$/);
    expect(firing[0]?.description).toBe('keeps exiting');

    const endsAt = new Date().toISOString();
    await postAlerts([
      { labels: labels('checkout-7c9d8f6b5d-4xk2p'), annotations, startsAt, endsAt },
      { labels: labels('checkout-7c9d8f6b5d-9qzt7'), annotations, startsAt, endsAt },
    ]);
    await sink.until(() => distinct('resolved').size === 2);
    expect([...distinct('resolved').keys()].sort()).toEqual([...distinct('firing').keys()].sort());
    expect([...distinct('resolved').values()].every((a) => a.endsAt !== undefined)).toBe(true);
    expect(sink.rejected).toEqual([]);
  });
});
