/**
 * How triaged talks to the Slack Web API: the client options (base URL, timeout, a bounded retry
 * that only repeats calls Slack did not act on) and the mapping of SDK failures to SLACK_API errors.
 */
import { webApi, type Logger as SlackSdkLogger } from '@slack/bolt';
import { TriagedError } from '../../domain/errors.js';
import { redactText } from '../../domain/redact.js';

export interface SlackRetryPolicy {
  /** Retries after the first attempt (0: none). */
  readonly retries: number;
  readonly minTimeoutMs: number;
  readonly maxTimeoutMs: number;
}

export const DEFAULT_SLACK_RETRY: SlackRetryPolicy = { retries: 3, minTimeoutMs: 500, maxTimeoutMs: 10_000 };

export interface SlackClientSettings {
  /** TRIAGED_SLACK_API_URL; default https://slack.com/api/. */
  readonly apiUrl?: string;
  readonly retry?: SlackRetryPolicy;
  /** Per HTTP attempt; default 10 s. */
  readonly timeoutMs?: number;
}

/** Slack errors that say "try again later" rather than "this call is wrong". */
const TRANSIENT_SLACK_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
/** Methods whose repetition changes nothing: safe to retry even when Slack may have acted. */
const IDEMPOTENT_METHODS = new Set(['chat.update', 'auth.test', 'usergroups.users.list', 'users.info']);

/**
 * The SDK retries every failure by default, including a timeout after Slack may already have posted
 * the message, which would post it twice. Here it retries only when Slack did not act: a 429 (after
 * waiting Retry-After), a refused connection, or a 5xx answer (taken as the edge failing before the
 * API acted; Slack does not promise that). Timeouts and resets surface at once, never repeated.
 */
export function slackClientOptions(settings: SlackClientSettings, logger: SlackSdkLogger): webApi.WebClientOptions {
  const retry = settings.retry ?? DEFAULT_SLACK_RETRY;
  // The SDK hands retryConfig to p-retry, which also reads onFailedAttempt (absent from the SDK's type).
  const retryConfig: webApi.RetryOptions & { onFailedAttempt: (error: Error) => void } = {
    retries: retry.retries,
    factor: 2,
    minTimeout: retry.minTimeoutMs,
    maxTimeout: retry.maxTimeoutMs,
    randomize: true,
    onFailedAttempt: (error) => {
      if (!slackDidNotAct(error)) throw error;
    },
  };
  return {
    ...(settings.apiUrl ? { slackApiUrl: withTrailingSlash(settings.apiUrl) } : {}),
    logger,
    timeout: settings.timeoutMs ?? 10_000,
    rejectRateLimitedCalls: false,
    retryConfig,
  };
}

/** Wraps an SDK failure of `method` as SLACK_API, naming the method and Slack's error code. */
export function slackApiError(method: string, error: unknown): TriagedError {
  const { slackError, retryable } = classify(method, error);
  const detail = error instanceof Error ? `: ${redactText(error.message)}` : '';
  return new TriagedError('SLACK_API', `Slack ${method} failed (${slackError})${detail}`, { cause: error, retryable, context: { method, slackError } });
}

function classify(method: string, error: unknown): { slackError: string; retryable: boolean } {
  if (isRateLimitSignal(error)) return { slackError: 'ratelimited', retryable: true };
  const coded = error as { code?: string; data?: { error?: unknown }; statusCode?: number };
  switch (coded.code) {
    case webApi.ErrorCode.PlatformError: {
      const slackError = String(coded.data?.error ?? 'unknown_error');
      return { slackError, retryable: TRANSIENT_SLACK_ERRORS.has(slackError) };
    }
    case webApi.ErrorCode.RateLimitedError:
      return { slackError: 'ratelimited', retryable: true };
    case webApi.ErrorCode.HTTPError:
      return { slackError: `http_${coded.statusCode ?? 'error'}`, retryable: (coded.statusCode ?? 0) >= 500 };
    case webApi.ErrorCode.RequestError:
      // A timeout or reset may come after Slack acted: only an idempotent call may be repeated.
      return { slackError: 'request_failed', retryable: IDEMPOTENT_METHODS.has(method) || connectionRefused(error) };
    default:
      return { slackError: 'unexpected', retryable: false };
  }
}

function slackDidNotAct(error: unknown): boolean {
  if (isRateLimitSignal(error)) return true;
  const coded = error as { code?: string; statusCode?: number };
  if (coded.code === webApi.ErrorCode.HTTPError) return (coded.statusCode ?? 0) >= 500;
  return coded.code === webApi.ErrorCode.RequestError && connectionRefused(error);
}

/**
 * After waiting out a 429 the SDK throws "A rate limit was exceeded" to make its retry loop go
 * round; its own catch wraps that as a request error.
 */
function isRateLimitSignal(error: unknown): boolean {
  const original = (error as { code?: string; original?: unknown }).code === webApi.ErrorCode.RequestError ? (error as { original?: unknown }).original : error;
  return original instanceof Error && original.message.startsWith('A rate limit was exceeded');
}

function connectionRefused(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    if ((current as NodeJS.ErrnoException).code === 'ECONNREFUSED') return true;
    current = (current as { original?: unknown }).original ?? current.cause;
  }
  return false;
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
