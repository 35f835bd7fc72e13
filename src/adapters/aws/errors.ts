/** Evidence calls to AWS (Logs Insights, X-Ray) as TriagedErrors naming the operation and what was asked, the SDK error as cause. */
import { errorMessage, TriagedError } from '../../domain/errors.js';

interface SdkErrorTraits {
  readonly name?: string;
  readonly $fault?: 'client' | 'server';
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** Client faults that pass with time: throttling (X-Ray's ThrottledException is modelled as a plain client fault) and Logs' query-concurrency limit. */
const PASSING_CLIENT_FAULTS = new Set(['ThrottledException', 'ThrottlingException', 'TooManyRequestsException', 'LimitExceededException']);

/** Server faults, throttling and network errors (no `$fault`) can pass; a client fault (bad query, no such log group) will not by retrying. */
export function isTransient(error: unknown): boolean {
  const traits = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorTraits;
  if (traits.$fault !== 'client' || traits.$retryable !== undefined || traits.$metadata?.httpStatusCode === 429) return true;
  return traits.name !== undefined && PASSING_CLIENT_FAULTS.has(traits.name);
}

/** `subject` names what was asked ("Logs Insights query on /aws/…"); an abort of the caller's signal reads as a timeout. */
export function evidenceError(subject: string, operation: string, cause: unknown, signal?: AbortSignal): TriagedError {
  if (cause instanceof TriagedError) return cause;
  const context = { operation, ...(typeof (cause as SdkErrorTraits)?.name === 'string' ? { errorName: (cause as SdkErrorTraits).name } : {}) };
  if (signal?.aborted) return new TriagedError('EVIDENCE_TIMEOUT', `${subject} timed out during ${operation}`, { cause, context });
  return new TriagedError('EVIDENCE_FAILED', `${subject}: ${operation} failed: ${errorMessage(cause)}`, { cause, retryable: isTransient(cause), context });
}

/** Runs one SDK call with the caller's signal; failures come out as evidenceError. */
export async function callAws<T>(subject: string, operation: string, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw evidenceError(subject, operation, cause, signal);
  }
}
