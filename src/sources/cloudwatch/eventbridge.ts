/** Reads an EventBridge "CloudWatch Alarm State Change" event (metric, metric-math or composite alarm) into an AlarmStateChange. */
import { z } from 'zod';
import { readSchema, toRfc3339, type Read } from '../wire.js';
import type { AlarmStateChange } from './state-change.js';

const stateSchema = z.object({ value: z.string(), timestamp: z.string().optional() });

const eventSchema = z.object({
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  time: z.string().optional(),
  account: z.string().optional(),
  resources: z.array(z.string()).optional(),
  detail: z.object({
    alarmName: z.string().min(1),
    state: stateSchema,
    previousState: stateSchema.optional(),
    configuration: z
      .object({
        description: z.string().nullish(),
        // Math alarms mix expression entries (label only) with metricStat entries (the inputs).
        metrics: z
          .array(
            z.object({
              label: z.string().optional(),
              metricStat: z
                .object({
                  metric: z.object({
                    namespace: z.string().optional(),
                    name: z.string().optional(),
                    dimensions: z.record(z.string(), z.string()).optional(),
                  }),
                })
                .optional(),
            }),
          )
          .optional(),
      })
      .optional(),
    alarmTags: z.record(z.string(), z.string()).optional(),
  }),
});

export function readEventBridgeEvent(event: unknown): Read<AlarmStateChange> {
  const read = readSchema(eventSchema, event, 'EventBridge');
  if (!read.ok) return read;
  const { detail, resources, account, time } = read.value;
  const changedAt = toRfc3339(detail.state.timestamp) ?? toRfc3339(time);
  if (!changedAt) return { ok: false, reason: 'EventBridge detail.state.timestamp missing or not a timestamp' };
  const metrics = detail.configuration?.metrics ?? [];
  const previous = detail.previousState;
  const alarmSince = previous?.value === 'ALARM' ? toRfc3339(previous.timestamp) : undefined;
  return {
    ok: true,
    value: {
      name: detail.alarmName,
      arn: resources?.find((r) => r.includes(':alarm:')),
      account,
      stateValue: detail.state.value,
      changedAt,
      alarmSince,
      description: detail.configuration?.description ?? undefined,
      metrics: metrics.flatMap(({ metricStat }) =>
        metricStat ? [{ namespace: metricStat.metric.namespace, name: metricStat.metric.name, dimensions: metricStat.metric.dimensions ?? {} }] : [],
      ),
      metricLabels: metrics.flatMap(({ label }) => (label ? [label] : [])),
      tags: detail.alarmTags ?? {},
      raw: event,
    },
  };
}
