/**
 * SQS failing under the daemon. Against an endpoint that answers every call with a 500 or a
 * throttling error, the poller backs off (delays doubling, a handful of calls, no busy loop). A
 * message whose handling fails every time (the store locked) is never deleted: its receive count
 * grows until the queue's redrive policy moves it to the DLQ.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/daemon-harness.js';
import { plainAlarm, sendSqs } from './helpers.js';

let h: Harness | undefined;
let server: Server | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** An SQS endpoint (AWS JSON protocol) that fails every call, alternating a 500 and throttling. */
async function failingSqs(): Promise<{ url: string; targets: string[] }> {
  const targets: string[] = [];
  server = createServer((req, res) => {
    req.resume();
    targets.push(String(req.headers['x-amz-target'] ?? req.url));
    const throttle = targets.length % 2 === 0;
    const body = throttle ? { __type: 'com.amazonaws.sqs#ThrottlingException', message: 'Rate exceeded' } : { __type: 'com.amazonaws.sqs#InternalError', message: 'We encountered an internal error' };
    res.writeHead(throttle ? 400 : 500, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': throttle ? 'ThrottlingException;Sender' : 'InternalError;Receiver' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, targets };
}

describe('SQS errors and throttling', () => {
  it('backs off between failed receives instead of looping', async () => {
    const endpoint = await failingSqs();
    h = await startHarness({
      env: { TRIAGED_SQS_QUEUE_URL: `${endpoint.url}/000000000000/triaged-alarms`, AWS_REGION: 'us-east-1' },
      processEnv: { AWS_ENDPOINT_URL_SQS: endpoint.url, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' },
      sqsTimings: { errorBackoff: { initialMs: 200, maxMs: 30_000 } },
    });
    const failures = await eventually(
      'three failed receives',
      () => {
        const lines = h!.logLines.filter((l) => l.msg === 'sqs: receive failed');
        return lines.length >= 3 && lines;
      },
      30_000,
    );
    // Equal jitter: failure n waits within [cap/2, cap], cap = 200 ms · 2^(n-1).
    const delays = failures.slice(0, 3).map((l) => Number(l.delayMs));
    expect(failures.slice(0, 3).map((l) => l.failures)).toEqual([1, 2, 3]);
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(100 * 2 ** i);
      expect(delay).toBeLessThanOrEqual(200 * 2 ** i);
    });
    // Each failed receive costs the SDK's own attempts (3 by default), nothing more.
    const receives = endpoint.targets.filter((t) => t.endsWith('ReceiveMessage'));
    expect(receives.length).toBeLessThanOrEqual(3 * (failures.length + 1));
    expect(endpoint.targets.every((t) => t.endsWith('ReceiveMessage'))).toBe(true);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });

  it('a message that always fails ends in the DLQ through its receive count, never deleted unprocessed', async () => {
    h = await startHarness({ sqs: true, maxReceiveCount: 2, sqsTimings: { waitTimeSeconds: 1, redeliveryBackoff: { initialMs: 500, maxMs: 500 } } });
    const path = (h.daemon.store as unknown as { path: string }).path;
    const holder = new Database(path);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const messageId = await sendSqs(h.sqs!.server.address, h.sqs!.queueUrl, plainAlarm('checkout'));
      const moved = await h.sqs!.server.spy.waitForMessageWithId(messageId, 'dlq', 30_000);
      expect(moved).toMatchObject({ service: 'sqs', status: 'dlq' });
      expect(h.sqs!.server.spy.checkForMessage({ messageId }, 'consumed')).toBeUndefined();
      const attempts = h.logLines.filter((l) => l.messageId === messageId && l.msg === 'sqs: message_error, left for redelivery');
      expect(attempts.map((l) => l.receiveCount)).toEqual([1, 2]);
      expect(String(attempts[0]!.err)).toMatch(/SQLITE_BUSY/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(await h.daemon.store.listIncidents({ limit: 10 })).toHaveLength(0);
  });
});
