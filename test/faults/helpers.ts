/** What the fault tests share: alarms in over HTTP and SQS, the Slack posts out, a crash-looping workload to point at. */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { alertmanagerWebhook } from '../../src/sim/alertmanager.js';
import { crashLoopingDeployment, type KubeApiServer } from '../../src/sim/kube-api/index.js';
import type { Harness } from '../support/daemon-harness.js';

export function crashLooping(kube: KubeApiServer, name: string): void {
  crashLoopingDeployment({ store: kube.store, controllers: kube.controllers }, { namespace: 'shop', name, replicas: 1, exitCode: 1, logs: 'panic: nil pointer dereference', fixedByRestart: true });
}

export function firing(workload: string, annotations: Record<string, string> = {}): string {
  return JSON.stringify(
    alertmanagerWebhook([{ labels: { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'shop', deployment: workload }, annotations, startsAt: new Date(Date.now() - 60_000).toISOString() }]),
  );
}

/** The same alarm as triaged's plain JSON on SQS (a publisher that is neither CloudWatch nor Alertmanager). */
export function plainAlarm(workload: string): string {
  return JSON.stringify({ name: 'KubePodCrashLooping', severity: 'critical', target: { namespace: 'shop', kind: 'Deployment', name: workload } });
}

export async function postAlertmanager(h: Pick<Harness, 'baseUrl'>, body: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${h.baseUrl}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function sendSqs(endpoint: string, queueUrl: string, body: string): Promise<string> {
  const sqs = new SQSClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    return sent.MessageId ?? '';
  } finally {
    sqs.destroy();
  }
}

type Call = Harness['slack']['calls'][number];

export function postMessages(calls: readonly Call[]): Call[] {
  return calls.filter((c) => c.method === 'chat.postMessage' && !c.args.thread_ts);
}

/** Top-level messages Slack accepted. */
export function threads(calls: readonly Call[]): Call[] {
  return postMessages(calls).filter((c) => c.status === 200);
}
