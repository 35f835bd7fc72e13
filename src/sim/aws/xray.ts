/**
 * A loopback AWS X-Ray endpoint speaking rest-json (`POST /ServiceGraph`, `POST /TraceSummaries`)
 * with NextToken paging, added latency and injected failures; by default it serves the wire fixtures.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readAwsFixture } from './fixtures.js';
import { AwsFault, delay, listen, readJsonBody, sendJson, type RecordedAwsRequest } from './http.js';

export interface FakeXRayOptions {
  /** GetServiceGraph `Services`; default from xray-get-service-graph-response.json. */
  readonly services?: readonly unknown[];
  /** GetTraceSummaries `TraceSummaries`; default from xray-get-trace-summaries-response.json. */
  readonly traceSummaries?: readonly unknown[];
  /** Entries per page before a NextToken; default 100. */
  readonly pageSize?: number;
  /** Added to every answer. */
  readonly latencyMs?: number;
  readonly fixturesDir?: string;
}

export interface InjectedXRayFailure {
  readonly status: number;
  /** `ThrottledException`, `InvalidRequestException`, … */
  readonly type: string;
  readonly message?: string;
}

type Operation = 'GetServiceGraph' | 'GetTraceSummaries';

export interface FakeXRay {
  readonly url: string;
  readonly requests: readonly RecordedAwsRequest[];
  /** The next call of `operation` fails this way (queued). */
  failNext(operation: Operation, failure: InjectedXRayFailure): void;
  close(): Promise<void>;
}

const CONTENT_TYPE = 'application/json';
const ROUTES: Readonly<Record<string, Operation>> = { '/ServiceGraph': 'GetServiceGraph', '/TraceSummaries': 'GetTraceSummaries' };

function window(body: Record<string, unknown>): { start: number; end: number } {
  const { StartTime: start, EndTime: end } = body;
  if (typeof start !== 'number' || typeof end !== 'number') throw new AwsFault(400, 'InvalidRequestException', 'StartTime and EndTime must be epoch seconds');
  if (end <= start) throw new AwsFault(400, 'InvalidRequestException', 'EndTime must be after StartTime');
  return { start, end };
}

/** Opaque to clients, like the real tokens; here just the next offset. */
function page<T>(items: readonly T[], token: unknown, size: number): { items: T[]; NextToken?: string } {
  const offset = typeof token === 'string' ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > items.length) throw new AwsFault(400, 'InvalidRequestException', 'NextToken is not valid');
  const next = offset + size;
  return { items: items.slice(offset, next), ...(next < items.length ? { NextToken: Buffer.from(String(next)).toString('base64url') } : {}) };
}

export async function startFakeXRay(options: FakeXRayOptions = {}): Promise<FakeXRay> {
  const services = options.services ?? (await readAwsFixture<{ Services: unknown[] }>('xray-get-service-graph-response.json', options.fixturesDir)).Services;
  const summaries = options.traceSummaries ?? (await readAwsFixture<{ TraceSummaries: unknown[] }>('xray-get-trace-summaries-response.json', options.fixturesDir)).TraceSummaries;
  const pageSize = options.pageSize ?? 100;
  const requests: RecordedAwsRequest[] = [];
  const failures = new Map<Operation, InjectedXRayFailure[]>();

  const answer = (operation: Operation, body: Record<string, unknown>): unknown => {
    const { start, end } = window(body);
    if (operation === 'GetServiceGraph') {
      const { items, NextToken } = page(services, body.NextToken, pageSize);
      return { StartTime: start, EndTime: end, Services: items, ContainsOldGroupVersions: false, ...(NextToken ? { NextToken } : {}) };
    }
    const { items, NextToken } = page(summaries, body.NextToken, pageSize);
    return { TraceSummaries: items, ApproximateTime: end, TracesProcessedCount: summaries.length, ...(NextToken ? { NextToken } : {}) };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = Date.now();
    const operation = ROUTES[(req.url ?? '').split('?')[0] ?? ''];
    const body = await readJsonBody(req);
    requests.push({ operation: operation ?? `${req.method} ${req.url}`, headers: req.headers, body, at });
    await delay(res, options.latencyMs ?? 0);
    if (res.destroyed) return;
    if (req.method !== 'POST' || !operation) throw new AwsFault(404, 'UnknownOperationException', `no operation at ${req.method} ${req.url}`);
    const failure = failures.get(operation)?.shift();
    if (failure) throw new AwsFault(failure.status, failure.type, failure.message ?? `injected ${failure.type}`);
    sendJson(res, 200, answer(operation, body), CONTENT_TYPE);
  };

  const server = await listen(handle, CONTENT_TYPE);
  return {
    url: server.url,
    requests,
    failNext(operation, failure) {
      failures.set(operation, [...(failures.get(operation) ?? []), failure]);
    },
    close: server.close,
  };
}
