/**
 * Builds the SDK clients the app injects into LogsInsightsClient and XRayClient. Region and credentials
 * come from the standard AWS chain; the SDK reads AWS_ENDPOINT_URL_CLOUDWATCH_LOGS / _XRAY itself.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { XRayClient as XRaySdkClient } from '@aws-sdk/client-xray';

export interface AwsClientOptions {
  readonly region?: string;
  /** Overrides the endpoint (loopback fakes, VPC endpoints). */
  readonly endpoint?: string;
  /** Static credentials (tests); otherwise the default provider chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** SDK attempts per call, throttling retries included; default the SDK's 3. */
  readonly maxAttempts?: number;
}

function config(options: AwsClientOptions): Record<string, unknown> {
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: { ...options.credentials } } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  };
}

export function createLogsSdkClient(options: AwsClientOptions = {}): CloudWatchLogsClient {
  return new CloudWatchLogsClient(config(options));
}

export function createXRaySdkClient(options: AwsClientOptions = {}): XRaySdkClient {
  return new XRaySdkClient(config(options));
}
