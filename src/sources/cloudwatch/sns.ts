/**
 * Reads an SNS envelope (raw message delivery off) holding a classic CloudWatch alarm notification
 * into an AlarmStateChange. `Message` is a JSON string, parsed a second time.
 */
import { z } from 'zod';
import { readJson, readSchema, toRfc3339, type Read } from '../wire.js';
import type { AlarmStateChange } from './state-change.js';

const envelopeSchema = z.object({ Type: z.literal('Notification'), Message: z.string() });

/** SNS lists dimensions as `[{value, name}]`, unlike EventBridge's object. */
const dimensionsSchema = z.array(z.object({ name: z.string(), value: z.string() })).optional();

const messageSchema = z.object({
  AlarmName: z.string().min(1),
  AlarmDescription: z.string().nullish(),
  AlarmArn: z.string().optional(),
  AWSAccountId: z.string().optional(),
  NewStateValue: z.string(),
  StateChangeTime: z.string(),
  // Absent on composite alarms (they carry AlarmRule); math alarms carry Metrics[] and no MetricName.
  Trigger: z
    .object({
      MetricName: z.string().optional(),
      Namespace: z.string().optional(),
      Dimensions: dimensionsSchema,
      Metrics: z
        .array(
          z.object({
            Label: z.string().optional(),
            MetricStat: z
              .object({ Metric: z.object({ MetricName: z.string().optional(), Namespace: z.string().optional(), Dimensions: dimensionsSchema }) })
              .optional(),
          }),
        )
        .optional(),
    })
    .nullish(),
  AlarmTags: z.record(z.string(), z.string()).optional(),
});

type Dimensions = z.infer<typeof dimensionsSchema>;

const dimensionsOf = (list: Dimensions): Record<string, string> => Object.fromEntries((list ?? []).map((d) => [d.name, d.value]));

export function readSnsNotification(envelope: unknown): Read<AlarmStateChange> {
  const outer = readSchema(envelopeSchema, envelope, 'SNS notification');
  if (!outer.ok) return outer;
  const json = readJson(outer.value.Message, 'SNS Message');
  if (!json.ok) return json;
  const read = readSchema(messageSchema, json.value, 'SNS Message');
  if (!read.ok) return read;
  const message = read.value;
  const changedAt = toRfc3339(message.StateChangeTime);
  if (!changedAt) return { ok: false, reason: `SNS Message StateChangeTime "${message.StateChangeTime}" is not a timestamp` };
  const trigger = message.Trigger ?? {};
  const single = trigger.MetricName ? [{ namespace: trigger.Namespace, name: trigger.MetricName, dimensions: dimensionsOf(trigger.Dimensions) }] : [];
  const inputs = (trigger.Metrics ?? []).flatMap(({ MetricStat }) =>
    MetricStat ? [{ namespace: MetricStat.Metric.Namespace, name: MetricStat.Metric.MetricName, dimensions: dimensionsOf(MetricStat.Metric.Dimensions) }] : [],
  );
  return {
    ok: true,
    value: {
      name: message.AlarmName,
      arn: message.AlarmArn,
      account: message.AWSAccountId,
      stateValue: message.NewStateValue,
      changedAt,
      description: message.AlarmDescription ?? undefined,
      metrics: [...single, ...inputs],
      metricLabels: (trigger.Metrics ?? []).flatMap(({ Label }) => (Label ? [Label] : [])),
      tags: message.AlarmTags ?? {},
      raw: envelope,
    },
  };
}
