/**
 * TraceSource over AWS X-Ray: the service graph and the trace summaries of a window, following
 * NextToken within bounds, returned in the API's own JSON shape (timestamps as epoch seconds).
 */
import { GetServiceGraphCommand, GetTraceSummariesCommand, type TimeRangeType, type XRayClient as XRaySdkClient } from '@aws-sdk/client-xray';
import type { TimeRange, TraceEvidenceSource, TraceSource } from '../../ports/evidence.js';
import { callAws } from './errors.js';
import { faultyOrSlowTraces } from './xray-filters.js';

export interface XRayClientOptions {
  readonly client: XRaySdkClient;
  /** Pages fetched per call at most; default 5. GetTraceSummaries may answer empty pages with a NextToken while it scans. */
  readonly maxPages?: number;
  /** Trace summaries kept at most; default 100. */
  readonly maxTraceSummaries?: number;
  /** Which time the window filters traces on; default `Event` (when the segments happened), the API's own default is `TraceId`. */
  readonly timeRangeType?: TimeRangeType;
}

interface Page {
  readonly items: readonly unknown[];
  readonly nextToken: string | undefined;
}

/** The SDK turns the wire's epoch seconds into Dates; the snapshot keeps the wire shape, so they go back. */
export function toWireJson(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWireJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [[k, toWireJson(v)]])));
  }
  return value;
}

async function collect(fetchPage: (nextToken: string | undefined) => Promise<Page>, maxPages: number, maxItems: number): Promise<unknown[]> {
  const items: unknown[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < maxPages && items.length < maxItems; page += 1) {
    const result = await fetchPage(nextToken);
    items.push(...result.items.slice(0, maxItems - items.length).map(toWireJson));
    nextToken = result.nextToken;
    if (!nextToken) break;
  }
  return items;
}

export class XRayClient implements TraceSource, TraceEvidenceSource {
  readonly name = 'xray';
  private readonly client: XRaySdkClient;
  private readonly maxPages: number;
  private readonly maxTraceSummaries: number;
  private readonly timeRangeType: TimeRangeType;

  constructor(options: XRayClientOptions) {
    this.client = options.client;
    this.maxPages = options.maxPages ?? 5;
    this.maxTraceSummaries = options.maxTraceSummaries ?? 100;
    this.timeRangeType = options.timeRangeType ?? 'Event';
  }

  serviceGraph(range: TimeRange, signal?: AbortSignal): Promise<unknown[]> {
    const subject = `X-Ray service graph ${range.start}–${range.end}`;
    return collect(
      async (NextToken) => {
        const out = await callAws(subject, 'GetServiceGraph', signal, () =>
          this.client.send(new GetServiceGraphCommand({ StartTime: new Date(range.start * 1000), EndTime: new Date(range.end * 1000), NextToken }), { abortSignal: signal }),
        );
        return { items: out.Services ?? [], nextToken: out.NextToken };
      },
      this.maxPages,
      Number.POSITIVE_INFINITY,
    );
  }

  traceSummaries(filterExpression: string, range: TimeRange, signal?: AbortSignal): Promise<unknown[]> {
    const subject = `X-Ray trace summaries ${JSON.stringify(filterExpression)} ${range.start}–${range.end}`;
    return collect(
      async (NextToken) => {
        const out = await callAws(subject, 'GetTraceSummaries', signal, () =>
          this.client.send(
            new GetTraceSummariesCommand({
              StartTime: new Date(range.start * 1000),
              EndTime: new Date(range.end * 1000),
              TimeRangeType: this.timeRangeType,
              Sampling: false,
              ...(filterExpression !== '' ? { FilterExpression: filterExpression } : {}),
              NextToken,
            }),
            { abortSignal: signal },
          ),
        );
        return { items: out.TraceSummaries ?? [], nextToken: out.NextToken };
      },
      this.maxPages,
      this.maxTraceSummaries,
    );
  }

  /** Traces of `service` that faulted or took longer than a second. */
  slowOrFaultyTraces(service: string, range: TimeRange, signal?: AbortSignal): Promise<unknown[]> {
    return this.traceSummaries(faultyOrSlowTraces(service), range, signal);
  }
}
