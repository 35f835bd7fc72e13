/** Prometheus failures as TriagedErrors naming the endpoint and the query: 5xx and network errors may pass, 4xx will not. */
import { errorMessage, TriagedError } from '../../domain/errors.js';
import type { ApiBody } from './response.js';
import { ResponseTooLarge, type HttpReply } from './transport.js';

export interface QueryCall {
  readonly endpoint: 'query' | 'query_range';
  readonly query: string;
}

/** Node's codes for a certificate that will not verify: a configuration problem, not a passing one. */
const TLS_VERIFY_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function describe(call: QueryCall): string {
  const query = call.query.length > 300 ? `${call.query.slice(0, 300)}…` : call.query;
  return `Prometheus ${call.endpoint} ${JSON.stringify(query)}`;
}

/** A non-2xx reply, or a 2xx whose body says `status: error` or is not the API's JSON. */
export function errorFromReply(call: QueryCall, reply: HttpReply, body: ApiBody | undefined): TriagedError {
  const errorType = body?.errorType;
  const detail = body?.error ?? (body === undefined ? `non-JSON body: ${reply.body.slice(0, 200)}` : 'no error message');
  const context = { ...call, status: reply.status, ...(errorType !== undefined ? { errorType } : {}) };
  const message = `${describe(call)} failed: HTTP ${reply.status}${errorType !== undefined ? ` ${errorType}` : ''}: ${detail}`;
  if (errorType === 'timeout') return new TriagedError('EVIDENCE_TIMEOUT', message, { context });
  const retryable = reply.status === 429 || reply.status >= 500 || errorType === 'unavailable' || errorType === 'internal';
  return new TriagedError('EVIDENCE_FAILED', message, { context, retryable });
}

/** A thrown request: the deadline (the caller's signal or our timeout), an oversized body, TLS, or the network. */
export function errorFromException(call: QueryCall, error: unknown, signal: AbortSignal): TriagedError {
  if (error instanceof TriagedError) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
    return new TriagedError('EVIDENCE_TIMEOUT', `${describe(call)} ${timedOut ? `timed out: ${reason.message}` : 'was aborted'}`, { cause: error, context: { ...call } });
  }
  if (error instanceof ResponseTooLarge) {
    return new TriagedError('EVIDENCE_FAILED', `${describe(call)} failed: ${error.message}; narrow the query or the range`, { cause: error, retryable: false, context: { ...call } });
  }
  const code = (error as { code?: unknown } | null)?.code;
  const retryable = !(typeof code === 'string' && TLS_VERIFY_CODES.has(code));
  return new TriagedError('EVIDENCE_FAILED', `${describe(call)} failed: ${errorMessage(error)}`, { cause: error, retryable, context: { ...call, ...(typeof code === 'string' ? { errno: code } : {}) } });
}
