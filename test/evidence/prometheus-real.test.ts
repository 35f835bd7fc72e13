/** PrometheusClient and the playbook PromQL against a real Prometheus holding backfilled series of one incident morning. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../src/adapters/prometheus/client.js';
import {
  containerRestarts,
  cpuThrottlingRatio,
  cpuUsage,
  memoryLimit,
  memoryWorkingSet,
  nodeCpuUtilization,
  nodeMemoryUtilization,
  requestErrorRatio,
  requestLatencyQuantile,
  workloadQueries,
  type WorkloadSelector,
} from '../../src/adapters/prometheus/queries.js';
import { MetricCatalog } from '../../src/domain/diagnosis/metrics.js';
import type { MetricSeries } from '../../src/domain/snapshot.js';
import { counter, cpuThrottling, gauge, latencyHistogram, memoryLeak, renderOpenMetrics, times, type Family } from '../support/openmetrics.js';
import { prometheusAvailable, startPrometheus, type RunningPrometheus } from '../support/prometheus.js';

/** 2026-11-22 08:00 UTC: two hours of data before the fixtures' 10:00 alarm. */
const START = Date.UTC(2026, 10, 22, 8, 0, 0) / 1000;
const timeline = { start: START, minutes: 120, stepSeconds: 15 };
const LEAKING_POD = 'checkout-7c9d5b8f6d-x7k2p';
const MiB = 1024 * 1024;

const leak = memoryLeak({ ...timeline, namespace: 'shop', pod: LEAKING_POD, container: 'app', limitBytes: 512 * MiB, baseBytes: 200 * MiB, growthBytesPerMinute: 8 * MiB });
const flat = (pod: string, container: string, namespace = 'shop'): Family => gauge('container_memory_working_set_bytes', { namespace, pod, container }, times(timeline).map((t) => [t, 300 * MiB]));
const node = 'ip-10-0-12-34.ec2.internal';
const idle = (cpu: string, perSecond: number): Family => counter('node_cpu_seconds', { instance: `${node}:9100`, cpu, mode: 'idle' }, times(timeline).map((t) => [t, perSecond * (t - START)]));

const families: Family[] = [
  ...leak.families,
  flat('checkout-7c9d5b8f6d-q4m9z', 'app'),
  // Must not be counted: the pod cgroup, the pause container, a workload whose name extends ours.
  flat(LEAKING_POD, ''),
  flat(LEAKING_POD, 'POD'),
  flat('checkout-worker-5d4f8b9c7-abcde', 'app'),
  ...cpuThrottling({ ...timeline, namespace: 'shop', pod: LEAKING_POD, container: 'app', limitCores: 0.5, throttledShare: 0.4 }),
  ...latencyHistogram({
    ...timeline,
    labels: { namespace: 'shop', pod: LEAKING_POD },
    requestsPerSecond: 50,
    cumulative: [[0.05, 0.3], [0.1, 0.6], [0.25, 0.9], [0.5, 0.98], [1, 1]],
    errorShare: 0.02,
  }),
  // Label values a naive query builder would break on: quote and backslash, regex metacharacters.
  flat('odd.name+x-0', 'app', 'we"ird\\ns'),
  flat('oddXname+x-0', 'app', 'we"ird\\ns'),
  flat('odd.name+x-0', 'app', 'weird'),
  idle('0', 0.25),
  idle('1', 0.15),
  gauge('node_memory_MemAvailable_bytes', { instance: `${node}:9100` }, times(timeline).map((t) => [t, 2048 * MiB])),
  gauge('node_memory_MemTotal_bytes', { instance: `${node}:9100` }, times(timeline).map((t) => [t, 8192 * MiB])),
];

const checkout: WorkloadSelector = { namespace: 'shop', name: 'checkout', kind: 'Deployment' };
const window = { start: START + 60 * 60, end: START + 100 * 60 };
const at = START + 110 * 60;

function only(series: MetricSeries[]): MetricSeries {
  expect(series).toHaveLength(1);
  return series[0]!;
}

describe.skipIf(!prometheusAvailable())('Prometheus client against a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let client: PrometheusClient;

  beforeAll(async () => {
    prometheus = await startPrometheus({ series: renderOpenMetrics(families) });
    client = new PrometheusClient({ url: prometheus.url });
  });

  afterAll(async () => {
    client?.close();
    await prometheus?.close();
  });

  it('query_range returns the backfilled saw-tooth leak of the workload containers only', async () => {
    const series = await client.queryRange(memoryWorkingSet(checkout), window, 60);
    expect(series.map((s) => s.labels.pod).sort()).toEqual(['checkout-7c9d5b8f6d-q4m9z', LEAKING_POD]);
    const leaking = series.find((s) => s.labels.pod === LEAKING_POD)!;
    expect(leaking).toMatchObject({ source: 'prometheus', name: 'container_memory_working_set_bytes', unit: 'bytes', labels: { namespace: 'shop', container: 'app' } });
    expect(leaking.query).toBe(memoryWorkingSet(checkout).promql);
    expect(leaking.points).toHaveLength(41);
    expect(leaking.points).toEqual(leaking.points.map(([t]) => [t, leak.workingSetAt(t)]));
    const drops = leaking.points.filter(([, v], i) => i > 0 && v < leaking.points[i - 1]![1]);
    expect(drops.length).toBeGreaterThanOrEqual(1);
  });

  it('the same range over GET', async () => {
    const get = new PrometheusClient({ url: `${prometheus.url}/`, method: 'GET' });
    try {
      const series = await get.queryRange(memoryWorkingSet(checkout), window, 60);
      expect(series).toHaveLength(2);
    } finally {
      get.close();
    }
  });

  it('memory limit comes from kube-state-metrics, named for diagnosis', async () => {
    const limit = only(await client.query(memoryLimit(checkout), at));
    expect(limit).toMatchObject({ name: 'container_memory_limit_bytes', unit: 'bytes', labels: { namespace: 'shop', pod: LEAKING_POD, container: 'app' }, points: [[at, 512 * MiB]] });
  });

  it('restarts count the OOM cycles', async () => {
    const restarts = only(await client.query(containerRestarts(checkout), at));
    expect(restarts.name).toBe('kube_pod_container_status_restarts_total');
    expect(restarts.points[0]![1]).toBe(leak.restartsAt(at));
    expect(restarts.points[0]![1]).toBeGreaterThan(0);
  });

  it('CPU usage sits at the limit and the throttling ratio is the generated share', async () => {
    const usage = only(await client.query(cpuUsage(checkout), at));
    expect(usage).toMatchObject({ name: 'container_cpu_usage_cores', unit: 'cores' });
    expect(usage.points[0]![1]).toBeCloseTo(0.5, 6);
    const ratio = only(await client.queryRange(cpuThrottlingRatio(checkout), window, 300));
    expect(ratio).toMatchObject({ name: 'container_cpu_throttled_ratio', unit: 'ratio', labels: { pod: LEAKING_POD, container: 'app' } });
    expect(ratio.points).toHaveLength(9);
    for (const [, value] of ratio.points) expect(value).toBeCloseTo(0.4, 9);
  });

  it('histogram_quantile interpolates p95/p99 inside the buckets, and the 5xx ratio is the generated one', async () => {
    const p95 = only(await client.query(requestLatencyQuantile(checkout, 0.95), at));
    const p99 = only(await client.query(requestLatencyQuantile(checkout, 0.99), at));
    expect(p95).toMatchObject({ name: 'http_request_duration_seconds_p95', unit: 'seconds', labels: {} });
    // 0.95 lies 5/8 of the way from the 0.25 s bucket (0.90) to the 0.5 s bucket (0.98).
    expect(p95.points[0]![1]).toBeCloseTo(0.25 + (5 / 8) * 0.25, 9);
    expect(p99.points[0]![1]).toBeCloseTo(0.75, 9);
    const errors = only(await client.query(requestErrorRatio(checkout), at));
    expect(errors).toMatchObject({ name: 'http_requests_error_ratio', unit: 'ratio' });
    expect(errors.points[0]![1]).toBeCloseTo(0.02, 9);
  });

  it('the error ratio is 0, not absent, when no request failed', async () => {
    const ratio = only(await client.query(requestErrorRatio(checkout, { statusLabel: 'no_such_label' }), at));
    expect(ratio.points[0]![1]).toBe(0);
  });

  it('label values with quotes, backslashes and regex metacharacters match exactly', async () => {
    const odd = { namespace: 'we"ird\\ns', name: 'odd.name+x', kind: 'StatefulSet' };
    const series = only(await client.query(memoryWorkingSet(odd), at));
    expect(series.labels).toMatchObject({ namespace: 'we"ird\\ns', pod: 'odd.name+x-0' });
  });

  it('node CPU and memory utilisation per node', async () => {
    const cpu = only(await client.query(nodeCpuUtilization([node]), at));
    expect(cpu).toMatchObject({ name: 'node_cpu_utilization', unit: 'ratio', labels: { instance: `${node}:9100` } });
    expect(cpu.points[0]![1]).toBeCloseTo(0.8, 9);
    const memory = only(await client.query(nodeMemoryUtilization([node]), at));
    expect(memory.points[0]![1]).toBeCloseTo(0.75, 9);
    expect(await client.query(nodeCpuUtilization(['ip-10-0-99-99.ec2.internal']), at)).toEqual([]);
  });

  it('a PromQL syntax error is a non-retryable EVIDENCE_FAILED naming the query', async () => {
    const failure = await client.query('sum(rate(foo[5m])', at).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'EVIDENCE_FAILED', retryable: false, context: { endpoint: 'query', status: 400, errorType: 'bad_data' } });
    expect((failure as Error).message).toContain('"sum(rate(foo[5m])"');
  });

  it('a raw query keeps __name__ as the name, and an expression is named by its text', async () => {
    const raw = await client.query('container_spec_memory_limit_bytes', at);
    expect(raw[0]).toMatchObject({ name: 'container_spec_memory_limit_bytes', query: 'container_spec_memory_limit_bytes' });
    expect(raw[0]!.unit).toBeUndefined();
    const expression = only(await client.query('sum(container_spec_memory_limit_bytes)', at));
    expect(expression.name).toBe('sum(container_spec_memory_limit_bytes)');
  });

  it('diagnosis reads every series as the signal it is meant to be', async () => {
    const queries = [...workloadQueries(checkout), nodeCpuUtilization([node]), nodeMemoryUtilization([node])];
    const series = (await Promise.all(queries.map((q) => client.queryRange(q, window, 60)))).flat();
    const catalog = new MetricCatalog(series, [], [], () => ({}));
    const signals = new Set(catalog.all.map((s) => s.signal));
    expect([...signals].sort()).toEqual(['cpu', 'latency', 'memory', 'memory-limit', 'node-cpu-share', 'node-memory-share', 'throttle-ratio']);
    const cpu = catalog.all.find((s) => s.signal === 'cpu')!;
    expect(cpu.points[0]![1]).toBeCloseTo(0.5, 6);
    const limit = catalog.all.find((s) => s.signal === 'memory-limit')!;
    expect(limit).toMatchObject({ namespace: 'shop', pod: LEAKING_POD, container: 'app' });
  });
});
