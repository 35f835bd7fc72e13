/**
 * Fuzzed alarm bodies into every source of the running daemon: Alertmanager over HTTP, SQS
 * messages, and Kubernetes objects the source's informers read from the API. Each malformed body
 * (as the pure parser judges it) is answered or consumed without a crash and recorded as rejected
 * exactly once; the daemon still answers /healthz.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObj } from '../../src/sim/kube-api/index.js';
import { parseAlertmanagerWebhook } from '../../src/sources/alertmanager/parse.js';
import { parseCloudWatchBody } from '../../src/sources/cloudwatch/parse.js';
import { eventAlarm } from '../../src/sources/kubernetes/pod-alarms.js';
import { readJson } from '../../src/sources/wire.js';
import { eventually, startHarness, type Harness } from '../support/daemon-harness.js';
import { postAlertmanager, sendSqs } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ sqs: true, env: { TRIAGED_KUBERNETES_WATCH: 'true', TRIAGED_WATCH_NAMESPACES: 'fuzz' }, sqsTimings: { waitTimeSeconds: 1 } });
  await eventually('the watch synced', async () => (await fetch(`${h.baseUrl}/readyz`)).status === 200);
});

afterAll(async () => {
  await h?.close();
});

const rejectedCount = async (): Promise<number> => (await h.daemon.store.rejected({ limit: 100_000 })).length;

/** Text bodies: random strings, random JSON, and Alertmanager-shaped JSON with fields replaced. */
const bodies = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc.record({ version: fc.constantFrom('4', 4, '3'), status: fc.anything(), alerts: fc.anything({ maxDepth: 2 }) }).map((v) => JSON.stringify(v)),
  fc.record({ version: fc.constant('4'), alerts: fc.array(fc.record({ status: fc.constantFrom('firing', 'resolved', 'x'), labels: fc.dictionary(fc.string(), fc.anything({ maxDepth: 1 })), startsAt: fc.string() }), { maxLength: 3 }) }).map((v) => JSON.stringify(v)),
);

const malformedForAlertmanager = (text: string): boolean => {
  const json = readJson(text, 'body');
  return !json.ok || !parseAlertmanagerWebhook(json.value).ok;
};

describe('fuzzed alarms into the running daemon', () => {
  it('Alertmanager: every malformed body gets 400 and one rejected record', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        fc.pre(malformedForAlertmanager(body));
        const before = await rejectedCount();
        const answer = await postAlertmanager(h, body);
        expect(answer.status).toBe(400);
        expect(await rejectedCount()).toBe(before + 1);
      }),
      { numRuns: 60 },
    );
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });

  it('SQS: every malformed message is recorded as rejected once, then deleted', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        fc.pre(body.length > 0 && !parseCloudWatchBody(body, { receivedAt: new Date().toISOString() }).ok);
        const before = await rejectedCount();
        const messageId = await sendSqs(h.sqs!.server.address, h.sqs!.queueUrl, body);
        await h.sqs!.server.spy.waitForMessageWithId(messageId, 'consumed', 20_000);
        const rejected = await h.daemon.store.rejected({ limit: 100_000 });
        expect(rejected.length).toBe(before + 1);
        expect(rejected.filter((r) => r.deliveryId === messageId)).toHaveLength(1);
      }),
      { numRuns: 25 },
    );
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });

  it('Kubernetes: Warning events with arbitrary fields are each rejected once, or raise an alarm', async () => {
    let n = 0;
    const extra = fc.record(
      { involvedObject: fc.anything({ maxDepth: 2 }), reason: fc.anything({ maxDepth: 1 }), message: fc.anything({ maxDepth: 1 }), lastTimestamp: fc.anything({ maxDepth: 0 }) },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(extra, async (fields) => {
        n += 1;
        const event = { apiVersion: 'v1', kind: 'Event', type: 'Warning', metadata: { name: `fuzz-${n}`, namespace: 'fuzz' }, ...fields } as KubeObj;
        const verdict = eventAlarm(JSON.parse(JSON.stringify(event)) as unknown, { now: Date.now(), notBefore: Date.now() - 600_000 });
        fc.pre(!verdict.ok);
        const before = await rejectedCount();
        try {
          h.kube.store.put(event);
        } catch {
          fc.pre(false); // the API server itself refuses the object: nothing reaches the source
        }
        await eventually(`event ${n} rejected`, async () => (await rejectedCount()) === before + 1, 10_000);
      }),
      { numRuns: 30 },
    );
    const kubernetes = (await h.daemon.store.rejected({ limit: 100_000 })).filter((r) => r.source === 'kubernetes');
    expect(kubernetes.length).toBeGreaterThan(0);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });
});
