/**
 * LogsSource over CloudWatch Logs Insights: StartQuery, then GetQueryResults with backoff until a
 * final status, under a process-wide cap on queries in flight; a query whose caller gave up is stopped.
 */
import { GetQueryResultsCommand, StartQueryCommand, StopQueryCommand, type CloudWatchLogsClient, type ResultField } from '@aws-sdk/client-cloudwatch-logs';
import { setTimeout as sleep } from 'node:timers/promises';
import { TriagedError } from '../../domain/errors.js';
import type { LogsSource, TimeRange } from '../../ports/evidence.js';
import { callAws, evidenceError } from './errors.js';
import { QuerySlots, QuerySlotTimeout } from './query-slots.js';

export interface LogsInsightsClientOptions {
  readonly client: CloudWatchLogsClient;
  /** Queries in flight at once from this process; default 10. Build one LogsInsightsClient per process. */
  readonly maxConcurrentQueries?: number;
  /** Rows kept (also StartQuery's `limit`); default 1000. */
  readonly maxRows?: number;
  /** Characters kept of each value (`@message` mostly); default 4000. */
  readonly maxValueLength?: number;
  /** Delay before each GetQueryResults, doubling from `initialMs` to `maxMs`; default 250 → 2000. */
  readonly poll?: { readonly initialMs: number; readonly maxMs: number };
  /** Bounds StartQuery and StopQuery, which the caller's signal does not cut short; default 10 s. */
  readonly controlTimeoutMs?: number;
}

type Row = Record<string, string>;

const PENDING = new Set(['Scheduled', 'Running']);

async function withTimeout<T>(ms: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  try {
    return await call(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

export class LogsInsightsClient implements LogsSource {
  readonly name = 'cloudwatch';
  private readonly client: CloudWatchLogsClient;
  private readonly slots: QuerySlots;
  private readonly maxRows: number;
  private readonly maxValueLength: number;
  private readonly poll: { readonly initialMs: number; readonly maxMs: number };
  private readonly controlTimeoutMs: number;

  constructor(options: LogsInsightsClientOptions) {
    this.client = options.client;
    this.slots = new QuerySlots(options.maxConcurrentQueries ?? 10);
    this.maxRows = options.maxRows ?? 1000;
    this.maxValueLength = options.maxValueLength ?? 4000;
    this.poll = options.poll ?? { initialMs: 250, maxMs: 2000 };
    this.controlTimeoutMs = options.controlTimeoutMs ?? 10_000;
  }

  /** Queries running now (holding a slot) and waiting for one. */
  get load(): { readonly running: number; readonly waiting: number } {
    return { running: this.slots.running, waiting: this.slots.waiting };
  }

  async insightsQuery(logGroups: readonly string[], query: string, range: TimeRange, signal?: AbortSignal): Promise<Row[]> {
    const subject = `Logs Insights query on ${logGroups.join(', ') || '(no log group)'}`;
    if (logGroups.length === 0) throw new TriagedError('EVIDENCE_FAILED', `${subject}: no log group given`, { retryable: false });
    try {
      return await this.slots.run(() => this.runToEnd(subject, logGroups, query, range, signal), signal);
    } catch (error) {
      if (error instanceof QuerySlotTimeout) {
        throw new TriagedError('EVIDENCE_TIMEOUT', `${subject} timed out waiting for a free query slot (${this.slots.concurrency} in flight)`, { cause: error.reason, context: { logGroups } });
      }
      throw error;
    }
  }

  private async runToEnd(subject: string, logGroups: readonly string[], query: string, range: TimeRange, signal?: AbortSignal): Promise<Row[]> {
    // Not cut short by the caller: a start aborted in flight can leave a query running that nobody stops.
    const started = await callAws(subject, 'StartQuery', undefined, () =>
      withTimeout(this.controlTimeoutMs, (abortSignal) =>
        this.client.send(
          new StartQueryCommand({
            ...(logGroups.some((g) => g.startsWith('arn:')) ? { logGroupIdentifiers: [...logGroups] } : { logGroupNames: [...logGroups] }),
            queryString: query,
            startTime: Math.floor(range.start),
            endTime: Math.ceil(range.end),
            limit: this.maxRows,
          }),
          { abortSignal },
        ),
      ),
    );
    const queryId = started.queryId;
    if (!queryId) throw new TriagedError('EVIDENCE_FAILED', `${subject}: StartQuery returned no queryId`, { retryable: true });
    let polls = 0;
    let delay = this.poll.initialMs;
    let ended = false;
    try {
      for (;;) {
        await sleep(delay, undefined, signal ? { signal } : {});
        polls += 1;
        const result = await this.client.send(new GetQueryResultsCommand({ queryId }), { abortSignal: signal });
        const status = result.status ?? 'Unknown';
        ended = !PENDING.has(status);
        if (status === 'Complete') return this.rows(result.results ?? []);
        if (ended) throw this.endedBadly(subject, queryId, status);
        delay = Math.min(delay * 2, this.poll.maxMs);
      }
    } catch (error) {
      // A query we stop waiting for would keep one of the account's ~30 slots until it ends.
      const stopped = !ended && (await this.stop(queryId));
      if (ended || !signal?.aborted) throw evidenceError(subject, 'GetQueryResults', error);
      throw new TriagedError('EVIDENCE_TIMEOUT', `${subject} timed out after ${polls} polls; query ${queryId} ${stopped ? 'stopped' : 'could not be stopped'}`, {
        cause: error,
        context: { logGroups, queryId, polls, stopped },
      });
    }
  }

  private endedBadly(subject: string, queryId: string, status: string): TriagedError {
    const context = { queryId, status };
    if (status === 'Timeout') return new TriagedError('EVIDENCE_TIMEOUT', `${subject} ran past the service's time limit (status Timeout)`, { context });
    return new TriagedError('EVIDENCE_FAILED', `${subject} ended with status ${status}`, { context, retryable: status !== 'Cancelled' });
  }

  /** Best effort: the query may have just finished, or the service may not answer. */
  private async stop(queryId: string): Promise<boolean> {
    try {
      await withTimeout(this.controlTimeoutMs, (abortSignal) => this.client.send(new StopQueryCommand({ queryId }), { abortSignal }));
      return true;
    } catch {
      return false;
    }
  }

  /** Rows as field → value, without `@ptr` (a GetLogRecord handle, not data), trimmed to the limits. */
  private rows(results: readonly ResultField[][]): Row[] {
    return results.slice(0, this.maxRows).map((fields) => {
      const row: Row = {};
      for (const { field, value } of fields) {
        if (field === undefined || field === '@ptr') continue;
        const text = value ?? '';
        row[field] = text.length > this.maxValueLength ? `${text.slice(0, this.maxValueLength)}…` : text;
      }
      return row;
    });
  }
}
