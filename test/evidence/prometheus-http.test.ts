/** PrometheusClient's wire behaviour against loopback stubs: auth, a private CA, value mapping, every failure class. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../src/adapters/prometheus/client.js';
import { TriagedError } from '../../src/domain/errors.js';
import { selfSignedCert, startStubServer, type Reply, type SelfSignedCert, type StubServer } from './stub-server.js';

const matrix = (values: [number, string][]): Reply => ({
  body: { status: 'success', data: { resultType: 'matrix', result: [{ metric: { __name__: 'up', job: 'x' }, values }] } },
});
const range = { start: 1795341000, end: 1795341600 };

let cert: SelfSignedCert;
let dir: string;
const open: { close(): unknown }[] = [];

function track<T extends { close(): unknown }>(thing: T): T {
  open.push(thing);
  return thing;
}

async function failureOf(promise: Promise<unknown>): Promise<TriagedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TriagedError);
  return error as TriagedError;
}

beforeAll(async () => {
  cert = await selfSignedCert();
  dir = await mkdtemp(join(tmpdir(), 'triaged-token-'));
});

afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PrometheusClient over HTTPS with a private CA', () => {
  it('trusts the given CA, sends the bearer token from its file and picks up a rotated token', async () => {
    const server: StubServer = track(await startStubServer(() => matrix([[1795341000, '1']]), cert));
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, 'first-token\n');
    const client = track(new PrometheusClient({ url: server.url, ca: cert.cert, auth: { kind: 'bearer-file', path: tokenFile } }));

    await client.queryRange('up', range, 60);
    await writeFile(tokenFile, 'rotated-token');
    await client.queryRange('up', range, 60);

    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer first-token', 'Bearer rotated-token']);
    const first = server.requests[0]!;
    expect(first).toMatchObject({ method: 'POST', url: '/api/v1/query_range' });
    expect(first.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(first.body))).toEqual({ query: 'up', start: '1795341000', end: '1795341600', step: '60', timeout: '15s' });
  });

  it('refuses the self-signed server without the CA, as a non-retryable failure', async () => {
    const server = track(await startStubServer(() => matrix([]), cert));
    const client = track(new PrometheusClient({ url: server.url }));
    const error = await failureOf(client.query('up', 1795341600));
    expect(error).toMatchObject({ code: 'EVIDENCE_FAILED', retryable: false, context: { errno: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
    expect(server.requests).toHaveLength(0);
  });

  it('an unreadable token file fails before anything is sent', async () => {
    const server = track(await startStubServer(() => matrix([]), cert));
    const client = track(new PrometheusClient({ url: server.url, ca: cert.cert, auth: { kind: 'bearer-file', path: join(dir, 'absent') } }));
    const error = await failureOf(client.query('up', 1795341600));
    expect(error).toMatchObject({ code: 'EVIDENCE_FAILED', retryable: false });
    expect(error.message).toContain(join(dir, 'absent'));
    expect(server.requests).toHaveLength(0);
  });
});

describe('PrometheusClient requests and results', () => {
  it('basic auth, GET with the query in the URL, under a path prefix', async () => {
    const server = track(await startStubServer(() => ({ body: { status: 'success', data: { resultType: 'vector', result: [] } } })));
    const client = track(new PrometheusClient({ url: `${server.url}/prometheus`, method: 'GET', auth: { kind: 'basic', username: 'triaged', password: 'p:ss' } }));
    await client.query('rate(x[5m])', 1795341600.5);
    const request = server.requests[0]!;
    expect(request.method).toBe('GET');
    const url = new URL(request.url, server.url);
    expect(url.pathname).toBe('/prometheus/api/v1/query');
    expect(url.searchParams.get('query')).toBe('rate(x[5m])');
    expect(url.searchParams.get('time')).toBe('1795341600.5');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('triaged:p:ss').toString('base64')}`);
  });

  it('maps values to numbers and drops NaN and ±Inf samples', async () => {
    const server = track(await startStubServer(() => matrix([[1, '1.5'], [2, 'NaN'], [3, '+Inf'], [4, '-Inf'], [5, '2e3']])));
    const client = track(new PrometheusClient({ url: server.url }));
    const [series] = await client.queryRange({ promql: 'up', name: 'ignored', unit: 'count' }, range, 60);
    expect(series).toEqual({ source: 'prometheus', name: 'up', query: 'up', labels: { job: 'x' }, unit: 'count', points: [[1, 1.5], [5, 2000]] });
  });

  it('a series with no finite sample is left out; a scalar becomes one unlabelled series', async () => {
    const replies: Reply[] = [matrix([[1, 'NaN']]), { body: { status: 'success', data: { resultType: 'scalar', result: [7, '42'] } } }];
    const server = track(await startStubServer(() => replies.shift()!));
    const client = track(new PrometheusClient({ url: server.url }));
    expect(await client.queryRange('0/0', range, 60)).toEqual([]);
    expect(await client.query({ promql: 'scalar(x)', name: 'x', unit: 'ratio' }, 7)).toEqual([{ source: 'prometheus', name: 'x', query: 'scalar(x)', labels: {}, unit: 'ratio', points: [[7, 42]] }]);
  });
});

describe('PrometheusClient failures', () => {
  const cases: { what: string; reply: Reply; code: string; retryable: boolean }[] = [
    { what: '400 bad_data', reply: { status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error' } }, code: 'EVIDENCE_FAILED', retryable: false },
    { what: '422 execution', reply: { status: 422, body: { status: 'error', errorType: 'execution', error: 'too many samples' } }, code: 'EVIDENCE_FAILED', retryable: false },
    { what: '503 timeout', reply: { status: 503, body: { status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' } }, code: 'EVIDENCE_TIMEOUT', retryable: true },
    { what: '503 unavailable', reply: { status: 503, body: { status: 'error', errorType: 'unavailable', error: 'TSDB not ready' } }, code: 'EVIDENCE_FAILED', retryable: true },
    { what: '502 from a proxy, not JSON', reply: { status: 502, body: '<html>Bad Gateway</html>' }, code: 'EVIDENCE_FAILED', retryable: true },
    { what: '200 with an unknown result type', reply: { body: { status: 'success', data: { resultType: 'string', result: [1, 'x'] } } }, code: 'EVIDENCE_FAILED', retryable: false },
  ];

  for (const { what, reply, code, retryable } of cases) {
    it(`${what} → ${code}, retryable ${retryable}, naming the query`, async () => {
      const server = track(await startStubServer(() => reply));
      const client = track(new PrometheusClient({ url: server.url }));
      const error = await failureOf(client.queryRange('sum(up)', range, 60));
      expect(error).toMatchObject({ code, retryable, context: { endpoint: 'query_range', query: 'sum(up)' } });
      expect(error.message).toContain('"sum(up)"');
    });
  }

  it('a refused connection is retryable', async () => {
    const server = await startStubServer(() => matrix([]));
    await server.close();
    const client = track(new PrometheusClient({ url: server.url }));
    const error = await failureOf(client.query('up', 1));
    expect(error).toMatchObject({ code: 'EVIDENCE_FAILED', retryable: true, context: { errno: 'ECONNREFUSED' } });
  });

  it('no answer within timeoutMs → EVIDENCE_TIMEOUT', async () => {
    const server = track(await startStubServer(() => ({ ...matrix([]), delayMs: 5_000 })));
    const client = track(new PrometheusClient({ url: server.url, timeoutMs: 50 }));
    const error = await failureOf(client.query('up', 1));
    expect(error.code).toBe('EVIDENCE_TIMEOUT');
    expect(error.message).toMatch(/timed out: no answer within 50 ms/);
  });

  it("the caller's signal aborts the request → EVIDENCE_TIMEOUT", async () => {
    const server = track(await startStubServer(() => ({ ...matrix([]), delayMs: 5_000 })));
    const client = track(new PrometheusClient({ url: server.url }));
    const controller = new AbortController();
    const pending = failureOf(client.query('up', 1, controller.signal));
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = await pending;
    expect(error.code).toBe('EVIDENCE_TIMEOUT');
    expect(error.message).toContain('aborted');
  });

  it('an answer over maxResponseBytes is refused, not retried', async () => {
    const server = track(await startStubServer(() => matrix(Array.from({ length: 5000 }, (_, i): [number, string] => [i, '1']))));
    const client = track(new PrometheusClient({ url: server.url, maxResponseBytes: 10_000 }));
    const error = await failureOf(client.queryRange('up', range, 60));
    expect(error).toMatchObject({ code: 'EVIDENCE_FAILED', retryable: false });
    expect(error.message).toContain('larger than 10000 bytes');
  });
});
