/** LogsInsightsClient against the loopback Logs Insights fake: polling, final statuses, deadlines, the concurrency cap, row trimming. */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { LogsInsightsClient, type LogsInsightsClientOptions } from '../../src/adapters/aws/logs-insights.js';
import { TriagedError } from '../../src/domain/errors.js';
import { readAwsFixture } from '../../src/sim/aws/fixtures.js';
import { startFakeLogsInsights, type FakeLogsInsights, type FakeLogsInsightsOptions, type WireRow } from '../../src/sim/aws/logs-insights.js';
import { logsSdkClient } from './aws-clients.js';

const GROUP = '/aws/containerinsights/prod-eks/performance';
const RANGE = { start: 1795341000, end: 1795341600 };
const FAST_POLL = { initialMs: 5, maxMs: 20 };

let fake: FakeLogsInsights | undefined;
let sdk: CloudWatchLogsClient | undefined;

afterEach(async () => {
  sdk?.destroy();
  await fake?.close();
  fake = undefined;
  sdk = undefined;
});

async function setup(fakeOptions: FakeLogsInsightsOptions = {}, clientOptions: Partial<LogsInsightsClientOptions> = {}, sdkAttempts = 1): Promise<{ fake: FakeLogsInsights; logs: LogsInsightsClient }> {
  fake = await startFakeLogsInsights(fakeOptions);
  sdk = logsSdkClient(fake.url, sdkAttempts);
  return { fake, logs: new LogsInsightsClient({ client: sdk, poll: FAST_POLL, ...clientOptions }) };
}

async function failureOf(promise: Promise<unknown>): Promise<TriagedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TriagedError);
  return error as TriagedError;
}

const operations = (f: FakeLogsInsights): string[] => f.requests.map((r) => r.operation);

describe('LogsInsightsClient', () => {
  it('starts the query, polls through Running until Complete and returns the rows as records', async () => {
    const { fake, logs } = await setup({ runningMs: 40 });
    const rows = await logs.insightsQuery([GROUP], 'stats count(*) by bin(1m)', { start: 1795341000.4, end: 1795341599.2 });

    const fixture = await readAwsFixture<{ results: WireRow[] }>('logs-insights-get-query-results-response.json');
    expect(rows).toEqual(fixture.results.map((fields) => Object.fromEntries(fields.map((f) => [f.field, f.value]))));
    expect(rows[0]).toEqual({ minute: '2026-11-22 09:50:00.000', 'kubernetes.pod_name': 'checkout-7c9d5b8f6d-q4m9z', working_set_bytes: '374950645', limit_bytes: '536870912', pct_of_limit: '69.84000001102686' });

    const [start, ...polls] = fake.requests;
    expect(start).toMatchObject({ operation: 'StartQuery', body: { logGroupNames: [GROUP], queryString: 'stats count(*) by bin(1m)', startTime: 1795341000, endTime: 1795341600, limit: 1000 } });
    expect(start!.headers['x-amz-target']).toBe('Logs_20140328.StartQuery');
    expect(start!.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.every((r) => r.operation === 'GetQueryResults')).toBe(true);
    expect(new Set(polls.map((r) => r.body.queryId)).size).toBe(1);
  });

  it('log group ARNs go as logGroupIdentifiers', async () => {
    const { fake, logs } = await setup({ runningMs: 0 });
    const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/containerinsights/prod-eks/application';
    await logs.insightsQuery([arn], 'fields @message', RANGE);
    expect(fake.requests[0]!.body).toMatchObject({ logGroupIdentifiers: [arn] });
    expect(fake.requests[0]!.body.logGroupNames).toBeUndefined();
  });

  it('drops @ptr, trims long values and keeps at most maxRows rows', async () => {
    const rows: WireRow[] = Array.from({ length: 5 }, (_, i) => [
      { field: '@timestamp', value: `2026-11-22 10:0${i}:00.000` },
      { field: '@message', value: `${'x'.repeat(30)} ${i}` },
      { field: '@ptr', value: 'CmAKJwojMTIzNDU2Nzg5MDEyOi9hd3MvY29udGFpbmVy' },
    ]);
    const { fake, logs } = await setup({ runningMs: 0, rows }, { maxRows: 3, maxValueLength: 24 });
    const result = await logs.insightsQuery([GROUP], 'fields @timestamp, @message', RANGE);
    expect(result).toEqual([0, 1, 2].map((i) => ({ '@timestamp': `2026-11-22 10:0${i}:00.000`, '@message': `${'x'.repeat(24)}…` })));
    expect(fake.requests[0]!.body.limit).toBe(3);
  });

  it('Failed → EVIDENCE_FAILED; Cancelled → not retryable; Timeout → EVIDENCE_TIMEOUT', async () => {
    const statuses = ['Failed', 'Cancelled', 'Timeout', 'Unknown'] as const;
    const plans = [...statuses];
    const { logs } = await setup({ runningMs: 10, plan: () => ({ status: plans.shift()! }) });
    const errors = [];
    for (const _ of statuses) errors.push(await failureOf(logs.insightsQuery([GROUP], 'fields @message', RANGE)));
    expect(errors.map((e) => [e.code, e.retryable, e.context.status])).toEqual([
      ['EVIDENCE_FAILED', true, 'Failed'],
      ['EVIDENCE_FAILED', false, 'Cancelled'],
      ['EVIDENCE_TIMEOUT', true, 'Timeout'],
      ['EVIDENCE_FAILED', true, 'Unknown'],
    ]);
    expect(errors[0]!.message).toContain(GROUP);
  });

  it('a deadline stops the query at the service and says it timed out', async () => {
    const { fake, logs } = await setup({ runningMs: 60_000 });
    const controller = new AbortController();
    const pending = failureOf(logs.insightsQuery([GROUP], 'fields @message', RANGE, controller.signal));
    while (!fake.requests.some((r) => r.operation === 'GetQueryResults')) await new Promise((resolve) => setTimeout(resolve, 2));
    controller.abort(new DOMException('collector deadline', 'TimeoutError'));
    const error = await pending;

    expect(error.code).toBe('EVIDENCE_TIMEOUT');
    expect(error.message).toMatch(/timed out after \d+ polls; query .* stopped/);
    const queryId = error.context.queryId;
    expect(typeof queryId).toBe('string');
    expect(fake.requests.at(-1)).toMatchObject({ operation: 'StopQuery', body: { queryId } });
    expect(fake.running).toBe(0);
    expect(logs.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a failed poll stops the query rather than leave it holding an account slot', async () => {
    const { fake, logs } = await setup({ runningMs: 60_000 });
    fake.failNext('GetQueryResults', { status: 503, type: 'ServiceUnavailableException', message: 'try again' });
    const error = await failureOf(logs.insightsQuery([GROUP], 'fields @message', RANGE));
    expect(error).toMatchObject({ code: 'EVIDENCE_FAILED', retryable: true, context: { operation: 'GetQueryResults', errorName: 'ServiceUnavailableException' } });
    expect(operations(fake)).toEqual(['StartQuery', 'GetQueryResults', 'StopQuery']);
    expect(fake.running).toBe(0);
  });

  it('never has more than maxConcurrentQueries in flight at the service', async () => {
    const { fake, logs } = await setup({ runningMs: 30 }, { maxConcurrentQueries: 3 });
    const results = await Promise.all(Array.from({ length: 10 }, () => logs.insightsQuery([GROUP], 'fields @message', RANGE)));
    expect(results.every((rows) => rows.length === 20)).toBe(true);
    expect(operations(fake).filter((o) => o === 'StartQuery')).toHaveLength(10);
    expect(fake.maxRunning).toBe(3);
  });

  it('a caller that gives up while waiting for a slot starts no query', async () => {
    const { fake, logs } = await setup({ runningMs: 60_000 }, { maxConcurrentQueries: 1 });
    const first = new AbortController();
    const holding = failureOf(logs.insightsQuery([GROUP], 'fields @message', RANGE, first.signal));
    const waiter = new AbortController();
    const waiting = failureOf(logs.insightsQuery([GROUP], 'fields @message', RANGE, waiter.signal));
    expect(logs.load.waiting).toBe(1);
    waiter.abort();
    const error = await waiting;
    expect(error.code).toBe('EVIDENCE_TIMEOUT');
    expect(error.message).toContain('waiting for a free query slot');
    first.abort();
    await holding;
    expect(operations(fake).filter((o) => o === 'StartQuery')).toHaveLength(1);
  });

  it("the service's own concurrency limit is a retryable failure naming LimitExceededException", async () => {
    const { logs } = await setup({ runningMs: 500, maxConcurrentQueries: 2 }, { maxConcurrentQueries: 5 });
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => logs.insightsQuery([GROUP], 'fields @message', RANGE)));
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as TriagedError] : []));
    expect(refused).toHaveLength(3);
    for (const error of refused) expect(error).toMatchObject({ code: 'EVIDENCE_FAILED', retryable: true, context: { operation: 'StartQuery', errorName: 'LimitExceededException' } });
  });

  it('no log group is refused without a call', async () => {
    const { fake, logs } = await setup();
    const error = await failureOf(logs.insightsQuery([], 'fields @message', RANGE));
    expect(error).toMatchObject({ code: 'EVIDENCE_FAILED', retryable: false });
    expect(fake.requests).toHaveLength(0);
  });
});
