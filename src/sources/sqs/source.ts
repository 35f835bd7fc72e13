/**
 * The SQS alarm source (after bbc/sqs-consumer): long-polls the queue CloudWatch alarms reach via
 * EventBridge or SNS and hands each message to handle-message.ts on its own, so a slow
 * investigation never delays another message's delete. Polling pauses while intake is full or
 * `maxInFlight` messages are being handled, and backs off on SQS errors.
 */
import { ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { errorMessage } from '../../domain/errors.js';
import type { AlarmSink } from '../../ports/intake.js';
import type { Logger } from '../../ports/logger.js';
import { backoffDelayMs, type Backoff } from './backoff.js';
import { callSqs } from './errors.js';
import { handleAlarmMessage, type MessageContext } from './handle-message.js';

export interface SqsAlarmSourceOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly sink: AlarmSink;
  readonly logger: Logger;
  /** Long-poll duration, 0–20 s (default 20). */
  readonly waitTimeSeconds?: number;
  /** Messages per receive, 1–10 (default 10). */
  readonly batchSize?: number;
  /** Seconds a received message stays invisible, renewed by each heartbeat (default 60). */
  readonly visibilityTimeout?: number;
  /** Seconds between visibility renewals; below visibilityTimeout (default a third of it). */
  readonly heartbeatSeconds?: number;
  /** Messages handled at once; polling waits above it (default 20). */
  readonly maxInFlight?: number;
  /** Delay between failed receives (default 1 s doubling to 30 s). */
  readonly errorBackoff?: Backoff;
  /** Visibility given to a message whose handling failed, by receive count (default 5 s doubling to 5 min). */
  readonly redeliveryBackoff?: Backoff;
  /** How often a paused poller re-checks intake capacity (default 1 s). */
  readonly capacityRecheckMs?: number;
  /** How long stop() waits for in-flight messages (default 10 s). */
  readonly stopGraceMs?: number;
  readonly random?: () => number;
}

const ATTRIBUTES = ['ApproximateReceiveCount', 'SentTimestamp'] as const;

export class SqsAlarmSource {
  private readonly waitTimeSeconds: number;
  private readonly batchSize: number;
  private readonly maxInFlight: number;
  private readonly errorBackoff: Backoff;
  private readonly capacityRecheckMs: number;
  private readonly stopGraceMs: number;
  private readonly logger: Logger;
  private readonly context: Omit<MessageContext, 'halt'>;
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private receiveAbort = new AbortController();
  private halt = new AbortController();
  /** Ends a capacity pause early when an in-flight message finishes. */
  private wake?: () => void;

  constructor(private readonly options: SqsAlarmSourceOptions) {
    const visibilityTimeout = options.visibilityTimeout ?? 60;
    const heartbeatSeconds = options.heartbeatSeconds ?? Math.max(1, Math.floor(visibilityTimeout / 3));
    this.waitTimeSeconds = options.waitTimeSeconds ?? 20;
    this.batchSize = options.batchSize ?? 10;
    this.maxInFlight = options.maxInFlight ?? 20;
    if (this.batchSize < 1 || this.batchSize > 10) throw new RangeError(`batchSize ${this.batchSize} is not within 1–10`);
    if (this.waitTimeSeconds < 0 || this.waitTimeSeconds > 20) throw new RangeError(`waitTimeSeconds ${this.waitTimeSeconds} is not within 0–20`);
    if (heartbeatSeconds >= visibilityTimeout) {
      throw new RangeError(`heartbeatSeconds ${heartbeatSeconds} must be below visibilityTimeout ${visibilityTimeout}`);
    }
    this.errorBackoff = options.errorBackoff ?? { initialMs: 1_000, maxMs: 30_000 };
    this.capacityRecheckMs = options.capacityRecheckMs ?? 1_000;
    this.stopGraceMs = options.stopGraceMs ?? 10_000;
    this.logger = options.logger.child({ source: 'sqs', queueUrl: options.queueUrl });
    this.context = {
      client: options.client,
      queueUrl: options.queueUrl,
      sink: options.sink,
      logger: this.logger,
      visibilityTimeout,
      heartbeatSeconds,
      redeliveryBackoff: options.redeliveryBackoff ?? { initialMs: 5_000, maxMs: 300_000 },
      random: options.random ?? Math.random,
    };
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.receiveAbort = new AbortController();
    this.halt = new AbortController();
    this.loop = this.poll();
    this.logger.info({}, 'sqs: started');
  }

  /** Stops polling (aborting a pending receive), waits up to the grace for in-flight messages, then ends their heartbeats. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.receiveAbort.abort();
    await this.loop;
    const drained = await this.drain();
    if (!drained) this.logger.warn({ inFlight: this.inFlight.size }, 'sqs: stop grace elapsed; unfinished messages will be redelivered');
    this.halt.abort();
    this.logger.info({}, 'sqs: stopped');
  }

  private async poll(): Promise<void> {
    let failures = 0;
    while (this.running) {
      const room = this.maxInFlight - this.inFlight.size;
      // `info` is the lowest priority: without room for it, a received message might not be queueable.
      if (room <= 0 || !this.options.sink.hasCapacity('info')) {
        await this.pause(this.capacityRecheckMs, true);
        continue;
      }
      let messages: Message[];
      try {
        messages = await this.receive(Math.min(this.batchSize, room));
        failures = 0;
      } catch (error) {
        if (!this.running) break;
        failures += 1;
        const delayMs = backoffDelayMs(failures, this.errorBackoff, this.context.random);
        this.logger.error({ err: errorMessage(error), failures, delayMs }, 'sqs: receive failed');
        await this.pause(delayMs, false);
        continue;
      }
      for (const message of messages) this.dispatch(message);
    }
  }

  private async receive(count: number): Promise<Message[]> {
    const { client, queueUrl } = this.options;
    const command = new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: count,
      WaitTimeSeconds: this.waitTimeSeconds,
      VisibilityTimeout: this.context.visibilityTimeout,
      MessageSystemAttributeNames: [...ATTRIBUTES],
    });
    const output = await callSqs('ReceiveMessage', queueUrl, () => client.send(command, { abortSignal: this.receiveAbort.signal }));
    return output.Messages ?? [];
  }

  private dispatch(message: Message): void {
    const work: Promise<void> = handleAlarmMessage(message, { ...this.context, halt: this.halt.signal })
      .catch((error: unknown) => this.logger.error({ messageId: message.MessageId, err: errorMessage(error) }, 'sqs: message_error'))
      .finally(() => {
        this.inFlight.delete(work);
        this.wake?.();
      });
    this.inFlight.add(work);
  }

  /** Sleeps `ms`, ended early by stop() and, when `wakeable`, by a finished message. */
  private pause(ms: number, wakeable: boolean): Promise<void> {
    const signal = this.receiveAbort.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      if (wakeable) this.wake = done;
    });
  }

  private async drain(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.stopGraceMs);
    });
    try {
      return await Promise.race([Promise.allSettled([...this.inFlight]).then(() => true as const), grace]);
    } finally {
      clearTimeout(timer);
    }
  }
}
