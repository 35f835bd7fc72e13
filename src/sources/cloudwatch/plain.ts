/**
 * Our own plain JSON alarm, for publishers that are neither CloudWatch nor Alertmanager (scripts,
 * other monitors): `{ name, severity?, kind?, state?, target: {namespace?, kind?, name?},
 * description?, startsAt?, labels? }`. `state` defaults to firing, `severity` to warning, `kind`
 * to the hint from the name; `startsAt` (RFC 3339) to the time the queue received the message.
 */
import { z } from 'zod';
import { ALARM_KINDS, normalizeSeverity, type ParseResult } from '../../domain/alarm.js';
import { isDrill, kindHint } from '../hints.js';
import { readSchema, toRfc3339 } from '../wire.js';

const name = z.string().min(1);

const plainAlarmSchema = z.object({
  name,
  severity: z.string().optional(),
  kind: z.enum(ALARM_KINDS).optional(),
  state: z.enum(['firing', 'resolved']).optional(),
  target: z.object({ namespace: name.optional(), kind: name.optional(), name: name.optional() }),
  description: z.string().optional(),
  startsAt: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

export function parsePlainAlarm(value: unknown, receivedAt: string | undefined): ParseResult {
  const read = readSchema(plainAlarmSchema, value, 'triaged alarm');
  if (!read.ok) return read;
  const plain = read.value;
  if (plain.startsAt !== undefined && !toRfc3339(plain.startsAt)) {
    return { ok: false, reason: `triaged alarm startsAt "${plain.startsAt}" is not an RFC 3339 timestamp` };
  }
  const startsAt = toRfc3339(plain.startsAt) ?? receivedAt;
  if (!startsAt) return { ok: false, reason: 'triaged alarm startsAt missing and the receive time is unknown' };
  const labels = plain.labels ?? {};
  return {
    ok: true,
    alarms: [
      {
        source: 'cloudwatch',
        name: plain.name,
        kind: plain.kind ?? kindHint(plain.name, plain.description),
        severity: normalizeSeverity(plain.severity),
        state: plain.state ?? 'firing',
        target: plain.target,
        startsAt,
        ...(plain.description ? { description: plain.description } : {}),
        labels,
        ...(isDrill(labels) ? { drill: true } : {}),
        raw: value,
      },
    ],
  };
}
