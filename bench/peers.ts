/**
 * The evidence peers of a benchmark run, each with a realistic latency: a real Prometheus (two hours
 * of backfilled series) behind a 50–300 ms delaying proxy, or a loopback fake of its HTTP API when
 * Prometheus is not installed; the Logs Insights fake with 1–4 s queries; the X-Ray fake behind a
 * 100–500 ms proxy. Returns the daemon config and the process environment (AWS endpoints) to use.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeLogsInsights } from '../src/sim/aws/logs-insights.js';
import { startFakeXRay } from '../src/sim/aws/xray.js';
import { gauge, renderOpenMetrics, times } from '../test/support/openmetrics.js';
import { prometheusAvailable, startPrometheus } from '../test/support/prometheus.js';
import { startDelayProxy } from './delay-proxy.js';

export interface EvidencePeers {
  /** `real Prometheus <version> behind a delaying proxy` or `loopback fake Prometheus API`. */
  readonly prometheusKind: string;
  readonly env: Record<string, string>;
  readonly processEnv: Record<string, string>;
  close(): Promise<void>;
}

export const LATENCY = {
  kubernetesMs: [5, 50],
  prometheusMs: [50, 300],
  logsInsightsMs: [1000, 4000],
  xrayMs: [100, 500],
  slackMs: 100,
} as const;

export async function startEvidencePeers(workloads: readonly { namespace: string; name: string }[]): Promise<EvidencePeers> {
  const closers: (() => Promise<void>)[] = [];
  const prometheus = prometheusAvailable() ? await realPrometheus(workloads) : await fakePrometheus();
  closers.push(prometheus.close);
  const proxy = await startDelayProxy(prometheus.url, ...LATENCY.prometheusMs);
  closers.push(proxy.close);
  const [minLogs, maxLogs] = LATENCY.logsInsightsMs;
  const logs = await startFakeLogsInsights({ plan: () => ({ runningMs: minLogs + Math.random() * (maxLogs - minLogs) }), maxConcurrentQueries: 1000 });
  closers.push(() => logs.close());
  const xray = await startFakeXRay();
  closers.push(() => xray.close());
  const xrayProxy = await startDelayProxy(xray.url, ...LATENCY.xrayMs);
  closers.push(xrayProxy.close);
  return {
    prometheusKind: prometheus.kind,
    env: { TRIAGED_PROMETHEUS_URL: proxy.url, TRIAGED_LOGS_INSIGHTS_ENABLED: 'true', TRIAGED_LOGS_APP_LOG_GROUPS: '/bench/app', TRIAGED_XRAY_ENABLED: 'true', AWS_REGION: 'us-east-1' },
    processEnv: {
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.url,
      AWS_ENDPOINT_URL_XRAY: xrayProxy.url,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_REGION: 'us-east-1',
    },
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}

async function realPrometheus(workloads: readonly { namespace: string; name: string }[]): Promise<{ kind: string; url: string; close: () => Promise<void> }> {
  // Two hours ending now: the investigations' range queries find data in their window.
  const end = Math.floor(Date.now() / 1000);
  const timeline = { start: end - 7200, minutes: 120, stepSeconds: 30 };
  const families = workloads.map((w) =>
    gauge('container_memory_working_set_bytes', { namespace: w.namespace, pod: `${w.name}-5d4f8b9c7-abcde`, container: 'app' }, times(timeline).map((t) => [t, 200e6 + (t - timeline.start) * 1e4])),
  );
  const running = await startPrometheus({ series: renderOpenMetrics(families) });
  return { kind: 'real Prometheus (Debian package) behind a 50–300 ms delaying proxy', ...running };
}

/** Answers every query with an empty result, as a Prometheus without matching series does. */
async function fakePrometheus(): Promise<{ kind: string; url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    const body = (req.url ?? '').includes('query_range') ? { status: 'success', data: { resultType: 'matrix', result: [] } } : { status: 'success', data: { resultType: 'vector', result: [] } };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    kind: 'loopback fake Prometheus API (prometheus not installed) behind a 50–300 ms delaying proxy',
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
