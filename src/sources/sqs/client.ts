/**
 * Builds the SQS client the app injects into SqsAlarmSource. Region and credentials come from the
 * standard AWS variables; the SDK itself reads `AWS_ENDPOINT_URL_SQS`; `endpoint` overrides both.
 */
import { SQSClient } from '@aws-sdk/client-sqs';

export interface SqsClientOptions {
  /** Must be the queue's region: requests go to the region's endpoint, not to the queue URL's host. */
  readonly region?: string;
  readonly endpoint?: string;
}

export function createSqsClient(options: SqsClientOptions = {}): SQSClient {
  return new SQSClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    // Otherwise the SDK sends to the queue URL's host, ignoring AWS_ENDPOINT_URL_SQS; emulators
    // hand out URLs like http://sqs.us-east-1.localhost:4566/… that do not resolve.
    useQueueUrlAsEndpoint: false,
  });
}
