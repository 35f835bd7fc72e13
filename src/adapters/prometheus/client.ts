/**
 * MetricsSource over the Prometheus HTTP API (`/api/v1/query_range`, `/api/v1/query`), sent as a
 * form POST like Grafana (long queries fit) or as GET, with bearer/basic auth and a private CA.
 */
import { errorMessage, TriagedError } from '../../domain/errors.js';
import type { MetricSeries } from '../../domain/snapshot.js';
import type { MetricsSource, TimeRange } from '../../ports/evidence.js';
import { authorizationHeader, type PrometheusAuth } from './auth.js';
import { errorFromException, errorFromReply, type QueryCall } from './errors.js';
import type { MetricQuery } from './queries.js';
import { parseApiBody, seriesFromBody, type SeriesNaming } from './response.js';
import { Transport } from './transport.js';

export interface PrometheusClientOptions {
  /** Base URL, with any path prefix of a proxy or Thanos/Mimir front (`https://host/prometheus`). */
  readonly url: string;
  readonly auth?: PrometheusAuth;
  /** PEM bundle to trust for an https URL (a private CA). */
  readonly ca?: string | Buffer;
  /** Default POST (form-encoded); GET for proxies that refuse POST. */
  readonly method?: 'POST' | 'GET';
  /** Per request, on top of the caller's signal; also sent as Prometheus' own `timeout`. Default 15 s. */
  readonly timeoutMs?: number;
  /** Default 16 MiB; a larger answer is an error, not a snapshot. */
  readonly maxResponseBytes?: number;
}

/** A query as the port takes it (PromQL text) or as queries.ts builds it (with name and unit). */
export type PromQuery = string | MetricQuery;

export class PrometheusClient implements MetricsSource {
  readonly name = 'prometheus';
  private readonly base: URL;
  private readonly method: 'POST' | 'GET';
  private readonly timeoutMs: number;
  private readonly transport: Transport;

  constructor(private readonly options: PrometheusClientOptions) {
    this.base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') throw new TypeError(`Prometheus url must be http(s), got ${JSON.stringify(options.url)}`);
    this.method = options.method ?? 'POST';
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.transport = new Transport({ ...(options.ca !== undefined ? { ca: options.ca } : {}), maxResponseBytes: options.maxResponseBytes ?? 16 * 1024 * 1024 });
  }

  async queryRange(query: PromQuery, range: TimeRange, stepSeconds: number, signal?: AbortSignal): Promise<MetricSeries[]> {
    if (!(stepSeconds > 0)) throw new RangeError(`stepSeconds must be positive, got ${stepSeconds}`);
    return this.evaluate('query_range', query, { start: String(range.start), end: String(range.end), step: String(stepSeconds) }, signal);
  }

  async query(query: PromQuery, atSeconds: number, signal?: AbortSignal): Promise<MetricSeries[]> {
    return this.evaluate('query', query, { time: String(atSeconds) }, signal);
  }

  /** Releases pooled sockets; call at shutdown, after the last query. */
  close(): void {
    this.transport.close();
  }

  private async evaluate(endpoint: QueryCall['endpoint'], query: PromQuery, params: Record<string, string>, signal?: AbortSignal): Promise<MetricSeries[]> {
    const naming: SeriesNaming = typeof query === 'string' ? { query } : { query: query.promql, name: query.name, unit: query.unit };
    const call: QueryCall = { endpoint, query: naming.query };
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException(`no answer within ${this.timeoutMs} ms`, 'TimeoutError')), this.timeoutMs);
    const aborted = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
    try {
      const form = new URLSearchParams({ query: naming.query, ...params, timeout: `${Math.ceil(this.timeoutMs / 1000)}s` }).toString();
      const url = new URL(`api/v1/${endpoint}`, this.base);
      if (this.method === 'GET') url.search = form;
      const reply = await this.transport.send({
        method: this.method,
        url,
        headers: {
          accept: 'application/json',
          ...(await authorizationHeader(this.options.auth)),
          ...(this.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(this.method === 'POST' ? { body: form } : {}),
        signal: aborted,
      });
      const body = parseApiBody(reply.body);
      if (reply.status < 200 || reply.status >= 300 || body?.status !== 'success') throw errorFromReply(call, reply, body);
      try {
        return seriesFromBody(body, naming);
      } catch (cause) {
        throw new TriagedError('EVIDENCE_FAILED', `Prometheus ${endpoint} ${JSON.stringify(naming.query)} answered an unreadable result: ${errorMessage(cause)}`, { cause, retryable: false, context: { ...call } });
      }
    } catch (error) {
      throw errorFromException(call, error, aborted);
    } finally {
      clearTimeout(timer);
    }
  }
}
