/**
 * Parses an Alertmanager webhook body (payload version 4; the 0.25 and 0.34 shapes, unknown keys
 * ignored) into one Alarm per alert, for the receiver. Each alert's own `status` decides its state
 * (the top-level status is `firing` if any alert fires). name = `alertname`, externalId = the
 * alert fingerprint, severity from the `severity` label (default warning), description from the
 * `description`, `summary` or `message` annotation, endsAt only when not Go's zero time. Target:
 * `namespace` plus the first of pod, deployment, statefulset, daemonset, job_name, node, service
 * (`service` last: the Prometheus Operator sets it to the scraped exporter's Service).
 */
import { z } from 'zod';
import { normalizeSeverity, type Alarm, type ParseResult } from '../../domain/alarm.js';
import type { TargetRef } from '../../domain/target.js';
import { isDrill, kindHint } from '../hints.js';
import { readSchema, toRfc3339 } from '../wire.js';

const labelsSchema = z.record(z.string(), z.string());

const alertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelsSchema.refine((labels) => Boolean(labels['alertname']), 'alertname label missing'),
  annotations: labelsSchema.optional(),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  fingerprint: z.string().optional(),
});

const webhookSchema = z.object({
  version: z.literal('4'),
  alerts: z.array(z.unknown()),
});

const TARGET_LABELS: readonly (readonly [string, string])[] = [
  ['pod', 'Pod'],
  ['deployment', 'Deployment'],
  ['statefulset', 'StatefulSet'],
  ['daemonset', 'DaemonSet'],
  ['job_name', 'Job'],
  ['node', 'Node'],
  ['service', 'Service'],
];

/** Go's zero time, sent as `endsAt` of firing alerts. */
const GO_ZERO_TIME_YEAR = '0001-';

export function parseAlertmanagerWebhook(body: unknown): ParseResult {
  const webhook = readSchema(webhookSchema, body, 'Alertmanager webhook');
  if (!webhook.ok) return webhook;
  const alarms: Alarm[] = [];
  for (const [index, raw] of webhook.value.alerts.entries()) {
    const alarm = alarmOf(raw, index);
    if (!alarm.ok) return alarm;
    alarms.push(alarm.value);
  }
  return { ok: true, alarms };
}

function alarmOf(raw: unknown, index: number): { ok: true; value: Alarm } | { ok: false; reason: string } {
  const read = readSchema(alertSchema, raw, `Alertmanager alerts[${index}]`);
  if (!read.ok) return read;
  const alert = read.value;
  const startsAt = toRfc3339(alert.startsAt);
  if (!startsAt) return { ok: false, reason: `Alertmanager alerts[${index}].startsAt "${alert.startsAt}" is not a timestamp` };
  const endsAt = alert.endsAt?.startsWith(GO_ZERO_TIME_YEAR) ? undefined : toRfc3339(alert.endsAt);
  const { labels } = alert;
  const name = labels['alertname'] ?? '';
  const annotations = alert.annotations ?? {};
  const description = annotations['description'] || annotations['summary'] || annotations['message'];
  return {
    ok: true,
    value: {
      source: 'alertmanager',
      name,
      kind: kindHint(name),
      severity: normalizeSeverity(labels['severity']),
      state: alert.status,
      target: targetOf(labels),
      startsAt,
      ...(endsAt ? { endsAt } : {}),
      ...(description ? { description } : {}),
      ...(alert.fingerprint ? { externalId: alert.fingerprint } : {}),
      labels,
      ...(isDrill(labels) ? { drill: true } : {}),
      raw,
    },
  };
}

function targetOf(labels: Readonly<Record<string, string>>): TargetRef {
  const namespace = labels['namespace'] ? { namespace: labels['namespace'] } : {};
  const match = TARGET_LABELS.find(([label]) => labels[label]);
  if (!match) return namespace;
  const [label, kind] = match;
  // Nodes are cluster-scoped: a namespace label on a node alert is the exporter's.
  return kind === 'Node' ? { kind, name: labels[label] } : { ...namespace, kind, name: labels[label] };
}
