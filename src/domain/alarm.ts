/**
 * The one shape every source turns its wire format into. Sources (SQS, Alertmanager, Kubernetes,
 * GitHub, CLI) produce it; intake fingerprints it; the engine picks a playbook from it.
 */
import type { TargetRef } from './target.js';

export const ALARM_SOURCES = ['cloudwatch', 'alertmanager', 'kubernetes', 'github', 'manual'] as const;
export type AlarmSource = (typeof ALARM_SOURCES)[number];

export const ALARM_KINDS = ['memory', 'cpu', 'latency', 'node', 'crash', 'deployment', 'unknown'] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `firing` opens or updates an incident; `resolved` closes it. */
export type AlarmState = 'firing' | 'resolved';

export interface Alarm {
  readonly source: AlarmSource;
  /** Alarm name as the source calls it (CloudWatch AlarmName, Alertmanager alertname, event reason). */
  readonly name: string;
  readonly kind: AlarmKind;
  readonly severity: Severity;
  readonly state: AlarmState;
  readonly target: TargetRef;
  /** RFC 3339: when the condition began (not when we received it). */
  readonly startsAt: string;
  /** RFC 3339: when the condition ended, on `resolved` alarms whose source says so. */
  readonly endsAt?: string;
  readonly description?: string;
  /** The source's own id for this alarm (Alertmanager fingerprint, CloudWatch alarm ARN, Event uid). */
  readonly externalId?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** True when the target carries the chaos label `triaged.dev/chaos`: a drill, not a real incident. */
  readonly drill?: boolean;
  /** The original event, untouched (kept in the snapshot). */
  readonly raw: unknown;
}

/** A body a source could not turn into an Alarm: recorded with its reason, never dropped silently. */
export interface RejectedAlarm {
  readonly source: AlarmSource;
  /** The source's id for the delivery (SQS MessageId, HTTP request id) when there is one. */
  readonly deliveryId?: string;
  readonly reason: string;
  /** The body as received, truncated by the store if very large. */
  readonly body: string;
}

/** What parsing one delivery yields: several alarms (an Alertmanager group), or one rejection. */
export type ParseResult =
  | { readonly ok: true; readonly alarms: readonly Alarm[] }
  | { readonly ok: false; readonly reason: string };

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 3, warning: 2, info: 1 };

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** Maps free-form severities (Alertmanager labels, CloudWatch tags) onto ours. */
export function normalizeSeverity(value: string | undefined, fallback: Severity = 'warning'): Severity {
  const v = (value ?? '').toLowerCase();
  if (['critical', 'crit', 'page', 'high', 'p1', 'sev1', 'error', 'emergency', 'alert'].includes(v)) return 'critical';
  if (['warning', 'warn', 'medium', 'p2', 'p3', 'sev2', 'sev3'].includes(v)) return 'warning';
  if (['info', 'informational', 'low', 'none', 'notice', 'p4', 'p5'].includes(v)) return 'info';
  return fallback;
}
