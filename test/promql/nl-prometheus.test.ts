/**
 * Every query of the NL → PromQL table against a real Prometheus holding two hours of backfilled
 * series for the pods the table asks about: each must parse, and each must return data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../src/adapters/prometheus/client.js';
import { isTranslated, translateQuestion } from '../../src/domain/promql/translate.js';
import type { MetricSeries } from '../../src/domain/snapshot.js';
import { counter, cpuThrottling, gauge, latencyHistogram, memoryLeak, renderOpenMetrics, times, type Family } from '../support/openmetrics.js';
import { prometheusAvailable, startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { NL_TABLE } from './nl-table.js';

const START = Date.UTC(2026, 10, 22, 8, 0, 0) / 1000;
const END = START + 120 * 60;
const timeline = { start: START, minutes: 120, stepSeconds: 15 };
const NODE = 'ip-10-0-12-34.ec2.internal';
const MiB = 1024 * 1024;

/** One pod of each workload kind the table names, all on one node. */
const PODS = [
  { namespace: 'shop', pod: 'checkout-7c9d5b8f6d-x7k2p', container: 'app', http: true },
  { namespace: 'shop', pod: 'checkout-7c9d5b8f6d-q4m9z', container: 'app', http: true },
  { namespace: 'db', pod: 'postgres-0', container: 'postgres', http: false },
  { namespace: 'logging', pod: 'fluent-bit-abcde', container: 'fluent-bit', http: false },
  { namespace: 'batch', pod: 'nightly-report-x7k2p', container: 'report', http: false },
  { namespace: 'ops', pod: 'backup-28012345-abcde', container: 'backup', http: false },
  { namespace: 'we-ird', pod: 'api.v2-7c9d5b8f6d-abcde', container: 'app', http: false },
];

function families(): Family[] {
  const out: Family[] = [];
  for (const { http, ...ref } of PODS) {
    // A 10-minute leak cycle: every pod restarts within any hour of the window.
    out.push(...memoryLeak({ ...timeline, ...ref, limitBytes: 256 * MiB, baseBytes: 56 * MiB, growthBytesPerMinute: 20 * MiB }).families);
    out.push(...cpuThrottling({ ...timeline, ...ref, limitCores: 0.5, throttledShare: 0.3 }));
    out.push(gauge('kube_pod_info', { namespace: ref.namespace, pod: ref.pod, node: NODE }, times(timeline).map((t) => [t, 1])));
    if (http) {
      out.push(
        ...latencyHistogram({
          ...timeline,
          labels: { namespace: ref.namespace, pod: ref.pod },
          requestsPerSecond: 40,
          cumulative: [[0.05, 0.3], [0.1, 0.6], [0.25, 0.9], [0.5, 0.98], [1, 1]],
          errorShare: 0.02,
        }),
      );
    }
  }
  for (const [cpu, idlePerSecond] of [['0', 0.25], ['1', 0.15]] as const) {
    out.push(counter('node_cpu_seconds', { instance: `${NODE}:9100`, cpu, mode: 'idle' }, times(timeline).map((t) => [t, idlePerSecond * (t - START)])));
  }
  out.push(gauge('node_memory_MemAvailable_bytes', { instance: `${NODE}:9100` }, times(timeline).map((t) => [t, 2048 * MiB])));
  out.push(gauge('node_memory_MemTotal_bytes', { instance: `${NODE}:9100` }, times(timeline).map((t) => [t, 8192 * MiB])));
  return out;
}

function hasData(series: readonly MetricSeries[]): boolean {
  return series.some((s) => s.points.some(([, value]) => Number.isFinite(value)));
}

describe.skipIf(!prometheusAvailable())('NL → PromQL table against a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let client: PrometheusClient;

  beforeAll(async () => {
    prometheus = await startPrometheus({ series: renderOpenMetrics(families()) });
    client = new PrometheusClient({ url: prometheus.url });
  });

  afterAll(async () => {
    client?.close();
    await prometheus?.close();
  });

  it.each(NL_TABLE)('$question', async ({ question }) => {
    const translation = translateQuestion(question);
    if (!isTranslated(translation)) throw new Error(`refused: ${translation.reason}`);
    const series = translation.range
      ? await client.queryRange(translation.promql, { start: END - translation.range.seconds, end: END }, translation.range.stepSeconds)
      : await client.query(translation.promql, END);
    expect(hasData(series), `${translation.promql} returned no data`).toBe(true);
  });
});
