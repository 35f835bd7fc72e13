/**
 * The store failing under the running daemon: its file locked by another connection holding
 * BEGIN EXCLUSIVE, or the disk full (max_page_count reached). Alertmanager gets a retryable 503 and
 * the log says why; an SQS message is left for redelivery, not deleted, and is recorded once the
 * store recovers.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/daemon-harness.js';
import { crashLooping, firing, plainAlarm, postAlertmanager, sendSqs } from './helpers.js';

let h: Harness;
let path: string;

beforeAll(async () => {
  h = await startHarness({ sqs: true, maxReceiveCount: 10, sqsTimings: { waitTimeSeconds: 1, redeliveryBackoff: { initialMs: 1000, maxMs: 1000 } } });
  path = (h.daemon.store as unknown as { path: string }).path;
  for (const name of ['locked', 'full', 'queued']) crashLooping(h.kube, name);
});

afterAll(async () => {
  await h?.close();
});

const notRecorded = (name: string) => h.logLines.filter((l) => l.msg === 'alertmanager: alert not recorded' && l.alarm === 'KubePodCrashLooping' && String(l.err).includes(name));

describe('store faults through the daemon', () => {
  it('a store locked by another connection: Alertmanager gets 503, the log names SQLITE_BUSY, SQS keeps the message', async () => {
    const holder = new Database(path);
    holder.exec('BEGIN EXCLUSIVE');
    let messageId: string;
    try {
      const answer = await postAlertmanager(h, firing('locked'));
      expect(answer.status).toBe(503);
      expect(answer.body.alerts).toEqual([expect.objectContaining({ outcome: 'failed', error: 'STORE_UNAVAILABLE', retryable: true })]);
      expect(notRecorded('SQLITE_BUSY').length).toBeGreaterThan(0);
      expect(String(notRecorded('SQLITE_BUSY')[0]!.err)).toContain(path);

      messageId = await sendSqs(h.sqs!.server.address, h.sqs!.queueUrl, plainAlarm('queued'));
      await eventually('the SQS message left for redelivery', () => h.logLines.find((l) => l.messageId === messageId && l.msg === 'sqs: message_error, left for redelivery'));
      expect(h.sqs!.server.spy.checkForMessage({ messageId }, 'consumed')).toBeUndefined();
      expect(await h.daemon.store.listIncidents({ limit: 10 })).toHaveLength(0);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    // Lock gone: the redelivered message is recorded, then deleted; Alertmanager's retry succeeds.
    await h.sqs!.server.spy.waitForMessageWithId(messageId, 'consumed', 20_000);
    expect((await postAlertmanager(h, firing('locked'))).status).toBe(202);
    const targets = (await h.daemon.store.listIncidents({ limit: 10 })).map((i) => i.alarm.target.name).sort();
    expect(targets).toEqual(['locked', 'queued']);
  });

  it('a full disk (max_page_count reached): Alertmanager gets 503 and the log names SQLITE_FULL', async () => {
    // max_page_count is a property of the connection: set it on the daemon's own.
    const db = (h.daemon.store as unknown as { db: Database.Database }).db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    const limit = db.pragma('max_page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    try {
      // An alert with a large annotation needs pages the file may not grow to. (It also found the
      // O(n²) URL-credential pattern in redact.ts: 200 kB of letters stalled the loop for minutes.)
      const answer = await postAlertmanager(h, firing('full', { description: 'x'.repeat(200_000) }));
      expect(answer.status).toBe(503);
      expect(answer.body.alerts).toEqual([expect.objectContaining({ error: 'STORE_UNAVAILABLE', retryable: true })]);
      expect(notRecorded('SQLITE_FULL').length).toBeGreaterThan(0);
    } finally {
      db.pragma(`max_page_count = ${limit}`);
    }
    expect((await postAlertmanager(h, firing('full', { description: 'x'.repeat(200_000) }))).status).toBe(202);
    expect((await h.daemon.store.listIncidents({ limit: 10 })).some((i) => i.alarm.target.name === 'full')).toBe(true);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });
});
