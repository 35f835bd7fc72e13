/**
 * The latency incident shared by the high-latency proof and the failing-sources proof: checkout's
 * pods are healthy, payments below it is slow and faulting. X-Ray serves the wire fixtures' graph
 * and traces, Logs Insights and the pods' own logs hold connection errors to payments, and
 * Prometheus holds a slow request histogram with 5% errors.
 */
import type { WireRow } from '../../src/sim/aws/logs-insights.js';
import { seedDeployment, seedNode, seedNodeMetrics, seedPodMetrics, seedServiceWithEndpoints, DEFAULT_NODE, type SimCluster } from '../../src/sim/kube-api/index.js';
import { counter, cpuThrottling, latencyHistogram, times, type Family } from './openmetrics.js';
import { INCIDENT_AT, INCIDENT_AT_MS, type Situation } from './playbook-world.js';
import { podName, scaledEvent } from './situations.js';

const timeline = { start: INCIDENT_AT - 120 * 60, minutes: 120, stepSeconds: 15 };
export const ERRORS = [
  'upstream connect error or disconnect/reset before headers. reset reason: connection timeout calling payments.shop.svc.cluster.local:8080',
  'POST /api/checkout 503 payment authorisation failed: Error: connect ECONNREFUSED 10.0.7.41:8080',
  'payments client: context deadline exceeded (Client.Timeout exceeded while awaiting headers) url=http://payments.shop.svc.cluster.local:8080/v1/authorize',
];

function errorRows(pods: readonly string[]): WireRow[] {
  return pods.flatMap((pod, p) =>
    ERRORS.map((message, i) => [
      { field: '@timestamp', value: `2026-11-22 09:5${8 - i}:${String(10 + p * 7).padStart(2, '0')}.000` },
      { field: '@message', value: message },
      { field: 'kubernetes.pod_name', value: pod },
      { field: 'kubernetes.container_name', value: 'app' },
      { field: '@ptr', value: `CmAKJwojMTIzNDU2Nzg5MDEyOi9hd3MvY29udGFpbmVyaW5zaWdodHMv${p}${i}` },
    ]),
  );
}

export function slowCheckout(cluster: SimCluster, nowMs: number): Situation {
  const { store } = cluster;
  seedNode(store, DEFAULT_NODE, { now: nowMs });
  const { deployment, replicaSet, pods } = seedDeployment(store, {
    namespace: 'shop',
    name: 'checkout',
    replicas: 2,
    resources: { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '250m', memory: '512Mi' } },
    now: nowMs,
  });
  seedServiceWithEndpoints(store, 'shop', 'checkout', pods);
  const names = pods.map(podName);
  const series: Family[] = [];
  for (const pod of names) {
    const labels = { namespace: 'shop', pod, container: 'app' };
    series.push(
      ...latencyHistogram({ ...timeline, labels: { namespace: 'shop', pod, service: 'checkout', method: 'POST', route: '/api/checkout' }, requestsPerSecond: 35, cumulative: [[0.1, 0.4], [0.5, 0.7], [1, 0.8], [2.5, 0.93], [5, 1]], errorShare: 0.05 }),
      ...cpuThrottling({ ...timeline, ...labels, limitCores: 0.15, throttledShare: 0.01 }),
      counter('kube_pod_container_status_restarts', labels, times(timeline).map((t) => [t, 0])),
    );
    store.setLog({ namespace: 'shop', pod, container: 'app' }, `${ERRORS.map((e) => `{"level":"error","msg":${JSON.stringify(e)}}`).join('\n')}\n`);
    seedPodMetrics(store, pods[names.indexOf(pod)]!, { app: { cpu: '150m', memory: '301240Ki' } }, nowMs);
  }
  seedNodeMetrics(store, DEFAULT_NODE, { cpu: '1020m', memory: '6291456Ki' }, nowMs);
  scaledEvent(store, deployment, replicaSet, 2, nowMs - 3 * 3_600_000);
  return { series, xray: {}, logsInsights: { rows: errorRows(names) } };
}

/** Alertmanager's latency alert on the checkout Service, as a kube-prometheus rule labels it. */
export const CHECKOUT_LATENCY_ALERT = {
  labels: { alertname: 'CheckoutHighLatency', namespace: 'shop', service: 'checkout', severity: 'critical' },
  annotations: { summary: 'checkout p99 latency above 2s for 5 minutes' },
  startsAt: new Date(INCIDENT_AT_MS - 60_000).toISOString(),
};
