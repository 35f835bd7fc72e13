import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackNotifier } from '../../src/adapters/slack/notifier.js';
import { slackSdkLogger } from '../../src/adapters/slack/slack-logger.js';
import { slackClientOptions } from '../../src/adapters/slack/web-client.js';
import { TriagedError } from '../../src/domain/errors.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../src/sim/slack-api/server.js';
import { APPROVAL_ID, approval, BOT_TOKEN, captureLogs, message } from './fixtures.js';

const FAST_RETRY = { retries: 2, minTimeoutMs: 0, maxTimeoutMs: 0 };

let slack: FakeSlackApi;
let logs: ReturnType<typeof captureLogs>;
beforeEach(async () => {
  slack = await startFakeSlackApi();
  logs = captureLogs();
});
afterEach(async () => {
  await slack.close();
  expect(logs.raw.join('\n')).not.toContain(BOT_TOKEN);
});

function notifier(apiUrl = slack.url, timeoutMs?: number): SlackNotifier {
  const client = new webApi.WebClient(BOT_TOKEN, slackClientOptions({ apiUrl, retry: FAST_RETRY, timeoutMs }, slackSdkLogger(logs.logger, [BOT_TOKEN])));
  return new SlackNotifier({ client, channel: 'C0123ABCD', cluster: 'prod-eu' });
}

async function rejection(promise: Promise<unknown>): Promise<TriagedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TriagedError);
  return error as TriagedError;
}

describe('SlackNotifier against the fake Slack API', () => {
  it('posts the finding to the channel and returns where it lives', async () => {
    const thread = await notifier().postFinding(message);
    expect(thread.channel).toBe('C0123ABCD');
    const stored = slack.messages.get('C0123ABCD')?.get(thread.ts);
    expect(stored?.text).toContain('oom-killed in shop/Deployment/checkout');
    expect(JSON.stringify(stored?.blocks)).toContain(`"value":"${APPROVAL_ID}"`);
    const [call] = slack.calls;
    expect(call?.method).toBe('chat.postMessage');
    expect(call?.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(call?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call?.args).toMatchObject({ channel: 'C0123ABCD', unfurl_links: false, unfurl_media: false });
    // The SDK's debug lines (headers included) reach the log, so the afterEach secret check bites.
    expect(logs.raw.some((line) => line.includes('http request headers'))).toBe(true);
  });

  it('updates the message in place: the buttons give way to the decision', async () => {
    const slackNotifier = notifier();
    const thread = await slackNotifier.postFinding(message);
    await slackNotifier.updateFinding(thread, { ...message, approvals: [{ ...approval, status: 'executing', decidedBy: 'U0APPROVER1', approvers: ['U0APPROVER1'] }] });
    const stored = slack.messages.get('C0123ABCD')?.get(thread.ts);
    expect(stored?.edits).toBe(1);
    expect(JSON.stringify(stored?.blocks)).not.toContain('"type":"actions"');
    expect(JSON.stringify(stored?.blocks)).toContain('Approved by <@U0APPROVER1>');
    expect(slack.calls.at(-1)?.args).toMatchObject({ channel: 'C0123ABCD', ts: thread.ts });
  });

  it('replies in the thread', async () => {
    const slackNotifier = notifier();
    const thread = await slackNotifier.postFinding(message);
    await slackNotifier.reply(thread, ':white_check_mark: Resolved');
    expect(slack.replies('C0123ABCD', thread.ts).map((m) => m.text)).toEqual([':white_check_mark: Resolved']);
  });

  it('accepts a JSON body as well (the fake speaks both encodings)', async () => {
    const response = await fetch(`${slack.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${BOT_TOKEN}` },
      body: JSON.stringify({ channel: 'C0123ABCD', text: 'json', blocks: [{ type: 'divider' }] }),
    });
    expect(await response.json()).toMatchObject({ ok: true });
    expect(slack.calls[0]?.args.blocks).toEqual([{ type: 'divider' }]);
  });

  it('waits out a 429 with Retry-After and posts exactly one message', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const thread = await notifier().postFinding(message);
    expect(slack.calls.map((c) => c.status)).toEqual([429, 200]);
    expect([...(slack.messages.get('C0123ABCD')?.keys() ?? [])]).toEqual([thread.ts]);
    expect(logs.raw.join('\n')).toContain('rate limit');
  });

  it('retries a 5xx and posts exactly one message', async () => {
    slack.failNext('chat.postMessage', { status: 503 });
    await notifier().postFinding(message);
    expect(slack.calls.map((c) => c.status)).toEqual([503, 200]);
    expect(slack.messages.get('C0123ABCD')?.size).toBe(1);
  });

  it("wraps Slack's ok:false as a non-retryable SLACK_API error naming the method and the code", async () => {
    slack.failNext('chat.postMessage', { status: 200, body: { ok: false, error: 'channel_not_found' } });
    const error = await rejection(notifier().postFinding(message));
    expect(error.code).toBe('SLACK_API');
    expect(error.retryable).toBe(false);
    expect(error.context).toEqual({ method: 'chat.postMessage', slackError: 'channel_not_found' });
    expect(error.message).toContain('chat.postMessage');
    expect(error.message).toContain('channel_not_found');
    expect(slack.calls).toHaveLength(1);
  });

  it('gives up after the bounded retries on a lasting rate limit, as retryable', async () => {
    for (let i = 0; i < 3; i += 1) slack.failNext('chat.update', { status: 429, retryAfter: 0 });
    const error = await rejection(notifier().updateFinding({ channel: 'C0123ABCD', ts: '1795341621.004219' }, message));
    expect(error).toMatchObject({ code: 'SLACK_API', retryable: true, context: { method: 'chat.update', slackError: 'ratelimited' } });
    expect(slack.calls).toHaveLength(3);
  });

  it('does not repeat a post whose answer timed out (Slack may have posted it), and says so', async () => {
    let received = 0;
    const silent: Server = createServer(() => {
      received += 1; // never answers
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/api/`;
      const error = await rejection(notifier(url, 200).postFinding(message));
      expect(error).toMatchObject({ code: 'SLACK_API', retryable: false, context: { method: 'chat.postMessage', slackError: 'request_failed' } });
      expect(received).toBe(1);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('retries a refused connection (nothing was sent) and reports it as retryable', async () => {
    const closed = await startFakeSlackApi();
    const url = closed.url;
    await closed.close();
    const error = await rejection(notifier(url).postFinding(message));
    expect(error).toMatchObject({ code: 'SLACK_API', retryable: true, context: { slackError: 'request_failed' } });
  });
});
