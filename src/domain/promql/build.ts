/**
 * Turns an Intent into PromQL over kube-state-metrics, cAdvisor, node-exporter and the app's
 * `http_request_duration_seconds` histogram, with a sentence saying what the numbers mean.
 */
import { graphStepSeconds } from './duration.js';
import { nodeInstancePattern, quoteLabelValue, workloadPodPattern } from './labels.js';
import type { GroupEntity, Intent, Measure, Scope } from './question.js';

export interface BuiltQuery {
  readonly promql: string;
  readonly kind: 'instant' | 'range';
  /** For a range query: the span to evaluate and its resolution. */
  readonly range?: { readonly duration: string; readonly seconds: number; readonly stepSeconds: number };
  readonly explanation: string;
}

/** The rate window of a graph; an instant query's window is the question's whole range. */
const GRAPH_RATE_WINDOW = '5m';
const HISTOGRAM = 'http_request_duration_seconds';
const DEPLOYMENT_FROM_POD = `"deployment", "$1", "pod", "(.+)-[a-z0-9]+-[a-z0-9]{5}"`;

const GROUP_LABELS: Readonly<Record<Exclude<GroupEntity, 'node'>, readonly string[]>> = {
  namespace: ['namespace'],
  pod: ['namespace', 'pod'],
  container: ['namespace', 'pod', 'container'],
  deployment: ['namespace', 'deployment'],
};

export function buildQuery(intent: Intent): BuiltQuery {
  const window = intent.overTime ? GRAPH_RATE_WINDOW : intent.range.text;
  const nodeLevel = (intent.measure === 'cpu' || intent.measure === 'memory') && (intent.groupBy === 'node' || (intent.scope.node !== undefined && intent.groupBy === undefined));
  const { expr, what } = nodeLevel ? nodeQuery(intent, window) : workloadQuery(intent, window);
  const promql = intent.top === undefined ? expr : `topk(${intent.top}, ${expr})`;
  const top = intent.top === undefined ? '' : `the top ${intent.top} of `;
  const scope = describeScope(intent.scope);
  const when = intent.overTime
    ? `as a graph over the last ${intent.range.text} (${GRAPH_RATE_WINDOW} windows)`
    : `over the last ${intent.range.text}`;
  const explanation = `${capitalise(`${top}${what}`)}${scope ? `, for ${scope}` : ''}, ${when}.`;
  if (!intent.overTime) return { promql, kind: 'instant', explanation };
  return { promql, kind: 'range', range: { duration: intent.range.text, seconds: intent.range.seconds, stepSeconds: graphStepSeconds(intent.range.seconds) }, explanation };
}

function selector(metric: string, matchers: readonly string[]): string {
  return matchers.length === 0 ? metric : `${metric}{${matchers.join(',')}}`;
}

/** cAdvisor's pod-level cgroup (`container=""`) and pause container would double-count. */
function scopeMatchers(scope: Scope, cadvisor: boolean): string[] {
  const matchers: string[] = [];
  if (scope.namespace !== undefined) matchers.push(`namespace=${quoteLabelValue(scope.namespace)}`);
  if (scope.pod !== undefined) matchers.push(`pod=${quoteLabelValue(scope.pod)}`);
  if (scope.workload !== undefined) matchers.push(`pod=~${quoteLabelValue(workloadPodPattern(scope.workload.kind, scope.workload.name))}`);
  if (scope.container !== undefined) matchers.push(`container=${quoteLabelValue(scope.container)}`);
  else if (cadvisor) matchers.push('container!=""', 'container!="POD"');
  return matchers;
}

function defaultGroup(intent: Intent): readonly string[] {
  if (intent.measure === 'latency' || intent.measure === 'error-rate') return [];
  const { scope } = intent;
  if (scope.pod !== undefined || scope.container !== undefined) return GROUP_LABELS.container;
  if (scope.workload !== undefined || scope.node !== undefined) return GROUP_LABELS.pod;
  return scope.namespace !== undefined ? GROUP_LABELS.namespace : [];
}

function groupLabels(intent: Intent): readonly string[] {
  if (intent.groupBy === 'node') return ['node'];
  return intent.groupBy === undefined ? defaultGroup(intent) : GROUP_LABELS[intent.groupBy];
}

function sumBy(labels: readonly string[], expr: string): string {
  return labels.length === 0 ? `sum(${expr})` : `sum by (${labels.join(', ')}) (${expr})`;
}

function describeGroup(labels: readonly string[]): string {
  if (labels.length === 0) return 'in total';
  const names = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
  return `summed per ${names}`;
}

/** Per-series expressions are widened before the sum: a node join, a deployment label from the pod name. */
function widen(intent: Intent, expr: string): string {
  const { scope, groupBy } = intent;
  let out = expr;
  if (scope.node !== undefined || groupBy === 'node') {
    const info = selector('kube_pod_info', scope.node === undefined ? [] : [`node=${quoteLabelValue(scope.node)}`]);
    out = `${out} * on (namespace, pod) group_left (node) ${info}`;
  }
  return groupBy === 'deployment' ? `label_replace(${out}, ${DEPLOYMENT_FROM_POD})` : out;
}

const MEASURE_TEXT: Readonly<Record<Measure, (intent: Intent) => string>> = {
  cpu: () => 'CPU in cores (rate of container_cpu_usage_seconds_total)',
  memory: (intent) => (intent.overTime ? 'working-set memory in bytes (container_memory_working_set_bytes)' : 'peak working-set memory in bytes (max_over_time of container_memory_working_set_bytes)'),
  restarts: (intent) => (intent.overTime ? 'the container restart counter (kube_pod_container_status_restarts_total)' : 'container restarts (increase of kube_pod_container_status_restarts_total)'),
  throttling: () => 'the share of CFS periods throttled, 0 to 1 (container_cpu_cfs_throttled_periods_total / container_cpu_cfs_periods_total)',
  'error-rate': () => `the share of HTTP requests answered 5xx, 0 to 1 (${HISTOGRAM}_count by code)`,
  latency: (intent) => `p${formatPercent(intent.quantile ?? 0.95)} request latency in seconds (histogram_quantile over ${HISTOGRAM}_bucket)`,
};

function workloadQuery(intent: Intent, window: string): { expr: string; what: string } {
  const labels = groupLabels(intent);
  const cadvisor = scopeMatchers(intent.scope, true);
  const plain = scopeMatchers(intent.scope, false);
  const rate = (metric: string, matchers: readonly string[]): string => widen(intent, `rate(${selector(metric, matchers)}[${window}])`);
  const what = `${MEASURE_TEXT[intent.measure](intent)}, ${describeGroup(labels)}`;
  switch (intent.measure) {
    case 'cpu':
      return { expr: sumBy(labels, rate('container_cpu_usage_seconds_total', cadvisor)), what };
    case 'memory': {
      const series = selector('container_memory_working_set_bytes', cadvisor);
      return { expr: sumBy(labels, widen(intent, intent.overTime ? series : `max_over_time(${series}[${window}])`)), what };
    }
    case 'restarts': {
      const series = selector('kube_pod_container_status_restarts_total', plain);
      return { expr: sumBy(labels, widen(intent, intent.overTime ? series : `increase(${series}[${window}])`)), what };
    }
    case 'throttling':
      return {
        expr: `${sumBy(labels, rate('container_cpu_cfs_throttled_periods_total', cadvisor))} / ${sumBy(labels, rate('container_cpu_cfs_periods_total', cadvisor))}`,
        what,
      };
    case 'error-rate': {
      const errors = sumBy(labels, rate(`${HISTOGRAM}_count`, [...plain, 'code=~"5.."']));
      const all = sumBy(labels, rate(`${HISTOGRAM}_count`, plain));
      // Ungrouped, no 5xx series at all means 0 rather than no answer; grouped, vector(0) would carry no labels.
      return { expr: labels.length === 0 ? `(${errors} or vector(0)) / ${all}` : `${errors} / ${all}`, what };
    }
    case 'latency':
      return {
        expr: `histogram_quantile(${intent.quantile ?? 0.95}, ${sumBy(['le', ...labels], rate(`${HISTOGRAM}_bucket`, plain))})`,
        what: `${MEASURE_TEXT.latency(intent)}, ${labels.length === 0 ? 'across all matching requests' : describeGroup(labels).replace('summed', 'computed')}`,
      };
  }
}

/** node-exporter: busy CPU share and used memory share of each node. */
function nodeQuery(intent: Intent, window: string): { expr: string; what: string } {
  const instance = intent.scope.node === undefined ? [] : [`instance=~${quoteLabelValue(nodeInstancePattern(intent.scope.node))}`];
  if (intent.measure === 'cpu') {
    return {
      expr: `1 - avg by (instance) (rate(${selector('node_cpu_seconds_total', [...instance, 'mode="idle"'])}[${window}]))`,
      what: 'busy share of the node CPUs, 0 to 1 (1 - idle rate of node_cpu_seconds_total), per node',
    };
  }
  const available = selector('node_memory_MemAvailable_bytes', instance);
  const total = selector('node_memory_MemTotal_bytes', instance);
  return intent.overTime
    ? { expr: `1 - ${available} / ${total}`, what: 'used share of node memory, 0 to 1 (1 - MemAvailable / MemTotal), per node' }
    : { expr: `1 - min_over_time(${available}[${window}]) / ${total}`, what: 'peak used share of node memory, 0 to 1 (1 - lowest MemAvailable / MemTotal), per node' };
}

function describeScope(scope: Scope): string {
  const parts: string[] = [];
  if (scope.namespace !== undefined) parts.push(`namespace ${scope.namespace}`);
  if (scope.workload !== undefined) parts.push(`${scope.workload.kind} ${scope.workload.name} (its pods by name)`);
  if (scope.pod !== undefined) parts.push(`pod ${scope.pod}`);
  if (scope.container !== undefined) parts.push(`container ${scope.container}`);
  if (scope.node !== undefined) parts.push(`node ${scope.node}`);
  return parts.join(', ');
}

function formatPercent(quantile: number): string {
  return String(Math.round(quantile * 1000) / 10);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
