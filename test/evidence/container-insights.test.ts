/** Container Insights queries and the conversion of their rows into MetricSeries, with the wire fixtures' rows and times. */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationErrorsQuery, parseInsightsTime, podCpuQuery, podMemoryQuery, podSeriesFromRows } from '../../src/adapters/aws/container-insights.js';
import { LogsInsightsClient } from '../../src/adapters/aws/logs-insights.js';
import { MetricCatalog } from '../../src/domain/diagnosis/metrics.js';
import { readAwsFixture } from '../../src/sim/aws/fixtures.js';
import { startFakeLogsInsights, type FakeLogsInsights } from '../../src/sim/aws/logs-insights.js';
import { logsSdkClient } from './aws-clients.js';

const checkout = { cluster: 'prod-eks', namespace: 'shop', name: 'checkout' };

describe('Container Insights queries', () => {
  it('the memory query is the one in the StartQuery fixture, on the performance log group', async () => {
    const request = await readAwsFixture<{ logGroupNames: string[]; queryString: string }>('logs-insights-start-query-request.json');
    const query = podMemoryQuery(checkout);
    expect(query.query).toBe(request.queryString);
    expect(query.logGroups).toEqual(request.logGroupNames);
  });

  it('the CPU query asks for the millicore metrics per pod and minute', () => {
    expect(podCpuQuery(checkout).query).toBe(
      'filter Type = "Pod" and Namespace = "shop" and PodName = "checkout"\n' +
        '| stats max(pod_cpu_usage_total) as cpu_millicores, max(pod_cpu_limit) as cpu_limit_millicores, max(pod_cpu_utilization_over_pod_limit) as cpu_pct_of_limit by bin(1m) as minute, kubernetes.pod_name\n' +
        '| sort minute asc',
    );
  });

  it('the application error query filters the workload pods by an escaped prefix', () => {
    const { logGroups, query } = applicationErrorsQuery({ cluster: 'prod-eks', namespace: 'sh"op', name: 'web.v2' });
    expect(logGroups).toEqual(['/aws/containerinsights/prod-eks/application']);
    expect(query).toBe(
      'fields @timestamp, @message, kubernetes.pod_name, kubernetes.container_name\n' +
        '| filter kubernetes.namespace_name = "sh\\"op" and kubernetes.pod_name like /^web\\.v2-/\n' +
        '| filter @message like /(?i)(error|exception|timeout|refused|ECONNRESET)/\n' +
        '| sort @timestamp desc\n' +
        '| limit 50',
    );
  });

  it('reads Logs Insights times as UTC whatever the local zone', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(new Date('2026-11-22 09:59:00.000').getTime() / 1000).not.toBe(1795341540);
      expect(parseInsightsTime('2026-11-22 09:59:00.000')).toBe(1795341540);
      expect(parseInsightsTime('2026-11-22 09:59:00.25')).toBe(1795341540.25);
      expect(parseInsightsTime('2026-11-22T09:59:00Z')).toBe(1795341540);
      expect(parseInsightsTime('22/11/26 09:59')).toBeUndefined();
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe('Container Insights rows into MetricSeries', () => {
  let fake: FakeLogsInsights;
  let sdk: CloudWatchLogsClient;

  beforeAll(async () => {
    fake = await startFakeLogsInsights({ runningMs: 10 });
    sdk = logsSdkClient(fake.url);
  });

  afterAll(async () => {
    sdk.destroy();
    await fake.close();
  });

  it('the fixture rows, fetched through the client, become one series per metric and pod at UTC minutes', async () => {
    const logs = new LogsInsightsClient({ client: sdk, poll: { initialMs: 5, maxMs: 10 } });
    const query = podMemoryQuery(checkout);
    const rows = await logs.insightsQuery(query.logGroups, query.query, { start: 1795341000, end: 1795341600 });
    const series = podSeriesFromRows(query, rows);

    expect(series.map((s) => `${s.name} ${s.labels['kubernetes.pod_name']}`).sort()).toEqual([
      'pod_memory_limit checkout-7c9d5b8f6d-q4m9z',
      'pod_memory_limit checkout-7c9d5b8f6d-x7k2p',
      'pod_memory_utilization_over_pod_limit checkout-7c9d5b8f6d-q4m9z',
      'pod_memory_utilization_over_pod_limit checkout-7c9d5b8f6d-x7k2p',
      'pod_memory_working_set checkout-7c9d5b8f6d-q4m9z',
      'pod_memory_working_set checkout-7c9d5b8f6d-x7k2p',
    ]);
    const share = series.find((s) => s.name === 'pod_memory_utilization_over_pod_limit' && s.labels['kubernetes.pod_name'] === 'checkout-7c9d5b8f6d-x7k2p')!;
    expect(share).toMatchObject({
      source: 'cloudwatch',
      unit: 'percent',
      query: query.query,
      labels: { ClusterName: 'prod-eks', Namespace: 'shop', PodName: 'checkout' },
    });
    const minutes = Array.from({ length: 10 }, (_, i) => Date.UTC(2026, 10, 22, 9, 50 + i) / 1000);
    expect(share.points.map(([t]) => t)).toEqual(minutes);
    // The README's cross-file check: the 09:59 datapoint is the alarm's.
    expect(share.points.at(-1)).toEqual([Date.UTC(2026, 10, 22, 9, 59) / 1000, 97.80000001192093]);
    const workingSet = series.find((s) => s.name === 'pod_memory_working_set' && s.labels['kubernetes.pod_name'] === 'checkout-7c9d5b8f6d-x7k2p')!;
    expect(workingSet.unit).toBe('bytes');
    expect(workingSet.points[0]).toEqual([1795341000, 451078940]);
  });

  it('diagnosis reads the series as memory, limit and share of the limit, per pod of the workload', () => {
    const row = { minute: '2026-11-22 09:59:00.000', 'kubernetes.pod_name': 'checkout-7c9d5b8f6d-x7k2p' };
    const memory = podSeriesFromRows(podMemoryQuery(checkout), [{ ...row, working_set_bytes: '525059000', limit_bytes: '536870912', pct_of_limit: '97.8' }]);
    const cpu = podSeriesFromRows(podCpuQuery(checkout), [{ ...row, cpu_millicores: '498', cpu_limit_millicores: '500', cpu_pct_of_limit: '99.6' }]);
    const catalog = new MetricCatalog([...memory, ...cpu], [], [], () => ({}));
    const read = Object.fromEntries(catalog.all.map((s) => [s.signal, s.points[0]![1]]));
    expect(read).toEqual({ memory: 525059000, 'memory-limit': 536870912, 'memory-share': 0.978, cpu: 0.498, 'cpu-limit': 0.5, 'cpu-share': 0.996 });
    expect(catalog.all.every((s) => s.namespace === 'shop' && s.pod === 'checkout-7c9d5b8f6d-x7k2p' && s.workload === 'checkout')).toBe(true);
  });

  it('skips rows without a time or pod and values that are not numbers', () => {
    const query = podMemoryQuery(checkout);
    const series = podSeriesFromRows(query, [
      { minute: '2026-11-22 09:51:00.000', 'kubernetes.pod_name': 'p', working_set_bytes: '2', pct_of_limit: '' },
      { minute: '2026-11-22 09:50:00.000', 'kubernetes.pod_name': 'p', working_set_bytes: '1', limit_bytes: 'n/a' },
      { minute: 'yesterday', 'kubernetes.pod_name': 'p', working_set_bytes: '9' },
      { minute: '2026-11-22 09:52:00.000', working_set_bytes: '9' },
    ]);
    expect(series).toHaveLength(1);
    expect(series[0]!.points).toEqual([
      [1795341000, 1],
      [1795341060, 2],
    ]);
  });
});
