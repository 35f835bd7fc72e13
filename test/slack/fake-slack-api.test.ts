import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../../src/sim/slack-api/server.js';
import { BOT_TOKEN, fixtureJson, rawHttpFixture } from './fixtures.js';

let slack: FakeSlackApi;
beforeEach(async () => {
  slack = await startFakeSlackApi({ userGroups: { S0ONCALL: ['U0APPROVER1', 'U0APPROVER2'] }, users: [{ id: 'U0APPROVER1', name: 'dana.approver' }] });
});
afterEach(() => slack.close());

async function call(method: string, body: string, contentType: string, token: string | undefined = BOT_TOKEN): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${slack.url}${method}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, headers: response.headers };
}
const json = (method: string, args: unknown, token?: string) => call(method, JSON.stringify(args), 'application/json; charset=utf-8', token);

describe('the fake Slack Web API', () => {
  it('serves under a URL ending with /api/', () => {
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('decodes the SDK form body and the JSON body of the fixture to the same arguments', async () => {
    const form = rawHttpFixture('chat-postMessage-request.web-api-form.http.txt');
    const viaForm = await call('chat.postMessage', form.body.toString('utf8'), form.headers['Content-Type'] ?? '');
    const viaJson = await json('chat.postMessage', fixtureJson('chat-postMessage-request.json'));
    expect(viaForm.json.ok).toBe(true);
    expect(viaJson.json.ok).toBe(true);
    const [first, second] = slack.calls;
    expect(first?.args).toEqual(second?.args);
    expect(first?.args.unfurl_links).toBe(false);
    expect(Array.isArray(first?.args.blocks)).toBe(true);
  });

  it('answers chat.postMessage like Slack: channel, a fresh ts, the message', async () => {
    const { json: result } = await json('chat.postMessage', { channel: 'C0123ABCD', text: 'hello' });
    expect(result).toMatchObject({ ok: true, channel: 'C0123ABCD', message: { type: 'message', text: 'hello', user: 'U0123TRIBOT', bot_id: 'B0123TRIAGE' } });
    expect(result.ts).toMatch(/^\d{10}\.\d{6}$/);
    const second = await json('chat.postMessage', { channel: 'C0123ABCD', text: 'again' });
    expect(second.json.ts).not.toBe(result.ts);
    expect(slack.messages.get('C0123ABCD')?.get(result.ts as string)?.text).toBe('hello');
  });

  it('updates a message in place and keeps thread replies under their parent', async () => {
    const { json: posted } = await json('chat.postMessage', { channel: 'C1', text: 'v1' });
    const ts = posted.ts as string;
    expect((await json('chat.update', { channel: 'C1', ts, text: 'v2' })).json).toMatchObject({ ok: true, channel: 'C1', ts, text: 'v2' });
    await json('chat.postMessage', { channel: 'C1', thread_ts: ts, text: 'reply' });
    expect(slack.messages.get('C1')?.get(ts)).toMatchObject({ text: 'v2', edits: 1 });
    expect(slack.replies('C1', ts).map((m) => m.text)).toEqual(['reply']);
  });

  it('answers errors as HTTP 200 with ok:false', async () => {
    expect(await json('chat.update', { channel: 'C1', ts: '1.000001', text: 'x' })).toMatchObject({ status: 200, json: { ok: false, error: 'message_not_found' } });
    expect((await json('chat.postMessage', { channel: 'C1' })).json).toEqual({ ok: false, error: 'no_text' });
    expect((await json('chat.postMessage', { channel: 'C1', thread_ts: '9.9', text: 'x' })).json).toEqual({ ok: false, error: 'thread_not_found' });
    expect((await json('chat.postMessage', { channel: 'C1', text: 'x' }, 'not-a-token')).json).toEqual({ ok: false, error: 'invalid_auth' });
    expect((await call('chat.postMessage', 'channel=C1&text=x', 'application/x-www-form-urlencoded', '')).json).toEqual({ ok: false, error: 'not_authed' });
    expect((await json('no.such.method', {})).json).toEqual({ ok: false, error: 'unknown_method' });
    expect((await call('chat.postMessage', 'channel=C1&blocks=%5Bnot-json', 'application/x-www-form-urlencoded')).json).toEqual({ ok: false, error: 'invalid_form_data' });
  });

  it('injects a 429 with Retry-After, then a 503, then answers normally', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    slack.failNext('chat.postMessage', { status: 503 });
    const limited = await json('chat.postMessage', { channel: 'C1', text: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(limited.json).toEqual({ ok: false, error: 'ratelimited' });
    expect((await json('chat.postMessage', { channel: 'C1', text: 'x' })).status).toBe(503);
    expect((await json('chat.postMessage', { channel: 'C1', text: 'x' })).json.ok).toBe(true);
    expect(slack.calls.map((c) => c.status)).toEqual([429, 503, 200]);
    expect(slack.messages.get('C1')?.size).toBe(1);
  });

  it('expands user groups, describes users and accepts ephemeral messages', async () => {
    expect((await json('usergroups.users.list', { usergroup: 'S0ONCALL' })).json).toEqual({ ok: true, users: ['U0APPROVER1', 'U0APPROVER2'] });
    expect((await json('usergroups.users.list', { usergroup: 'S0NOPE' })).json).toEqual({ ok: false, error: 'no_such_subteam' });
    expect((await json('users.info', { user: 'U0APPROVER1' })).json).toMatchObject({ ok: true, user: { id: 'U0APPROVER1', name: 'dana.approver' } });
    expect((await json('users.info', { user: 'U0NOBODY' })).json).toEqual({ ok: false, error: 'user_not_found' });
    expect((await json('chat.postEphemeral', { channel: 'C1', user: 'U0APPROVER1', text: 'only you' })).json).toMatchObject({ ok: true });
    expect((await json('auth.test', {})).json).toMatchObject({ ok: true, user_id: 'U0123TRIBOT', bot_id: 'B0123TRIAGE', team_id: 'T0123ABCD' });
  });
});
