/** Every SQS call goes through here, so a failure reaches callers as one TriagedError naming the operation and queue, with the SDK error as its cause. */
import { errorMessage, TriagedError } from '../../domain/errors.js';

interface SdkErrorTraits {
  readonly $fault?: 'client' | 'server';
  readonly $retryable?: unknown;
}

/** Server faults, throttling and network errors (no `$fault`) can pass; a client fault (no such queue, access denied) will not by retrying. */
function isTransient(error: unknown): boolean {
  const traits = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorTraits;
  return traits.$fault !== 'client' || traits.$retryable !== undefined;
}

export async function callSqs<T>(operation: string, queueUrl: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw new TriagedError('SOURCE_UNAVAILABLE', `SQS ${operation} on ${queueUrl} failed: ${errorMessage(cause)}`, {
      cause,
      retryable: isTransient(cause),
      context: { operation, queueUrl },
    });
  }
}
