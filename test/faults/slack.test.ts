/**
 * Slack failing through the daemon: a 429 with Retry-After, then a 503, on the finding's
 * chat.postMessage. The notifier retries both (Slack did not act on either) and the finding lands
 * exactly once: one accepted top-level post, one message in the channel, its thread on the incident.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, eventually, startHarness, type Harness } from '../support/daemon-harness.js';
import { crashLooping, firing, postAlertmanager, postMessages, threads } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  crashLooping(h.kube, 'checkout');
});

afterAll(async () => {
  await h?.close();
});

describe('Slack 429 and 5xx on the finding', () => {
  it('retries after Retry-After and after a 503, and posts the finding exactly once', async () => {
    h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    h.slack.failNext('chat.postMessage', { status: 503 });
    expect((await postAlertmanager(h, firing('checkout'))).status).toBe(202);

    const posted = await eventually('the finding accepted by Slack', () => threads(h.slack.calls)[0]);
    expect(postMessages(h.slack.calls).map((c) => c.status)).toEqual([429, 503, 200]);
    expect(JSON.stringify(posted.args.blocks)).toContain('shop/Deployment/checkout');

    const incident = await eventually('the incident diagnosed', async () => (await h.daemon.store.listIncidents({ limit: 10 })).find((i) => i.status === 'diagnosed'));
    const channel = [...(h.slack.messages.get(CHANNEL)?.values() ?? [])].filter((m) => !m.threadTs);
    expect(channel).toHaveLength(1);
    expect(incident.thread?.ts).toBe(channel[0]!.ts);
    // Nothing else is posted later by a stray retry.
    await h.daemon.stop();
    expect(threads(h.slack.calls)).toHaveLength(1);
  });
});
