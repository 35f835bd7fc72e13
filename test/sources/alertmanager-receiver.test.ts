import { afterEach, describe, expect, it } from 'vitest';
import { TriagedError } from '../../src/domain/errors.js';
import { asIncidentId } from '../../src/domain/ids.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createAlertmanagerHandler } from '../../src/sources/alertmanager/receiver.js';
import { fixtureText, gate, MemorySink, rawRequest, type MemorySinkOptions } from './helpers.js';
import { listen, post, sendRaw, type Loopback } from './http.js';

const TOKEN = 'am-to-triaged-3f9c1e7a5b2d8046';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const FIRING = fixtureText('alertmanager/webhook-v4-firing-grouped.json');

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function receiver(options: MemorySinkOptions = {}, maxBodyBytes = 1 << 20): Promise<{ sink: MemorySink; port: number }> {
  const sink = new MemorySink(options);
  server = await listen(createAlertmanagerHandler({ sink, token: TOKEN, maxBodyBytes, logger: silentLogger, retryAfterSeconds: 7 }));
  return { sink, port: server.port };
}

describe('Alertmanager receiver', () => {
  it('answers 202 to the exact captured request and records its three alerts', async () => {
    const { sink, port } = await receiver();
    const raw = rawRequest('alertmanager/webhook-v4-firing-grouped.http.txt');
    expect(raw.headers['Authorization']).toBe(`Bearer ${TOKEN}`);
    expect(raw.headers['User-Agent']).toBe('Alertmanager/0.25.0');
    expect(raw.body.length).toBe(Number(raw.headers['Content-Length']));
    const reply = await sendRaw(port, raw.bytes);
    expect(reply.status).toBe(202);
    expect(sink.accepted.map((a) => [a.name, a.state, a.target.name])).toEqual([
      ['KubePodCrashLooping', 'firing', 'checkout-7c9d8f6b5d-4xk2p'],
      ['KubePodCrashLooping', 'firing', 'checkout-7c9d8f6b5d-9qzt7'],
      ['KubePodCrashLooping', 'firing', 'checkout-7c9d8f6b5d-tw6lm'],
    ]);
    const body = JSON.parse(reply.body) as { alerts: { fingerprint: string; outcome: string; incidentId: string }[] };
    expect(body.alerts.map((a) => [a.fingerprint, a.outcome])).toEqual([
      ['cd6110d0d034818c', 'opened'],
      ['80deffef1eb5076a', 'opened'],
      ['118151123f2fb800', 'opened'],
    ]);
    expect(sink.rejected).toEqual([]);
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer am-to-triaged-0000000000000000' }],
    ['a token prefix', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['another scheme', { authorization: `Basic ${TOKEN}` }],
  ])('answers 401 to %s and records nothing', async (_label, headers) => {
    const { sink, port } = await receiver();
    const reply = await post(port, FIRING, headers);
    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toBe('Bearer');
    expect(sink.accepted).toEqual([]);
    expect(sink.rejected).toEqual([]);
  });

  it('answers 400 to a body that is not JSON, naming the problem, and records it as rejected', async () => {
    const { sink, port } = await receiver();
    const reply = await post(port, '{"receiver":"triaged",', AUTH);
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('application/json');
    expect((JSON.parse(reply.body) as { error: string }).error).toMatch(/^body is not JSON/);
    expect(sink.rejected).toEqual([{ source: 'alertmanager', deliveryId: expect.any(String), reason: expect.stringMatching(/^body is not JSON/), body: '{"receiver":"triaged",' }]);
  });

  it('answers 400 to JSON that is no version 4 webhook, and records it', async () => {
    const { sink, port } = await receiver();
    const reply = await post(port, JSON.stringify({ version: '3', alerts: [] }), AUTH);
    expect(reply.status).toBe(400);
    expect((JSON.parse(reply.body) as { error: string }).error).toMatch(/^Alertmanager webhook version invalid/);
    expect(sink.rejected).toHaveLength(1);
  });

  it('answers 503 when a bad body cannot be recorded (store down), so it comes again', async () => {
    const { port } = await receiver({ reject: () => Promise.reject(new TriagedError('STORE_UNAVAILABLE', 'db locked')) });
    const reply = await post(port, 'not json', AUTH);
    expect(reply.status).toBe(503);
    expect(reply.headers['retry-after']).toBe('7');
  });

  it('answers 503 with Retry-After while the sink has no capacity, accepting nothing', async () => {
    const { sink, port } = await receiver({ hasCapacity: () => false });
    const reply = await post(port, FIRING, AUTH);
    expect(reply.status).toBe(503);
    expect(reply.headers['retry-after']).toBe('7');
    expect(sink.accepted).toEqual([]);
  });

  it('records resolved alerts even when the queue is full (closing needs no queue slot)', async () => {
    const { sink, port } = await receiver({ hasCapacity: () => false });
    const reply = await post(port, fixtureText('alertmanager/webhook-v4-resolved.json'), AUTH);
    expect(reply.status).toBe(202);
    expect(sink.accepted.map((a) => a.state)).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('answers 503 when accept rejects with a retryable error, listing the outcome per alert', async () => {
    let calls = 0;
    const { port } = await receiver({
      accept: async () => {
        calls += 1;
        if (calls === 2) throw new TriagedError('QUEUE_FULL', 'queue at its bound');
        return { outcome: 'opened', incidentId: asIncidentId(`inc-${calls}`), settled: Promise.resolve() };
      },
    });
    const reply = await post(port, FIRING, AUTH);
    expect(reply.status).toBe(503);
    expect(reply.headers['retry-after']).toBe('7');
    const body = JSON.parse(reply.body) as { alerts: { outcome: string; error?: string; retryable?: boolean }[] };
    expect(body.alerts.map((a) => a.outcome)).toEqual(['opened', 'failed', 'opened']);
    expect(body.alerts[1]).toMatchObject({ error: 'QUEUE_FULL', retryable: true });
  });

  it('answers 500 when accept fails for a reason a retry cannot fix', async () => {
    const { port } = await receiver({ accept: () => Promise.reject(new Error('bug')) });
    const reply = await post(port, FIRING, AUTH);
    expect(reply.status).toBe(500);
    expect((JSON.parse(reply.body) as { alerts: { error: string }[] }).alerts[0]?.error).toBe('INTERNAL');
  });

  it('answers once recorded, without waiting for investigations, and survives their failure', async () => {
    const never = gate();
    const failing = gate();
    let n = 0;
    const { port } = await receiver({
      accept: async () => {
        n += 1;
        return { outcome: 'opened', settled: n === 1 ? failing.promise : never.promise };
      },
    });
    const reply = await post(port, FIRING, AUTH);
    expect(reply.status).toBe(202);
    failing.fail(new Error('investigation crashed'));
    await Promise.resolve();
  });

  it('answers 413 to a body over the limit, by Content-Length or by what arrives', async () => {
    const { sink, port } = await receiver({}, 1024);
    expect((await post(port, FIRING, AUTH)).status).toBe(413);
    const chunked = await post(port, FIRING, { ...AUTH, 'transfer-encoding': 'chunked' });
    expect(chunked.status).toBe(413);
    expect(sink.accepted).toEqual([]);
  });

  it('needs no token when none is configured', async () => {
    const sink = new MemorySink();
    server = await listen(createAlertmanagerHandler({ sink, maxBodyBytes: 1 << 20, logger: silentLogger }));
    expect((await post(server.port, FIRING)).status).toBe(202);
    expect(sink.accepted).toHaveLength(3);
  });
});
