/**
 * The one shape both CloudWatch carriers (EventBridge event, SNS notification) are read into, and
 * its mapping onto an Alarm: state, severity, kind hint, target and labels, as documented in parse.ts.
 */
import { normalizeSeverity, type Alarm, type ParseResult, type Severity } from '../../domain/alarm.js';
import type { TargetRef } from '../../domain/target.js';
import { isDrill, kindHint, wordsOf } from '../hints.js';

export interface MetricRef {
  readonly namespace?: string;
  readonly name?: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

export interface AlarmStateChange {
  readonly name: string;
  readonly arn?: string;
  readonly account?: string;
  /** `ALARM`, `OK` or `INSUFFICIENT_DATA` as CloudWatch spells it. */
  readonly stateValue: string;
  /** RFC 3339: when the alarm entered `stateValue`. */
  readonly changedAt: string;
  /** RFC 3339: when the ALARM that an OK ends began, when the carrier says so. */
  readonly alarmSince?: string;
  readonly description?: string;
  /** The metrics the alarm reads (the inputs of a math expression); empty for composite alarms. */
  readonly metrics: readonly MetricRef[];
  /** Metric-math expression labels, e.g. "checkout 5xx %". */
  readonly metricLabels: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly raw: unknown;
}

const CRITICAL_WORDS = new Set(['critical', 'crit', 'sev1', 'p1']);

export function alarmFromStateChange(change: AlarmStateChange): ParseResult {
  if (change.stateValue === 'INSUFFICIENT_DATA') return { ok: true, alarms: [] };
  if (change.stateValue !== 'ALARM' && change.stateValue !== 'OK') {
    return { ok: false, reason: `CloudWatch state "${change.stateValue}" is not ALARM, OK or INSUFFICIENT_DATA` };
  }
  const firing = change.stateValue === 'ALARM';
  const dimensions = Object.assign({}, ...[...change.metrics].reverse().map((m) => m.dimensions)) as Record<string, string>;
  const region = change.arn?.split(':')[3];
  const first = change.metrics[0];
  const labels: Record<string, string> = {
    ...dimensions,
    ...change.tags,
    ...(region ? { region } : {}),
    ...(change.account ? { account: change.account } : {}),
    ...(first?.namespace ? { metric_namespace: first.namespace } : {}),
    ...(first?.name ? { metric_name: first.name } : {}),
  };
  const alarm: Alarm = {
    source: 'cloudwatch',
    name: change.name,
    kind: kindHint(...change.metrics.map((m) => m.name), ...change.metricLabels, change.name, change.description),
    severity: severityOf(change),
    state: firing ? 'firing' : 'resolved',
    target: targetOf(dimensions),
    startsAt: firing ? change.changedAt : (change.alarmSince ?? change.changedAt),
    ...(firing ? {} : { endsAt: change.changedAt }),
    ...(change.description ? { description: change.description } : {}),
    ...(change.arn ? { externalId: change.arn } : {}),
    labels,
    ...(isDrill(change.tags) ? { drill: true } : {}),
    raw: change.raw,
  };
  return { ok: true, alarms: [alarm] };
}

/** A `severity` tag wins; otherwise `critical` when the name or description says so; else `warning`. */
function severityOf(change: AlarmStateChange): Severity {
  const tag = Object.entries(change.tags).find(([key]) => key.toLowerCase() === 'severity')?.[1];
  if (tag) return normalizeSeverity(tag);
  const words = wordsOf(`${change.name} ${change.description ?? ''}`);
  return words.some((w) => CRITICAL_WORDS.has(w)) ? 'critical' : 'warning';
}

/**
 * Container Insights dimensions: `FullPodName` is a pod, `PodName` the workload's name (kind left
 * open: the scope step tries each workload kind), `Service` a Service, `NodeName` a Node. Load
 * balancer and target group dimensions name no Kubernetes object.
 */
function targetOf(dimensions: Readonly<Record<string, string>>): TargetRef {
  const namespace = dimensions['Namespace'];
  const inNamespace = namespace ? { namespace } : {};
  if (dimensions['FullPodName']) return { ...inNamespace, kind: 'Pod', name: dimensions['FullPodName'] };
  if (dimensions['PodName']) return { ...inNamespace, name: dimensions['PodName'] };
  if (dimensions['Service']) return { ...inNamespace, kind: 'Service', name: dimensions['Service'] };
  if (dimensions['NodeName']) return { kind: 'Node', name: dimensions['NodeName'] };
  return inNamespace;
}
