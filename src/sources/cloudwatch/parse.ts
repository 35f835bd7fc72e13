/**
 * Parses one body of the CloudWatch alarm queue (read by sources/sqs) into Alarms. One queue gets
 * three shapes, told apart by their keys:
 *
 * - `"detail-type"`: an EventBridge "CloudWatch Alarm State Change" (metric, metric-math, composite);
 * - `"Type": "Notification"`: an SNS envelope whose `Message` string is the classic alarm notification;
 * - otherwise: our plain JSON alarm (schema in plain.ts).
 *
 * Mapping (state-change.ts): ALARM → firing, OK → resolved, INSUFFICIENT_DATA → `{ ok: true,
 * alarms: [] }` (a valid message that neither opens nor closes anything; the SQS source deletes it).
 * name = AlarmName; externalId = alarm ARN; region label from the ARN (SNS gives a display name);
 * startsAt = the state change (on OK: when the ALARM began, if EventBridge says, with endsAt = the
 * change). Severity: a `severity` alarm tag, else critical when the name or description says
 * critical/crit/sev1/p1, else warning. Kind hint from the metric names (then math labels, alarm name,
 * description): node_* → node, memory/OOM → memory, cpu/throttling → cpu, latency/ResponseTime/pNN/5XX
 * → latency, restarts → crash. Target from dimensions: Namespace; FullPodName → Pod; PodName (a
 * workload name in Container Insights) → name without kind; Service → Service; NodeName → Node;
 * ClusterName and load balancer / target group dimensions → labels only. Tags and dimensions
 * become labels; the chaos tag marks a drill.
 */
import type { ParseResult } from '../../domain/alarm.js';
import { readJson } from '../wire.js';
import { readEventBridgeEvent } from './eventbridge.js';
import { parsePlainAlarm } from './plain.js';
import { readSnsNotification } from './sns.js';
import { alarmFromStateChange } from './state-change.js';

export interface CloudWatchParseOptions {
  /** RFC 3339 time the transport received the body (SQS SentTimestamp): startsAt for plain alarms without one. */
  readonly receivedAt?: string;
}

export function parseCloudWatchBody(body: string, options: CloudWatchParseOptions = {}): ParseResult {
  const json = readJson(body, 'body');
  if (!json.ok) return json;
  const value = json.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'body is not a JSON object' };
  if ('detail-type' in value || 'Type' in value) {
    const change = 'detail-type' in value ? readEventBridgeEvent(value) : readSnsNotification(value);
    return change.ok ? alarmFromStateChange(change.value) : change;
  }
  return parsePlainAlarm(value, options.receivedAt);
}
