/**
 * Right-sizing against a real Prometheus: a week of backfilled cAdvisor usage with known P95s
 * (CPU steady at 100m, memory at 100Mi with short spikes to 400Mi that the P95 ignores), the
 * recommended values and saving, a container with too little data skipped, and `triaged rightsize --json`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../src/adapters/prometheus/client.js';
import { createKubernetesAdapter } from '../../src/adapters/kubernetes/index.js';
import { openSqliteStore } from '../../src/adapters/store/sqlite-store.js';
import { runRightsizeCommand } from '../../src/app/cli/rightsize.js';
import { offerRightsizing, rightsizeWorkloads } from '../../src/core/assistant/rightsizing.js';
import { DEFAULT_RIGHTSIZING, rightsize, type Recommendation } from '../../src/domain/rightsizing.js';
import { seedDeployment, startKubeApiServer, type KubeApiServer } from '../../src/sim/kube-api/index.js';
import { counter, gauge, renderOpenMetrics, times, type Family } from '../support/openmetrics.js';
import { prometheusAvailable, startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { RecordingNotifier } from './support.js';

const MI = 2 ** 20;
const NOW = Date.parse('2026-11-22T09:00:00Z');
const END = NOW / 1000;
const WEEK = 7 * 86_400;
const PODS = ['checkout-7c9d8f6b5d-4xk2p', 'checkout-7c9d8f6b5d-9qzt7'];

function usageFamilies(): Family[] {
  const families: Family[] = [];
  const week = times({ start: END - WEEK, minutes: WEEK / 60, stepSeconds: 60 });
  for (const pod of PODS) {
    const labels = { namespace: 'shop', pod, container: 'app' };
    families.push(counter('container_cpu_usage_seconds', labels, week.map((t) => [t, 0.1 * (t - (END - WEEK))])));
    // 2% of each day (a nightly batch) at 400Mi: below the 5% the P95 ignores.
    families.push(gauge('container_memory_working_set_bytes', labels, week.map((t) => [t, (t - (END - WEEK)) % 86_400 < 1_728 ? 400 * MI : 100 * MI])));
  }
  const fresh = times({ start: END - 3 * 3600, minutes: 180, stepSeconds: 60 });
  const labels = { namespace: 'shop', pod: 'search-5d8f7c6b9a-x2k4m', container: 'app' };
  families.push(counter('container_cpu_usage_seconds', labels, fresh.map((t) => [t, 0.05 * (t - (END - 3 * 3600))])));
  families.push(gauge('container_memory_working_set_bytes', labels, fresh.map((t) => [t, 64 * MI])));
  return families;
}

const available = prometheusAvailable();
let prometheus: RunningPrometheus;
let kube: KubeApiServer;

beforeAll(async () => {
  if (!available) return;
  prometheus = await startPrometheus({ series: renderOpenMetrics(usageFamilies()) });
  kube = await startKubeApiServer({ controllers: false });
  const resources = { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } };
  seedDeployment(kube.store, { namespace: 'shop', name: 'checkout', replicas: 2, resources, now: NOW });
  seedDeployment(kube.store, { namespace: 'shop', name: 'search', replicas: 1, resources, now: NOW });
}, 120_000);
afterAll(async () => {
  await prometheus?.close();
  await kube?.close();
});

describe.skipIf(!available)('right-sizing on real Prometheus data', () => {
  it('recommends 2x/1.5x P95 requests and 6x/3x P95 limits, and skips a container with 3 h of data', async () => {
    const metrics = new PrometheusClient({ url: prometheus.url });
    const kubernetes = createKubernetesAdapter({ server: kube.url });
    try {
      const results = await rightsizeWorkloads({ metrics, kubernetes: kubernetes.reader, clock: { now: () => NOW } }, { namespace: 'shop', options: DEFAULT_RIGHTSIZING });
      expect(results.map((r) => [r.workload.name, r.kind])).toEqual([['checkout', 'recommendation'], ['search', 'skipped']]);
      const checkout = results[0] as Recommendation;
      expect(checkout.p95.cpuCores).toBeCloseTo(0.1, 6);
      expect(checkout.p95.memoryBytes).toBe(100 * MI);
      expect(checkout.requests).toEqual({ cpu: '200m', memory: '150Mi' });
      expect(checkout.limits).toEqual({ cpu: '600m', memory: '300Mi' });
      // (0.5 − 0.2) vCPU × $0.04048 + (512 − 150) MiB × $0.004445/GiB, per hour × 730 h × 2 replicas.
      expect(checkout.monthlySaving).toBe(20.02);
      expect(checkout.remediation).toMatchObject({ action: 'set-resources', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' }, params: { container: 'app', requests: { cpu: '200m', memory: '150Mi' }, limits: { cpu: '600m', memory: '300Mi' } }, risk: 'medium' });
      expect(results[1]).toMatchObject({ kind: 'skipped', reason: 'only 3.0 h of usage data (needs at least 24.0 h)' });

      const store = openSqliteStore({ path: ':memory:' });
      const notifier = new RecordingNotifier();
      const offered = await offerRightsizing(results, { store, notifier, clock: { now: () => NOW }, approvalTtlMs: 3_600_000, namespace: 'shop' });
      expect(offered!.approvals.map((a) => [a.status, a.remediation.action])).toEqual([['pending', 'set-resources']]);
      expect(notifier.findings[0]!.finding.diagnosis.summary).toBe('Right-sizing in shop: 1 container to resize; estimated saving $20.02/month on requests.');
      expect(notifier.findings[0]!.finding.diagnosis.missing).toEqual(['shop/search/app: only 3.0 h of usage data (needs at least 24.0 h)']);
      expect((await store.getIncident(offered!.incident.id))?.thread).toBeDefined();
      await store.close();
    } finally {
      metrics.close();
    }
  });

  it('prints the same as JSON from `triaged rightsize --namespace shop --json`, with the factors from the config', async () => {
    const out: string[] = [];
    const env = { TRIAGED_PROMETHEUS_URL: prometheus.url, TRIAGED_RIGHTSIZING_CPU_LIMIT_FACTOR: 'none', TRIAGED_RIGHTSIZING_MEMORY_LIMIT_FACTOR: '2', TRIAGED_STORE_PATH: ':memory:' };
    const code = await runRightsizeCommand(['--namespace', 'shop', '--json'], { stdout: (s) => out.push(s), stderr: (s) => out.push(s) }, { env, kubernetesServer: kube.url, clock: { now: () => NOW } });
    expect(code).toBe(0);
    const json = JSON.parse(out.join('')) as { windowDays: number; results: Recommendation[] };
    expect(json.windowDays).toBe(7);
    expect(json.results[0]).toMatchObject({ kind: 'recommendation', container: 'app', requests: { cpu: '200m', memory: '150Mi' }, limits: { memory: '200Mi' }, monthlySaving: 20.02 });
    expect(json.results[0]!.limits.cpu).toBeUndefined();
    expect(json.results[1]).toMatchObject({ kind: 'skipped', workload: { name: 'search' } });
  });
});

describe('rightsize (pure)', () => {
  const usage = { namespace: 'shop', workload: { kind: 'Deployment', name: 'api' }, container: 'app', replicas: 1, coveredSeconds: 7 * 86_400, current: { requests: { cpu: '200m', memory: '150Mi' }, limits: { cpu: '600m', memory: '300Mi' } } };
  it('leaves a container that is already right-sized alone, and says when samples are too few', () => {
    const steady = rightsize({ ...usage, cpu: Array(200).fill(0.1), memory: Array(200).fill(100 * MI) });
    expect(steady).toMatchObject({ kind: 'recommendation', worthChanging: false, monthlySaving: 0 });
    expect((steady as Recommendation).remediation).toBeUndefined();
    expect(rightsize({ ...usage, cpu: Array(50).fill(0.1), memory: Array(200).fill(MI) })).toMatchObject({ kind: 'skipped', reason: 'only 50 CPU samples (needs at least 100)' });
  });

  it('reports an under-provisioned container as a cost, and P95 over a spread of samples', () => {
    const cpu = Array.from({ length: 101 }, (_, i) => i / 100);
    const result = rightsize({ ...usage, cpu, memory: Array(101).fill(400 * MI) }) as Recommendation;
    expect(result.p95.cpuCores).toBeCloseTo(0.95, 9);
    expect(result.requests).toEqual({ cpu: '1900m', memory: '600Mi' });
    expect(result.monthlySaving).toBeLessThan(0);
    expect(result.remediation?.rationale).toContain('costs about $');
  });
});
