/**
 * `triaged capture` and `triaged investigate` (src/app/cli/one-shot.ts) against the latency incident
 * (test/support/slow-checkout.ts): the same collectors as the daemon, run once, with the real
 * Prometheus, the X-Ray and Logs Insights fakes and the Kubernetes fake. capture writes a snapshot
 * that parseSnapshot accepts; investigate reads an Alertmanager webhook file and prints the diagnosis.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOneShot } from '../../src/app/cli/one-shot.js';
import { diagnose } from '../../src/domain/diagnosis/index.js';
import { parseSnapshot } from '../../src/domain/snapshot-parse.js';
import { alertmanagerWebhook } from '../../src/sim/alertmanager.js';
import { metricSources, outcomes, startWorld, type World } from '../support/playbook-world.js';
import { prometheusAvailable } from '../support/prometheus.js';
import { CHECKOUT_LATENCY_ALERT, slowCheckout } from '../support/slow-checkout.js';

interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

describe.skipIf(!prometheusAvailable())('triaged capture and investigate, end to end', () => {
  let world: World;
  let dir: string;

  beforeAll(async () => {
    world = await startWorld({ seed: slowCheckout });
    dir = await mkdtemp(join(tmpdir(), 'triaged-one-shot-'));
  }, 60_000);

  afterAll(async () => {
    await world?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function run(command: 'capture' | 'investigate', args: string[]): Promise<Output> {
    const out: Output = { code: -1, stdout: '', stderr: '' };
    const env = {
      TRIAGED_CLUSTER_NAME: 'test',
      TRIAGED_PROMETHEUS_URL: world.prometheus.url,
      TRIAGED_XRAY_ENABLED: 'true',
      TRIAGED_LOGS_INSIGHTS_ENABLED: 'true',
      AWS_REGION: 'us-east-1',
    };
    out.code = await runOneShot(command, args, { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s) }, { env, kubernetesServer: world.h.kube.url, clock: world.clock });
    return out;
  }

  it('capture --target writes a snapshot of the generic playbook that parseSnapshot accepts', async () => {
    const file = join(dir, 'checkout.snapshot.json');
    const result = await run('capture', ['--target', 'shop/Deployment/checkout', '--out', file]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toBe(`snapshot of generic playbook written to ${file}`);
    const snapshot = parseSnapshot(await readFile(file, 'utf8'));
    expect(snapshot).toMatchObject({ version: 1, playbook: 'generic', alarm: { source: 'manual', name: 'triaged capture', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' } } });
    expect(outcomes(snapshot.timeline ?? [])).toEqual({
      'resolve target': 'ok',
      events: 'ok',
      'previous container logs': 'empty',
      'current container logs': 'ok',
      nodes: 'ok',
      'rollout history': 'ok',
      'current usage': 'ok',
      'basic series': 'ok',
      'application error logs': 'ok',
      traces: 'ok',
    });
    expect(metricSources(snapshot)).toEqual({ container_cpu_usage_cores: 'prometheus', kube_pod_container_status_restarts_total: 'prometheus' });
    expect(snapshot.traces?.services).toHaveLength(4);
    expect(snapshot.logs?.[0]?.results.length).toBeGreaterThan(0);
    // The file replays offline: the same diagnosis as the live evidence gives.
    expect(diagnose(snapshot).category).toBe('dependency-failure');
  });

  it('capture without --out prints the snapshot on stdout', async () => {
    const result = await run('capture', ['--target', 'shop/Deployment/checkout', '--kind', 'latency']);
    expect(result.code).toBe(0);
    expect(parseSnapshot(result.stdout).playbook).toBe('high-latency');
  });

  it('investigate --alarm FILE --json prints the diagnosis with its playbook and timeline', async () => {
    const file = join(dir, 'alertmanager-webhook.json');
    await writeFile(file, JSON.stringify(alertmanagerWebhook([CHECKOUT_LATENCY_ALERT])));
    const result = await run('investigate', ['--alarm', file, '--json']);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { category: string; summary: string; playbook: string; timeline: { step: string; outcome: string }[]; target: unknown };
    expect(printed.category).toBe('dependency-failure');
    expect(printed.summary).toMatch(/payments/);
    expect(printed.playbook).toBe('high-latency');
    expect(Object.fromEntries(printed.timeline.map((s) => [s.step, s.outcome]))).toMatchObject({ traces: 'ok', 'application error logs': 'ok', 'latency and saturation series': 'ok' });
  });

  it('refuses a target it cannot read with exit code 2 and a reason', async () => {
    const result = await run('capture', ['--kind', 'latency']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--target/);
  });
});
