/**
 * A storm: 10,000 alarms of one incident, half as Alertmanager webhooks, half as SQS messages
 * (fauxqs), sent at once. Counts investigations and Slack threads (both should be 1) and the intake
 * rate: alarms recorded on the incident per second, from the first send to the last count.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { performance } from 'node:perf_hooks';
import type { Harness } from '../test/support/daemon-harness.js';
import { benchAlarm, NAMESPACE, postWebhook, webhookOf, workloadName } from './alarms.js';
import { incidentsByTarget, pool, topLevelPosts, until } from './rig.js';

export const STORM_ALARMS = 10_000;

export interface StormResult {
  readonly alarms: number;
  readonly viaAlertmanager: number;
  readonly viaSqs: number;
  readonly incidents: number;
  readonly investigations: number;
  readonly slackThreads: number;
  readonly alarmsPerSecond: number;
  readonly alertmanagerAlarmsPerSecond: number;
  readonly seconds: number;
}

export async function benchStorm(h: Harness): Promise<StormResult> {
  if (!h.sqs) throw new Error('bench: the storm needs SQS');
  const alarm = benchAlarm(0, 'pod-crash');
  const amCount = STORM_ALARMS / 2;
  const sqsCount = STORM_ALARMS - amCount;
  const webhook = webhookOf([alarm]);
  // The same incident as CloudWatch would raise it through EventBridge → SQS (triaged's plain JSON).
  const message = JSON.stringify({ name: 'KubePodCrashLooping', severity: 'critical', target: { namespace: NAMESPACE, kind: 'Deployment', name: workloadName(0) } });
  const sqs = new SQSClient({ region: 'us-east-1', endpoint: h.sqs.server.address, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const started = performance.now();
  let alertmanagerSeconds = 0;
  try {
    const batches = Array.from({ length: sqsCount / 10 }, (_, b) => b);
    const sending = pool(batches, 8, async (b) => {
      const entries = Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: message, MessageAttributes: { n: { DataType: 'Number', StringValue: String(b * 10 + i) } } }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: h.sqs!.queueUrl, Entries: entries }));
    });
    const posting = pool(Array.from({ length: amCount }), 48, async () => {
      const status = await postWebhook(h.baseUrl, webhook);
      if (status !== 202) throw new Error(`bench: Alertmanager answered ${status} during the storm`);
    }).then(() => (alertmanagerSeconds = (performance.now() - started) / 1000));
    await Promise.all([sending, posting]);
    await until(`${STORM_ALARMS} alarms counted on the incident`, async () => (await incidentsByTarget(h)).get(alarm.target)?.alarmCount === STORM_ALARMS, 300_000, 10);
  } finally {
    sqs.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  await until('the storm finding', () => topLevelPosts(h).length > 0, 60_000);
  const incidents = await h.daemon.store.listIncidents({ limit: 100 });
  return {
    alarms: STORM_ALARMS,
    viaAlertmanager: amCount,
    viaSqs: sqsCount,
    incidents: incidents.length,
    investigations: h.logLines.filter((l) => l.msg === 'investigation finished').length,
    slackThreads: topLevelPosts(h).length,
    alarmsPerSecond: Math.round(STORM_ALARMS / seconds),
    alertmanagerAlarmsPerSecond: Math.round(amCount / alertmanagerSeconds),
    seconds: Number(seconds.toFixed(2)),
  };
}
