/**
 * Handles one SQS message of the alarm queue for SqsAlarmSource: parse, hand to the sink, keep the
 * message invisible while its investigations run, then delete it. Nothing is deleted unprocessed:
 * a failure leaves the message for redelivery (and, past maxReceiveCount, the queue's DLQ).
 */
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Alarm } from '../../domain/alarm.js';
import { errorMessage, isRetryable } from '../../domain/errors.js';
import type { AlarmSink } from '../../ports/intake.js';
import type { Logger } from '../../ports/logger.js';
import { parseCloudWatchBody } from '../cloudwatch/parse.js';
import { backoffDelayMs, type Backoff } from './backoff.js';
import { callSqs } from './errors.js';

export interface MessageContext {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly sink: AlarmSink;
  readonly logger: Logger;
  readonly visibilityTimeout: number;
  readonly heartbeatSeconds: number;
  /** The visibility a failed message gets, growing with its receive count. */
  readonly redeliveryBackoff: Backoff;
  readonly random: () => number;
  /** Aborted when the source gives up on in-flight work (stop's grace elapsed): heartbeats end. */
  readonly halt: AbortSignal;
}

const MAX_VISIBILITY_SECONDS = 43_200;

export async function handleAlarmMessage(message: Message, context: MessageContext): Promise<void> {
  const { client, queueUrl, sink } = context;
  const receiptHandle = message.ReceiptHandle;
  const body = message.Body ?? '';
  const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
  const log = context.logger.child({ messageId: message.MessageId, receiveCount });
  if (!receiptHandle) return log.error({}, 'sqs: message without receipt handle');
  log.debug({}, 'sqs: message_received');

  const sentAt = Number(message.Attributes?.SentTimestamp);
  const parsed = parseCloudWatchBody(body, Number.isFinite(sentAt) ? { receivedAt: new Date(sentAt).toISOString() } : {});
  try {
    await withHeartbeat(receiptHandle, context, log, async () => {
      if (!parsed.ok) {
        log.warn({ reason: parsed.reason }, 'sqs: body rejected');
        return sink.reject({ source: 'cloudwatch', deliveryId: message.MessageId, reason: parsed.reason, body });
      }
      return acceptAndSettle(parsed.alarms, sink);
    });
  } catch (error) {
    const seconds = Math.min(MAX_VISIBILITY_SECONDS, Math.ceil(backoffDelayMs(receiveCount, context.redeliveryBackoff, context.random) / 1000));
    log.warn({ err: errorMessage(error), retryable: isRetryable(error), redeliverInSeconds: seconds }, 'sqs: message_error, left for redelivery');
    await callSqs('ChangeMessageVisibility', queueUrl, () =>
      client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds })),
    ).catch((e: unknown) => log.warn({ err: errorMessage(e) }, 'sqs: could not set redelivery backoff'));
    return;
  }
  try {
    await callSqs('DeleteMessage', queueUrl, () => client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle })));
    log.info({ alarms: parsed.ok ? parsed.alarms.length : 0, rejected: !parsed.ok }, 'sqs: message_processed');
  } catch (error) {
    // Redelivered later and dropped by intake as a duplicate.
    log.warn({ err: errorMessage(error) }, 'sqs: message_error, delete failed');
  }
}

/** Accepts each alarm, then waits for all the work they started; any rejection means "do not delete". */
async function acceptAndSettle(alarms: readonly Alarm[], sink: AlarmSink): Promise<void> {
  const settled: Promise<void>[] = [];
  for (const alarm of alarms) {
    const receipt = await sink.accept(alarm);
    // Marked handled now: if a later accept throws, this one is never awaited.
    receipt.settled.catch(() => {});
    settled.push(receipt.settled);
  }
  await Promise.all(settled);
}

async function withHeartbeat(receiptHandle: string, context: MessageContext, log: Logger, work: () => Promise<void>): Promise<void> {
  const { client, queueUrl } = context;
  const timer = setInterval(() => {
    callSqs('ChangeMessageVisibility', queueUrl, () =>
      client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: context.visibilityTimeout })),
    ).then(
      () => log.debug({ visibilityTimeout: context.visibilityTimeout }, 'sqs: visibility extended'),
      (error: unknown) => log.warn({ err: errorMessage(error) }, 'sqs: heartbeat failed'),
    );
  }, context.heartbeatSeconds * 1000);
  const stop = (): void => clearInterval(timer);
  context.halt.addEventListener('abort', stop, { once: true });
  try {
    await work();
  } finally {
    stop();
    context.halt.removeEventListener('abort', stop);
  }
}
