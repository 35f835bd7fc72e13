/**
 * A loopback CloudWatch Logs Insights endpoint speaking AWS JSON 1.1 (`Logs_20140328.StartQuery`,
 * `GetQueryResults`, `StopQuery`): a query runs for a set time, then ends Complete (or as planned)
 * with the configured rows; above the concurrency cap StartQuery fails with LimitExceededException.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readAwsFixture } from './fixtures.js';
import { AwsFault, listen, readJsonBody, sendJson, type RecordedAwsRequest } from './http.js';

export interface WireResultField {
  readonly field: string;
  readonly value: string;
}
export type WireRow = readonly WireResultField[];
export type TerminalStatus = 'Complete' | 'Failed' | 'Cancelled' | 'Timeout' | 'Unknown';

/** What one query does; unset parts take the fake's defaults. */
export interface FakeQueryPlan {
  readonly runningMs?: number;
  readonly status?: TerminalStatus;
  readonly rows?: readonly WireRow[];
}

export interface FakeLogsInsightsOptions {
  /** How long a query reports Running; default 20 ms (benchmarks: 1000–4000). */
  readonly runningMs?: number;
  /** Default: the rows of logs-insights-get-query-results-response.json. */
  readonly rows?: readonly WireRow[];
  /** Queries running at once before StartQuery is refused; default 30 (the service's account quota). */
  readonly maxConcurrentQueries?: number;
  /** Per query, from its StartQuery body. */
  readonly plan?: (request: Readonly<Record<string, unknown>>) => FakeQueryPlan;
  readonly fixturesDir?: string;
}

export interface InjectedLogsFailure {
  readonly status: number;
  /** `ThrottlingException`, `ServiceUnavailableException`, … */
  readonly type: string;
  readonly message?: string;
}

export interface FakeLogsInsights {
  readonly url: string;
  readonly requests: readonly RecordedAwsRequest[];
  /** The next call of `operation` (`StartQuery`, `GetQueryResults`, `StopQuery`) fails this way (queued). */
  failNext(operation: string, failure: InjectedLogsFailure): void;
  /** Queries running now, and the most that ever ran at once. */
  readonly running: number;
  readonly maxRunning: number;
  close(): Promise<void>;
}

interface Query {
  readonly startedAt: number;
  readonly runningMs: number;
  readonly status: TerminalStatus;
  readonly rows: readonly WireRow[];
  stopped: boolean;
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'Logs_20140328.';

function requireNumber(body: Record<string, unknown>, key: string): number {
  const value = body[key];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new AwsFault(400, 'InvalidParameterException', `${key} must be an integer of epoch seconds`);
  return value;
}

function validateStart(body: Record<string, unknown>): void {
  if (typeof body.queryString !== 'string' || body.queryString === '') throw new AwsFault(400, 'InvalidParameterException', 'queryString is required');
  const start = requireNumber(body, 'startTime');
  const end = requireNumber(body, 'endTime');
  if (end < start) throw new AwsFault(400, 'InvalidParameterException', 'endTime is before startTime');
  const selectors = ['logGroupName', 'logGroupNames', 'logGroupIdentifiers'].filter((key) => body[key] !== undefined);
  if (selectors.length !== 1) throw new AwsFault(400, 'InvalidParameterException', 'exactly one of logGroupName, logGroupNames, logGroupIdentifiers is required');
}

export async function startFakeLogsInsights(options: FakeLogsInsightsOptions = {}): Promise<FakeLogsInsights> {
  const rows = options.rows ?? (await readAwsFixture<{ results: WireRow[] }>('logs-insights-get-query-results-response.json', options.fixturesDir)).results;
  const cap = options.maxConcurrentQueries ?? 30;
  const requests: RecordedAwsRequest[] = [];
  const queries = new Map<string, Query>();
  const failures = new Map<string, InjectedLogsFailure[]>();
  let maxRunning = 0;

  const isRunning = (query: Query, now: number): boolean => !query.stopped && now < query.startedAt + query.runningMs;
  const runningNow = (now: number): number => [...queries.values()].filter((q) => isRunning(q, now)).length;

  const operations: Record<string, (body: Record<string, unknown>, now: number) => unknown> = {
    StartQuery(body, now) {
      validateStart(body);
      if (runningNow(now) >= cap) throw new AwsFault(400, 'LimitExceededException', `Account maximum query concurrency limit of [${cap}] reached.`);
      const plan = options.plan?.(body) ?? {};
      const limit = typeof body.limit === 'number' ? body.limit : 1000;
      const queryId = randomUUID();
      queries.set(queryId, { startedAt: now, runningMs: plan.runningMs ?? options.runningMs ?? 20, status: plan.status ?? 'Complete', rows: (plan.rows ?? rows).slice(0, limit), stopped: false });
      maxRunning = Math.max(maxRunning, runningNow(now));
      return { queryId };
    },
    GetQueryResults(body, now) {
      const query = queries.get(String(body.queryId));
      if (!query) throw new AwsFault(400, 'ResourceNotFoundException', `query ${String(body.queryId)} does not exist`);
      const running = isRunning(query, now);
      const status = query.stopped ? 'Cancelled' : running ? 'Running' : query.status;
      // While running, Logs Insights shows what it has found so far.
      const results = status === 'Running' ? query.rows.slice(0, Math.floor(query.rows.length / 2)) : status === 'Complete' ? query.rows : [];
      return { results, statistics: { recordsMatched: results.length, recordsScanned: 48213 * (running ? 0.5 : 1), bytesScanned: 61734902 * (running ? 0.5 : 1) }, status };
    },
    StopQuery(body, now) {
      const query = queries.get(String(body.queryId));
      if (!query) throw new AwsFault(400, 'ResourceNotFoundException', `query ${String(body.queryId)} does not exist`);
      const wasRunning = isRunning(query, now);
      query.stopped ||= wasRunning;
      return { success: wasRunning };
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = Date.now();
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const body = await readJsonBody(req);
    requests.push({ operation, headers: req.headers, body, at });
    if (req.method !== 'POST' || !String(req.headers['content-type']).startsWith(CONTENT_TYPE)) throw new AwsFault(400, 'SerializationException', `expected POST with ${CONTENT_TYPE}`);
    const run = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
    if (!run) throw new AwsFault(400, 'UnknownOperationException', `unknown operation ${JSON.stringify(target)}`);
    const failure = failures.get(operation)?.shift();
    if (failure) throw new AwsFault(failure.status, failure.type, failure.message ?? `injected ${failure.type}`);
    sendJson(res, 200, run(body, at), CONTENT_TYPE);
  };

  const server = await listen(handle, CONTENT_TYPE);
  return {
    url: server.url,
    requests,
    get running() {
      return runningNow(Date.now());
    },
    get maxRunning() {
      return maxRunning;
    },
    failNext(operation, failure) {
      failures.set(operation, [...(failures.get(operation) ?? []), failure]);
    },
    close: server.close,
  };
}
