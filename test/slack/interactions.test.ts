import { createHmac } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackApp } from '../../src/adapters/slack/interactions.js';
import type { DecisionEvent } from '../../src/ports/notifier.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../src/sim/slack-api/server.js';
import { APPROVAL_ID, BOT_TOKEN, captureLogs, fixtureJson, rawHttpFixture, SIGNED_AT_MS, SIGNING_SECRET } from './fixtures.js';

const approveRequest = rawHttpFixture('block-actions-approve.http.txt');

let slack: FakeSlackApi;
let server: Server;
let app: SlackApp;
let logs: ReturnType<typeof captureLogs>;
let nowMs: number;
let decisions: DecisionEvent[];
let failDecision: Error | undefined;

beforeEach(async () => {
  slack = await startFakeSlackApi();
  logs = captureLogs();
  nowMs = SIGNED_AT_MS + 2_000;
  decisions = [];
  failDecision = undefined;
  app = createSlackApp({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: slack.url,
    channel: 'C0123ABCD',
    logger: logs.logger,
    clock: { now: () => nowMs },
    retry: { retries: 0, minTimeoutMs: 0, maxTimeoutMs: 0 },
    onDecision: async (event) => {
      decisions.push(event);
      if (failDecision) throw failDecision;
    },
  });
  server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/slack/events') void app.handleHttp(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  await app.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await slack.close();
  const everything = logs.raw.join('\n');
  expect(everything).not.toContain(SIGNING_SECRET);
  expect(everything).not.toContain(BOT_TOKEN);
});

function post(headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'POST', path: '/slack/events', headers: { ...headers, 'Content-Length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The fixture's headers, minus Host and Content-Length (set per request). */
const fixtureHeaders = (): Record<string, string> => {
  const { Host: _host, 'Content-Length': _length, ...rest } = approveRequest.headers;
  return rest;
};

function signed(payload: unknown, timestampSeconds = Math.floor(nowMs / 1000)): { headers: Record<string, string>; body: Buffer } {
  const body = Buffer.from(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestampSeconds}:`).update(body).digest('hex')}`;
  return { headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': String(timestampSeconds), 'X-Slack-Signature': signature }, body };
}

describe('the HTTP receiver (POST /slack/events)', () => {
  beforeEach(() => app.start());

  it('accepts the signed fixture request 2 s after its timestamp and reports the decision', async () => {
    const response = await post(fixtureHeaders(), approveRequest.body);
    expect(response.status).toBe(200);
    expect(decisions).toEqual([
      { approvalId: APPROVAL_ID, decision: 'approve', userId: 'U0APPROVER1', userName: 'dana.approver', thread: { channel: 'C0123ABCD', ts: '1795341621.004219' } },
    ]);
    expect(slack.calls.map((c) => c.method)).toEqual(['auth.test']);
  });

  it('refuses the same request 6 minutes later as stale', async () => {
    nowMs = SIGNED_AT_MS + 6 * 60_000;
    expect((await post(fixtureHeaders(), approveRequest.body)).status).toBe(401);
    expect(decisions).toEqual([]);
    expect(logs.lines.some((l) => l.reason === 'stale')).toBe(true);
  });

  it('refuses a forged signature', async () => {
    const headers = fixtureHeaders();
    const signature = headers['X-Slack-Signature'] ?? '';
    headers['X-Slack-Signature'] = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    expect((await post(headers, approveRequest.body)).status).toBe(401);
    expect(decisions).toEqual([]);
    expect(logs.lines.some((l) => l.reason === 'bad-signature')).toBe(true);
  });

  it('refuses a body altered by one byte', async () => {
    const body = Buffer.from(approveRequest.body);
    const at = body.indexOf('U0APPROVER1') + 10;
    body[at] = '2'.charCodeAt(0);
    expect((await post(fixtureHeaders(), body)).status).toBe(401);
    expect(decisions).toEqual([]);
    expect(logs.lines.some((l) => l.reason === 'bad-signature')).toBe(true);
  });

  it('refuses a request without signature headers', async () => {
    expect((await post({ 'Content-Type': 'application/x-www-form-urlencoded' }, approveRequest.body)).status).toBe(401);
  });

  it('refuses a replay of an accepted request inside the window', async () => {
    expect((await post(fixtureHeaders(), approveRequest.body)).status).toBe(200);
    nowMs += 30_000;
    expect((await post(fixtureHeaders(), approveRequest.body)).status).toBe(401);
    expect(decisions).toHaveLength(1);
    expect(logs.lines.some((l) => l.reason === 'replayed')).toBe(true);
  });

  it('reports Deny as a deny decision', async () => {
    const { headers, body } = signed(fixtureJson('block-actions-deny.json'));
    expect((await post(headers, body)).status).toBe(200);
    expect(decisions).toMatchObject([{ approvalId: APPROVAL_ID, decision: 'deny', userId: 'U0APPROVER1' }]);
  });

  it("passes a stranger's click on with the stranger's id: authorising is the core's job", async () => {
    const { headers, body } = signed(fixtureJson('block-actions-approve-by-stranger.json'));
    expect((await post(headers, body)).status).toBe(200);
    expect(decisions).toMatchObject([{ approvalId: APPROVAL_ID, decision: 'approve', userId: 'U0STRANGER9', userName: 'sam.stranger' }]);
  });

  it('logs a failing decision handler and still acknowledges the click', async () => {
    failDecision = new Error('store unavailable');
    expect((await post(fixtureHeaders(), approveRequest.body)).status).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(logs.lines.some((l) => l.msg === 'decision handler failed' && l.err === 'store unavailable')).toBe(true);
  });

  it('answers the url_verification challenge of a signed request', async () => {
    const body = Buffer.from(JSON.stringify({ token: 'Zq8Xw2Lp5Rt7Vy3Nb6Mk9Hj4', challenge: 'c3po-r2d2', type: 'url_verification' }));
    const timestamp = String(Math.floor(nowMs / 1000));
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
    const response = await post({ 'Content-Type': 'application/json', 'X-Slack-Request-Timestamp': timestamp, 'X-Slack-Signature': signature }, body);
    expect(response).toEqual({ status: 200, body: '{"challenge":"c3po-r2d2"}' });
  });

  it('acknowledges an interaction no listener handles, without a decision', async () => {
    const other = fixtureJson('block-actions-approve.json') as { actions: { action_id: string }[] };
    other.actions[0]!.action_id = 'something.else';
    const { headers, body } = signed(other);
    expect((await post(headers, body)).status).toBe(200);
    expect(decisions).toEqual([]);
  });
});

describe('before start and in Socket Mode', () => {
  it('answers 503 until started', async () => {
    expect((await post(fixtureHeaders(), approveRequest.body)).status).toBe(503);
  });

  it('answers 404 on /slack/events when an app token selects Socket Mode', async () => {
    const socketApp = createSlackApp({ botToken: BOT_TOKEN, appToken: 'xapp-1-A0123TRIAGE-0000000000000-abcdef', apiUrl: slack.url, channel: 'C0123ABCD', logger: logs.logger, onDecision: async () => {} });
    const socketServer = createServer((req, res) => void socketApp.handleHttp(req, res));
    await new Promise<void>((resolve) => socketServer.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(socketServer.address() as AddressInfo).port}/slack/events`, { method: 'POST', body: approveRequest.body });
      expect(response.status).toBe(404);
      await response.arrayBuffer();
    } finally {
      socketServer.closeAllConnections();
      await new Promise((resolve) => socketServer.close(resolve));
    }
  });

  it('refuses to build without a signing secret or an app token', () => {
    expect(() => createSlackApp({ botToken: BOT_TOKEN, channel: 'C0123ABCD', logger: logs.logger, onDecision: async () => {} })).toThrow(/SLACK_SIGNING_SECRET/);
  });

  it('fails start() with SLACK_API when the bot token is refused', async () => {
    const strict = await startFakeSlackApi({ tokens: [BOT_TOKEN] });
    try {
      const refused = createSlackApp({ botToken: 'xoxb-wrong', signingSecret: SIGNING_SECRET, apiUrl: strict.url, channel: 'C1', logger: logs.logger, onDecision: async () => {} });
      await expect(refused.start()).rejects.toMatchObject({ code: 'SLACK_API', context: { method: 'auth.test', slackError: 'invalid_auth' } });
    } finally {
      await strict.close();
    }
  });
});
