/**
 * Questions and the exact PromQL the translator must produce for them (checked by nl-table.test.ts,
 * run against a real Prometheus by nl-prometheus.test.ts), and questions it must refuse.
 */

export interface TableRow {
  readonly question: string;
  readonly promql: string;
  readonly kind: 'instant' | 'range';
}

export const NL_TABLE: readonly TableRow[] = [
  {
    question: 'cpu usage of pod checkout-7c9d5b8f6d-x7k2p in namespace shop',
    promql: 'sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{namespace="shop",pod="checkout-7c9d5b8f6d-x7k2p",container!="",container!="POD"}[1h]))',
    kind: 'instant',
  },
  {
    question: 'What is the CPU usage of deployment checkout in namespace shop in the last 30 minutes?',
    promql: 'sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}",container!="",container!="POD"}[30m]))',
    kind: 'instant',
  },
  {
    question: 'cpu by namespace',
    promql: 'sum by (namespace) (rate(container_cpu_usage_seconds_total{container!="",container!="POD"}[1h]))',
    kind: 'instant',
  },
  {
    question: 'cpu usage per pod in namespace shop over 2h',
    promql: 'sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{namespace="shop",container!="",container!="POD"}[2h]))',
    kind: 'instant',
  },
  {
    question: 'top 5 pods by cpu in namespace shop',
    promql: 'topk(5, sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{namespace="shop",container!="",container!="POD"}[1h])))',
    kind: 'instant',
  },
  {
    question: 'cpu of container app in pod checkout-7c9d5b8f6d-x7k2p in namespace shop over time',
    promql: 'sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{namespace="shop",pod="checkout-7c9d5b8f6d-x7k2p",container="app"}[5m]))',
    kind: 'range',
  },
  {
    question: 'cpu of node ip-10-0-12-34.ec2.internal',
    promql: '1 - avg by (instance) (rate(node_cpu_seconds_total{instance=~"ip-10-0-12-34\\\\.ec2\\\\.internal(:[0-9]+)?",mode="idle"}[1h]))',
    kind: 'instant',
  },
  {
    question: 'top 3 nodes by cpu',
    promql: 'topk(3, 1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[1h])))',
    kind: 'instant',
  },
  {
    question: 'cpu of pods on node ip-10-0-12-34.ec2.internal',
    promql: 'sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{container!="",container!="POD"}[1h]) * on (namespace, pod) group_left (node) kube_pod_info{node="ip-10-0-12-34.ec2.internal"})',
    kind: 'instant',
  },
  {
    question: 'cpu of statefulset postgres in namespace db since 1 day',
    promql: 'sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{namespace="db",pod=~"postgres-[0-9]+",container!="",container!="POD"}[1d]))',
    kind: 'instant',
  },
  {
    question: 'memory of pod checkout-7c9d5b8f6d-x7k2p in namespace shop',
    promql: 'sum by (namespace, pod, container) (max_over_time(container_memory_working_set_bytes{namespace="shop",pod="checkout-7c9d5b8f6d-x7k2p",container!="",container!="POD"}[1h]))',
    kind: 'instant',
  },
  {
    question: 'memory usage of the checkout deployment in the shop namespace over the last 6 hours',
    promql: 'sum by (namespace, pod) (max_over_time(container_memory_working_set_bytes{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}",container!="",container!="POD"}[6h]))',
    kind: 'instant',
  },
  {
    question: 'memory of deployment shop/checkout as a graph',
    promql: 'sum by (namespace, pod) (container_memory_working_set_bytes{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}",container!="",container!="POD"})',
    kind: 'range',
  },
  {
    question: 'memory by deployment in namespace shop',
    promql: 'sum by (namespace, deployment) (label_replace(max_over_time(container_memory_working_set_bytes{namespace="shop",container!="",container!="POD"}[1h]), "deployment", "$1", "pod", "(.+)-[a-z0-9]+-[a-z0-9]{5}"))',
    kind: 'instant',
  },
  {
    question: 'memory of node ip-10-0-12-34.ec2.internal in the last 15m',
    promql: '1 - min_over_time(node_memory_MemAvailable_bytes{instance=~"ip-10-0-12-34\\\\.ec2\\\\.internal(:[0-9]+)?"}[15m]) / node_memory_MemTotal_bytes{instance=~"ip-10-0-12-34\\\\.ec2\\\\.internal(:[0-9]+)?"}',
    kind: 'instant',
  },
  {
    question: 'memory by node',
    promql: '1 - min_over_time(node_memory_MemAvailable_bytes[1h]) / node_memory_MemTotal_bytes',
    kind: 'instant',
  },
  {
    question: 'top 10 containers by memory',
    promql: 'topk(10, sum by (namespace, pod, container) (max_over_time(container_memory_working_set_bytes{container!="",container!="POD"}[1h])))',
    kind: 'instant',
  },
  {
    question: 'ram of daemonset fluent-bit in namespace logging',
    promql: 'sum by (namespace, pod) (max_over_time(container_memory_working_set_bytes{namespace="logging",pod=~"fluent-bit-[a-z0-9]{5}",container!="",container!="POD"}[1h]))',
    kind: 'instant',
  },
  {
    question: 'how many restarts in namespace shop in the last hour',
    promql: 'sum by (namespace) (increase(kube_pod_container_status_restarts_total{namespace="shop"}[1h]))',
    kind: 'instant',
  },
  {
    question: 'restarts by pod in namespace shop over 2h',
    promql: 'sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{namespace="shop"}[2h]))',
    kind: 'instant',
  },
  {
    question: 'restart count of the checkout deployment',
    promql: 'sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}"}[1h]))',
    kind: 'instant',
  },
  {
    question: 'which 3 pods restarted the most in namespace shop',
    promql: 'topk(3, sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{namespace="shop"}[1h])))',
    kind: 'instant',
  },
  {
    question: 'restarts on node ip-10-0-12-34.ec2.internal',
    promql: 'sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total[1h]) * on (namespace, pod) group_left (node) kube_pod_info{node="ip-10-0-12-34.ec2.internal"})',
    kind: 'instant',
  },
  {
    question: 'restarts per node since 1 day',
    promql: 'sum by (node) (increase(kube_pod_container_status_restarts_total[1d]) * on (namespace, pod) group_left (node) kube_pod_info)',
    kind: 'instant',
  },
  {
    question: 'crashes of job nightly-report in namespace batch over 7 days',
    promql: 'sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{namespace="batch",pod=~"nightly-report-[a-z0-9]{5}"}[7d]))',
    kind: 'instant',
  },
  {
    question: 'restarts of pod checkout-7c9d5b8f6d-x7k2p over time',
    promql: 'sum by (namespace, pod, container) (kube_pod_container_status_restarts_total{pod="checkout-7c9d5b8f6d-x7k2p"})',
    kind: 'range',
  },
  {
    question: 'error rate of deployment checkout in namespace shop',
    promql: '(sum(rate(http_request_duration_seconds_count{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}",code=~"5.."}[1h])) or vector(0)) / sum(rate(http_request_duration_seconds_count{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}"}[1h]))',
    kind: 'instant',
  },
  {
    question: '5xx error rate of pod checkout-7c9d5b8f6d-x7k2p in namespace shop in the last 5 minutes',
    promql: '(sum(rate(http_request_duration_seconds_count{namespace="shop",pod="checkout-7c9d5b8f6d-x7k2p",code=~"5.."}[5m])) or vector(0)) / sum(rate(http_request_duration_seconds_count{namespace="shop",pod="checkout-7c9d5b8f6d-x7k2p"}[5m]))',
    kind: 'instant',
  },
  {
    question: 'error rate by namespace',
    promql: 'sum by (namespace) (rate(http_request_duration_seconds_count{code=~"5.."}[1h])) / sum by (namespace) (rate(http_request_duration_seconds_count[1h]))',
    kind: 'instant',
  },
  {
    question: 'error rate by deployment in namespace shop as a graph over the last 3 hours',
    promql: 'sum by (namespace, deployment) (label_replace(rate(http_request_duration_seconds_count{namespace="shop",code=~"5.."}[5m]), "deployment", "$1", "pod", "(.+)-[a-z0-9]+-[a-z0-9]{5}")) / sum by (namespace, deployment) (label_replace(rate(http_request_duration_seconds_count{namespace="shop"}[5m]), "deployment", "$1", "pod", "(.+)-[a-z0-9]+-[a-z0-9]{5}"))',
    kind: 'range',
  },
  {
    question: 'top 5 pods by error rate',
    promql: 'topk(5, sum by (namespace, pod) (rate(http_request_duration_seconds_count{code=~"5.."}[1h])) / sum by (namespace, pod) (rate(http_request_duration_seconds_count[1h])))',
    kind: 'instant',
  },
  {
    question: 'p99 latency of deployment checkout in namespace shop',
    promql: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}"}[1h])))',
    kind: 'instant',
  },
  {
    question: 'p50 latency of deployment checkout in namespace shop over 30m',
    promql: 'histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}"}[30m])))',
    kind: 'instant',
  },
  {
    question: 'median latency of pod checkout-7c9d5b8f6d-x7k2p in namespace shop',
    promql: 'histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shop",pod="checkout-7c9d5b8f6d-x7k2p"}[1h])))',
    kind: 'instant',
  },
  {
    question: '90th percentile latency in namespace shop since 2 hours',
    promql: 'histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shop"}[2h])))',
    kind: 'instant',
  },
  {
    question: 'p95 latency by pod in namespace shop over time',
    promql: 'histogram_quantile(0.95, sum by (le, namespace, pod) (rate(http_request_duration_seconds_bucket{namespace="shop"}[5m])))',
    kind: 'range',
  },
  {
    question: 'latency of deployment checkout in namespace shop',
    promql: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}"}[1h])))',
    kind: 'instant',
  },
  {
    question: 'top 5 pods by p99 latency',
    promql: 'topk(5, histogram_quantile(0.99, sum by (le, namespace, pod) (rate(http_request_duration_seconds_bucket[1h]))))',
    kind: 'instant',
  },
  {
    question: 'cpu throttling of pod checkout-7c9d5b8f6d-x7k2p in namespace shop',
    promql: 'sum by (namespace, pod, container) (rate(container_cpu_cfs_throttled_periods_total{namespace="shop",pod="checkout-7c9d5b8f6d-x7k2p",container!="",container!="POD"}[1h])) / sum by (namespace, pod, container) (rate(container_cpu_cfs_periods_total{namespace="shop",pod="checkout-7c9d5b8f6d-x7k2p",container!="",container!="POD"}[1h]))',
    kind: 'instant',
  },
  {
    question: 'cpu throttling of deployment checkout in namespace shop in the last 30 minutes',
    promql: 'sum by (namespace, pod) (rate(container_cpu_cfs_throttled_periods_total{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}",container!="",container!="POD"}[30m])) / sum by (namespace, pod) (rate(container_cpu_cfs_periods_total{namespace="shop",pod=~"checkout-[a-z0-9]+-[a-z0-9]{5}",container!="",container!="POD"}[30m]))',
    kind: 'instant',
  },
  {
    question: 'throttling by namespace',
    promql: 'sum by (namespace) (rate(container_cpu_cfs_throttled_periods_total{container!="",container!="POD"}[1h])) / sum by (namespace) (rate(container_cpu_cfs_periods_total{container!="",container!="POD"}[1h]))',
    kind: 'instant',
  },
  {
    question: 'top 10 pods by cpu throttling over 1 day',
    promql: 'topk(10, sum by (namespace, pod) (rate(container_cpu_cfs_throttled_periods_total{container!="",container!="POD"}[1d])) / sum by (namespace, pod) (rate(container_cpu_cfs_periods_total{container!="",container!="POD"}[1d])))',
    kind: 'instant',
  },
  {
    question: 'cpu throttling of container app in namespace shop over time',
    promql: 'sum by (namespace, pod, container) (rate(container_cpu_cfs_throttled_periods_total{namespace="shop",container="app"}[5m])) / sum by (namespace, pod, container) (rate(container_cpu_cfs_periods_total{namespace="shop",container="app"}[5m]))',
    kind: 'range',
  },
  {
    question: 'cpu of deployment api.v2 in namespace we-ird',
    promql: 'sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{namespace="we-ird",pod=~"api\\\\.v2-[a-z0-9]+-[a-z0-9]{5}",container!="",container!="POD"}[1h]))',
    kind: 'instant',
  },
  {
    question: 'memory of replicaset checkout-7c9d5b8f6d in namespace shop',
    promql: 'sum by (namespace, pod) (max_over_time(container_memory_working_set_bytes{namespace="shop",pod=~"checkout-7c9d5b8f6d-[a-z0-9]{5}",container!="",container!="POD"}[1h]))',
    kind: 'instant',
  },
  {
    question: 'cpu of cronjob backup in namespace ops over the past week',
    promql: 'sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{namespace="ops",pod=~"backup-[0-9]+-[a-z0-9]{5}",container!="",container!="POD"}[1w]))',
    kind: 'instant',
  },
  {
    question: 'memory by namespace over the last 2 days',
    promql: 'sum by (namespace) (max_over_time(container_memory_working_set_bytes{container!="",container!="POD"}[2d]))',
    kind: 'instant',
  },
];

/** Not metrics questions, several metrics at once, unknown words, writes, unreadable ranges, injection. */
export const REFUSED: readonly string[] = [
  "what's the weather in paris",
  'delete pod checkout-7c9d5b8f6d-x7k2p',
  'restart deployment checkout',
  'scale deployment checkout to 5 replicas',
  'disk usage of node ip-10-0-12-34.ec2.internal',
  'network traffic by namespace',
  'cpu and memory of pod checkout-7c9d5b8f6d-x7k2p',
  'latency of node ip-10-0-12-34.ec2.internal',
  'error rate by container',
  'cpu usage over the last 5 years',
  'cpu since yesterday',
  'cpu over the last 30 seconds',
  'memory of shop',
  'top 500 pods by cpu',
  'show me everything',
  'latency of service checkout',
  'p99 memory of pod checkout-7c9d5b8f6d-x7k2p',
  'cpu of pod a-1 in namespace shop and pod b-2',
  'cpu of pod x"} or vector(1) #',
  'cpu of the node',
  'sum(rate(container_cpu_usage_seconds_total[5m]))',
  'how is the cluster doing',
  '',
];
