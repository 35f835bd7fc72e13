/**
 * `triaged run` killed with SIGKILL in the middle of an investigation (the Kubernetes API slowed so
 * it is still gathering evidence), then started again on the same store: SQS redelivers the message
 * once its visibility lapses, the new process finishes the investigation, and in the end there is
 * one incident in the store and one top-level Slack message.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/adapters/store/sqlite-store.js';
import { startKubeApiServer, type KubeApiServer } from '../../src/sim/kube-api/index.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../src/sim/slack-api/server.js';
import { eventually } from '../support/daemon-harness.js';
import { killHard, spawnDaemon, writeKubeconfig, type DaemonProcess } from '../support/daemon-process.js';
import { crashLooping, plainAlarm, sendSqs, threads } from './helpers.js';

let dir: string;
let kube: KubeApiServer;
let slack: FakeSlackApi;
let sqs: FauxqsServer;
let env: Record<string, string>;
const processes: DaemonProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triaged-crash-'));
  kube = await startKubeApiServer({ controllers: { readyDelayMs: 100 } });
  crashLooping(kube, 'checkout');
  slack = await startFakeSlackApi();
  sqs = await startFauxqs({ port: 0, logger: false, messageSpies: { bufferSize: 100 } });
  const dlq = sqs.createQueue('alarms-dlq');
  const { queueUrl } = sqs.createQueue('alarms', { attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: 5 }) } });
  env = {
    PORT: '0',
    TRIAGED_STORE_PATH: join(dir, 'triaged.db'),
    KUBECONFIG: await writeKubeconfig(join(dir, 'kubeconfig'), kube.url),
    TRIAGED_KUBERNETES_WATCH: 'false',
    TRIAGED_CLUSTER_NAME: 'crash-test',
    SLACK_BOT_TOKEN: 'xoxb-crash-test',
    SLACK_SIGNING_SECRET: 'crash-test-signing-secret',
    TRIAGED_SLACK_CHANNEL: 'C0CRASH01',
    TRIAGED_SLACK_API_URL: slack.url,
    TRIAGED_SQS_QUEUE_URL: queueUrl,
    // A crashed replica's messages come back after this long.
    TRIAGED_SQS_VISIBILITY_TIMEOUT_SECONDS: '3',
    AWS_ENDPOINT_URL_SQS: sqs.address,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
  };
}, 60_000);

afterAll(async () => {
  for (const proc of processes) await killHard(proc);
  await slack?.close();
  await kube?.close();
  await sqs?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function storeView<T>(read: (store: ReturnType<typeof openSqliteStore>) => Promise<T>): Promise<T> {
  const store = openSqliteStore({ path: env.TRIAGED_STORE_PATH! });
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

describe('SIGKILL mid-investigation, then a restart', () => {
  it('redelivers the SQS message and finishes the investigation once: one incident, one Slack thread', async () => {
    // Every Kubernetes call takes 3 s: the investigation is still gathering evidence when killed.
    kube.faults.setDelay(3000);
    const first = spawnDaemon({ env });
    processes.push(first);
    await first.waitForLine((l) => l.msg === 'triaged started', 60_000);
    const messageId = await sendSqs(sqs.address, env.TRIAGED_SQS_QUEUE_URL!, plainAlarm('checkout'));
    await first.waitForLine((l) => l.msg === 'incident opened');
    await killHard(first);

    expect(first.lines.some((l) => l.msg === 'investigation finished')).toBe(false);
    expect(threads(slack.calls)).toHaveLength(0);
    expect(sqs.spy.checkForMessage({ messageId }, 'consumed')).toBeUndefined();
    const interrupted = await storeView((s) => s.listIncidents({ limit: 10 }));
    expect(interrupted.map((i) => i.status)).toEqual([expect.stringMatching(/^(open|investigating)$/)]);

    kube.faults.reset();
    const second = spawnDaemon({ env });
    processes.push(second);
    await second.waitForLine((l) => l.msg === 'triaged started', 60_000);
    await sqs.spy.waitForMessageWithId(messageId, 'consumed', 30_000);
    const redelivered = await second.waitForLine((l) => l.messageId === messageId && l.msg === 'sqs: message_processed');
    expect(redelivered.receiveCount).toBeGreaterThanOrEqual(2);
    await eventually('the finding in Slack', () => threads(slack.calls)[0]);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const incidents = await storeView((s) => s.listIncidents({ limit: 10 }));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.status).toBe('diagnosed');
    expect(incidents[0]!.thread?.ts).toBeTruthy();
    expect(await storeView((s) => s.latestFinding(incidents[0]!.id))).toBeDefined();
    expect(threads(slack.calls)).toHaveLength(1);
  });
});
