/** The playbook PromQL as text: escaping, pod-name patterns per controller kind, refused names. */
import { describe, expect, it } from 'vitest';
import { cpuThrottlingRatio, memoryLimit, memoryWorkingSet, podPattern, requestErrorRatio, requestLatencyQuantile, workloadQueries } from '../../src/adapters/prometheus/queries.js';
import { escapeRegex, quoteLabelValue } from '../../src/domain/promql/labels.js';

const checkout = { namespace: 'shop', name: 'checkout', kind: 'Deployment' };

describe('PromQL building', () => {
  it('quotes label values and escapes regex metacharacters', () => {
    expect(quoteLabelValue('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(escapeRegex('odd.name+x(1)')).toBe('odd\\.name\\+x\\(1\\)');
  });

  it('narrows the pod pattern by controller kind; unknown kinds take any suffix', () => {
    expect(podPattern({ name: 'checkout', kind: 'Deployment' })).toBe('checkout-[a-z0-9]+-[a-z0-9]{5}');
    expect(podPattern({ name: 'db', kind: 'StatefulSet' })).toBe('db-[0-9]+');
    expect(podPattern({ name: 'agent', kind: 'daemonset' })).toBe('agent-[a-z0-9]{5}');
    expect(podPattern({ name: 'web-1', kind: 'Pod' })).toBe('web-1');
    expect(podPattern({ name: 'checkout' })).toBe('checkout-.*');
  });

  it('the working-set selector is the cAdvisor one without the pod cgroup and the pause container', () => {
    expect(memoryWorkingSet(checkout).promql).toBe('container_memory_working_set_bytes{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}",container!="",container!="POD"}');
  });

  it('a name with regex metacharacters is escaped once for RE2 and once for the string', () => {
    expect(memoryWorkingSet({ namespace: 'n', name: 'a.b' }).promql).toContain('pod=~"a\\\\.b-.*"');
  });

  it('memory limit falls back from kube-state-metrics to cAdvisor', () => {
    expect(memoryLimit(checkout).promql).toMatch(/^max by \(namespace, pod, container\) \(kube_pod_container_resource_limits\{.*resource="memory"\}\) or max by \(namespace, pod, container\) \(container_spec_memory_limit_bytes\{.*\} > 0\)$/);
  });

  it('throttling is throttled periods over periods, per container', () => {
    expect(cpuThrottlingRatio({ ...checkout, rateWindow: '2m' }).promql).toBe(
      'sum by (namespace, pod, container) (rate(container_cpu_cfs_throttled_periods_total{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}",container!="",container!="POD"}[2m]))' +
        ' / sum by (namespace, pod, container) (rate(container_cpu_cfs_periods_total{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}",container!="",container!="POD"}[2m]))',
    );
  });

  it('latency quantiles and the error ratio use the histogram named', () => {
    expect(requestLatencyQuantile(checkout, 0.99, { histogram: 'grpc_server_handling_seconds' })).toEqual({
      promql: 'histogram_quantile(0.99, sum by (le) (rate(grpc_server_handling_seconds_bucket{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}"}[5m])))',
      name: 'grpc_server_handling_seconds_p99',
      unit: 'seconds',
    });
    expect(requestErrorRatio(checkout, { statusLabel: 'status' }).promql).toContain(',status=~"5.."');
  });

  it('refuses names and durations outside their grammar instead of splicing them in', () => {
    expect(() => requestErrorRatio(checkout, { statusLabel: 'code"}) or vector(1' })).toThrow(RangeError);
    expect(() => requestLatencyQuantile(checkout, 0.95, { histogram: 'x{a="b"}' })).toThrow(RangeError);
    expect(() => cpuThrottlingRatio({ ...checkout, rateWindow: '5m])' })).toThrow(RangeError);
    expect(() => requestLatencyQuantile(checkout, 95)).toThrow(RangeError);
  });

  it('every workload query carries a unit and a name diagnosis can classify', () => {
    const queries = workloadQueries(checkout);
    expect(queries.map((q) => q.name)).toEqual([
      'container_memory_working_set_bytes',
      'container_memory_limit_bytes',
      'container_cpu_usage_cores',
      'container_cpu_throttled_ratio',
      'kube_pod_container_status_restarts_total',
      'http_request_duration_seconds_p95',
      'http_request_duration_seconds_p99',
      'http_requests_error_ratio',
    ]);
  });
});
