/** Kubernetes API failures as TriagedErrors: the code says what happened, the message names the object. */
import { TriagedError } from '../../domain/errors.js';
import type { ApiResponse } from './client.js';

interface StatusBody {
  readonly reason?: string;
  readonly message?: string;
}

function parseStatus(text: string): StatusBody {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as StatusBody) : {};
  } catch {
    return { message: text.slice(0, 200) };
  }
}

/** `action` reads like "patch apps/v1 Deployment shop/checkout". */
export function errorFromResponse(action: string, response: ApiResponse): TriagedError {
  const status = parseStatus(response.text);
  const detail = `${response.status}${status.reason ? ` ${status.reason}` : ''}${status.message ? `: ${status.message}` : ''}`;
  const retryAfter = Number(response.headers['retry-after']);
  const context = { action, status: response.status, reason: status.reason, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}) };
  if (response.status === 404) return new TriagedError('KUBERNETES_NOT_FOUND', `${action}: not found (${detail})`, { context });
  if (response.status === 409) {
    return new TriagedError('KUBERNETES_CONFLICT', `${action}: conflict (${detail})`, { context, retryable: status.reason !== 'AlreadyExists' });
  }
  const retryable = response.status === 429 || response.status >= 500;
  return new TriagedError('KUBERNETES_API', `${action} failed: ${detail}`, { context, retryable });
}

/** Network failures and aborts; an abort is not retryable (the caller gave up). */
export function errorFromException(action: string, error: unknown, signal?: AbortSignal): TriagedError {
  if (error instanceof TriagedError) return error;
  const aborted = signal?.aborted === true;
  const reason = error instanceof Error ? error.message : String(error);
  return new TriagedError('KUBERNETES_API', `${action} ${aborted ? 'aborted' : `failed: ${reason}`}`, { cause: error, retryable: !aborted, context: { action } });
}
