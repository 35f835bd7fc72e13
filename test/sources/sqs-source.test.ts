import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TriagedError } from '../../src/domain/errors.js';
import type { Alarm } from '../../src/domain/alarm.js';
import type { IntakeReceipt } from '../../src/ports/intake.js';
import { backoffDelayMs } from '../../src/sources/sqs/backoff.js';
import { createSqsClient } from '../../src/sources/sqs/client.js';
import { SqsAlarmSource, type SqsAlarmSourceOptions } from '../../src/sources/sqs/source.js';
import { CaptureLogger, fixtureJson, fixtureText, gate, MemorySink } from './helpers.js';

const EVENTBRIDGE = fixtureText('aws/eventbridge-alarm-state-change-metric.json');
const WAIT = 5_000;

let fauxqs: FauxqsServer;
let client: SQSClient;
let queueSeq = 0;
const running: SqsAlarmSource[] = [];

beforeAll(async () => {
  fauxqs = await startFauxqs({ port: 0, logger: false, messageSpies: { bufferSize: 1000 } });
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  client = createSqsClient({ region: 'us-east-1', endpoint: fauxqs.address });
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

afterAll(async () => {
  client.destroy();
  await fauxqs.stop();
  vi.unstubAllEnvs();
});

/** A fresh queue with a redrive policy to its own DLQ (maxReceiveCount 2). */
function queuePair(): { name: string; url: string; dlq: string } {
  queueSeq += 1;
  const dlq = fauxqs.createQueue(`alarms-${queueSeq}-dlq`);
  const name = `alarms-${queueSeq}`;
  const { queueUrl } = fauxqs.createQueue(name, {
    attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: 2 }) },
  });
  return { name, url: queueUrl, dlq: dlq.queueName };
}

function source(queueUrl: string, sink: MemorySink, logger: CaptureLogger, options: Partial<SqsAlarmSourceOptions> = {}): SqsAlarmSource {
  const s = new SqsAlarmSource({
    client,
    queueUrl,
    sink,
    logger,
    waitTimeSeconds: 1,
    visibilityTimeout: 10,
    heartbeatSeconds: 3,
    redeliveryBackoff: { initialMs: 0, maxMs: 0 },
    capacityRecheckMs: 20,
    stopGraceMs: 2_000,
    random: () => 0.5,
    ...options,
  });
  running.push(s);
  s.start();
  return s;
}

async function send(queueUrl: string, body: string): Promise<string> {
  const { MessageId } = await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  return MessageId ?? '';
}

const consumed = (messageId: string) => fauxqs.spy.waitForMessageWithId(messageId, 'consumed', WAIT);
const isConsumed = (messageId: string) => fauxqs.spy.checkForMessage((m) => m.service === 'sqs' && m.messageId === messageId, 'consumed') !== undefined;

function receipt(settled: Promise<void>): IntakeReceipt {
  return { outcome: 'opened', settled };
}

describe('SqsAlarmSource on fauxqs', () => {
  it('accepts the EventBridge alarm and deletes the message only after its investigation settled', async () => {
    const queue = queuePair();
    const investigation = gate();
    const sink = new MemorySink({ accept: async () => receipt(investigation.promise) });
    source(queue.url, sink, new CaptureLogger());
    const id = await send(queue.url, EVENTBRIDGE);

    await sink.until((s) => s.accepted.length === 1);
    expect(sink.accepted[0]).toMatchObject({ source: 'cloudwatch', name: 'shop-checkout-pod-memory-high', state: 'firing', kind: 'memory' });
    expect(isConsumed(id)).toBe(false);
    expect(fauxqs.inspectQueue(queue.name)?.messages.inflight).toHaveLength(1);

    investigation.open();
    await consumed(id);
    expect(fauxqs.inspectQueue(queue.name)?.messages).toMatchObject({ ready: [], inflight: [] });
  });

  it('keeps a slow message invisible with heartbeats while a fast one is deleted (no head-of-line blocking)', async () => {
    const queue = queuePair();
    const slow = gate();
    const logger = new CaptureLogger();
    const sink = new MemorySink({ accept: async (alarm: Alarm) => receipt(alarm.name === 'slow' ? slow.promise : Promise.resolve()) });
    source(queue.url, sink, logger, { visibilityTimeout: 3, heartbeatSeconds: 1 });
    const slowId = await send(queue.url, JSON.stringify({ name: 'slow', target: { namespace: 'shop', name: 'checkout' } }));
    const fastId = await send(queue.url, JSON.stringify({ name: 'fast', target: { namespace: 'shop', name: 'cart' } }));

    await consumed(fastId);
    // Four renewals of a 3 s visibility: without them the slow message would be visible again by now.
    await logger.until('sqs: visibility extended', 4);
    expect(sink.accepted.map((a) => a.name).sort()).toEqual(['fast', 'slow']);
    expect(fauxqs.inspectQueue(queue.name)?.messages.ready).toEqual([]);
    expect(isConsumed(slowId)).toBe(false);

    slow.open();
    await consumed(slowId);
    expect(sink.accepted.filter((a) => a.name === 'slow')).toHaveLength(1);
  });

  it('records a malformed body as rejected, then deletes it', async () => {
    const queue = queuePair();
    const sink = new MemorySink();
    source(queue.url, sink, new CaptureLogger());
    const id = await send(queue.url, '{"Type":"Notification","Message":"ALARM: memory high"}');
    await consumed(id);
    expect(sink.rejected).toEqual([
      { source: 'cloudwatch', deliveryId: id, reason: expect.stringMatching(/^SNS Message is not JSON/), body: '{"Type":"Notification","Message":"ALARM: memory high"}' },
    ]);
    expect(sink.accepted).toEqual([]);
  });

  it.each([
    ['accept rejects as retryable (queue full)', { accept: () => Promise.reject(new TriagedError('QUEUE_FULL', 'queue at its bound')) }, EVENTBRIDGE],
    ['settled rejects (investigation failed)', { accept: async () => receipt(Promise.reject(new TriagedError('STORE_UNAVAILABLE', 'db locked'))) }, EVENTBRIDGE],
    ['the rejection cannot be recorded (store down)', { reject: () => Promise.reject(new TriagedError('STORE_UNAVAILABLE', 'db locked')) }, 'not json'],
  ])('never deletes a message when %s: it reaches the DLQ by receive count', async (_label, sinkOptions, body) => {
    const queue = queuePair();
    const logger = new CaptureLogger();
    source(queue.url, new MemorySink(sinkOptions), logger);
    const id = await send(queue.url, body);
    await fauxqs.spy.waitForMessage((m) => m.service === 'sqs' && m.messageId === id && m.queueName === queue.name, 'dlq', WAIT);
    expect(isConsumed(id)).toBe(false);
    const failures = logger.messages('sqs: message_error, left for redelivery');
    expect(failures.map((f) => f.fields['receiveCount'])).toEqual([1, 2]);
    expect(fauxqs.inspectQueue(queue.dlq)?.messages.ready.map((m) => m.messageId)).toEqual([id]);
  });

  it('parses the classic notification delivered by an SNS → SQS subscription', async () => {
    const queue = queuePair();
    fauxqs.createTopic(`triaged-alarms-${queueSeq}`);
    fauxqs.subscribe({ topic: `triaged-alarms-${queueSeq}`, queue: queue.name });
    const sink = new MemorySink();
    source(queue.url, sink, new CaptureLogger());
    const { Message, Subject } = fixtureJson('aws/sqs-body-sns-cloudwatch-alarm.json') as { Message: string; Subject: string };
    fauxqs.publish(`triaged-alarms-${queueSeq}`, Message, { subject: Subject });

    await sink.until((s) => s.accepted.length === 1);
    expect(sink.accepted[0]).toMatchObject({
      name: 'shop-checkout-pod-memory-high',
      state: 'firing',
      kind: 'memory',
      target: { namespace: 'shop', name: 'checkout' },
      externalId: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-checkout-pod-memory-high',
    });
    await fauxqs.spy.waitForMessage((m) => m.service === 'sqs' && m.queueName === queue.name, 'consumed', WAIT);
  });

  it('does not receive while intake has no capacity, and resumes when it has', async () => {
    const queue = queuePair();
    let capacity = false;
    let checks = 0;
    const sink = new MemorySink({
      hasCapacity: () => {
        checks += 1;
        return capacity;
      },
    });
    const logger = new CaptureLogger();
    source(queue.url, sink, logger);
    const id = await send(queue.url, EVENTBRIDGE);
    await vi.waitFor(() => expect(checks).toBeGreaterThanOrEqual(5), { timeout: WAIT, interval: 10 });
    expect(fauxqs.inspectQueue(queue.name)?.messages.ready.map((m) => m.approximateReceiveCount)).toEqual([0]);
    capacity = true;
    await consumed(id);
    expect(sink.accepted).toHaveLength(1);
  });

  it('backs off exponentially on SQS errors instead of spinning', async () => {
    const logger = new CaptureLogger();
    source(`${fauxqs.address}/000000000000/no-such-queue`, new MemorySink(), logger, { errorBackoff: { initialMs: 20, maxMs: 80 } });
    const failures = await logger.until('sqs: receive failed', 5);
    expect(failures.slice(0, 5).map((f) => f.fields['delayMs'])).toEqual([15, 30, 60, 60, 60]);
    expect(failures[0]?.fields['err']).toMatch(/SQS ReceiveMessage on .*no-such-queue failed/);
  });

  it('stop() aborts the pending receive, waits out its grace, and leaves no timers behind', async () => {
    const queue = queuePair();
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const never = gate();
    const logger = new CaptureLogger();
    const sink = new MemorySink({ accept: async () => receipt(never.promise) });
    const s = source(queue.url, sink, logger, { waitTimeSeconds: 20, stopGraceMs: 100, visibilityTimeout: 30, heartbeatSeconds: 10 });
    const id = await send(queue.url, EVENTBRIDGE);
    await sink.until((x) => x.accepted.length === 1);

    await s.stop();
    expect(s.isRunning).toBe(false);
    expect(logger.messages('sqs: stop grace elapsed; unfinished messages will be redelivered')).toHaveLength(1);
    expect(logger.messages('sqs: stopped')).toHaveLength(1);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(timersBefore);
    expect(isConsumed(id)).toBe(false);
  });

  it('reaches the queue through AWS_ENDPOINT_URL_SQS when no endpoint is given', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SQS', fauxqs.address);
    const envClient = createSqsClient({ region: 'us-east-1' });
    try {
      const queue = queuePair();
      const sink = new MemorySink();
      running.push(new SqsAlarmSource({ client: envClient, queueUrl: queue.url, sink, logger: new CaptureLogger(), waitTimeSeconds: 1 }));
      running.at(-1)?.start();
      const id = await send(queue.url, EVENTBRIDGE);
      await consumed(id);
      expect(sink.accepted).toHaveLength(1);
    } finally {
      await Promise.all(running.splice(0).map((s) => s.stop()));
      envClient.destroy();
    }
  });
});

describe('SqsAlarmSource options', () => {
  it.each([
    [{ batchSize: 11 }, /batchSize 11 is not within 1–10/],
    [{ waitTimeSeconds: 21 }, /waitTimeSeconds 21 is not within 0–20/],
    [{ visibilityTimeout: 10, heartbeatSeconds: 10 }, /heartbeatSeconds 10 must be below visibilityTimeout 10/],
  ])('refuses %j', (options, message) => {
    expect(() => new SqsAlarmSource({ client, queueUrl: 'q', sink: new MemorySink(), logger: new CaptureLogger(), ...options })).toThrow(message);
  });

  it('backoffDelayMs doubles up to the cap, with jitter in [cap/2, cap]', () => {
    const backoff = { initialMs: 1_000, maxMs: 30_000 };
    expect([1, 2, 3, 6, 20].map((n) => backoffDelayMs(n, backoff, () => 1))).toEqual([1_000, 2_000, 4_000, 30_000, 30_000]);
    expect(backoffDelayMs(3, backoff, () => 0)).toBe(2_000);
  });
});
