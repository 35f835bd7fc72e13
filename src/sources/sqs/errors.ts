/** Every SQS call goes through here, so a failure reaches callers as one TriagedError naming the operation and queue, with the SDK error as its cause. */
import { isTransient } from '../../adapters/aws/errors.js';
import { errorMessage, TriagedError } from '../../domain/errors.js';

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
