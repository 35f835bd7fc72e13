/**
 * The Slack side of triaged, wired once: a Bolt App whose WebClient backs the notifier and the
 * approver directory, and whose action listeners turn Approve / Deny clicks into DecisionEvents.
 * Transport: Socket Mode when an app token is given, else `handleHttp` on POST /slack/events.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, SocketModeReceiver } from '@slack/bolt';
import { errorMessage, TriagedError } from '../../domain/errors.js';
import { asApprovalId } from '../../domain/ids.js';
import type { ApproverDirectory } from '../../ports/approvers.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { DecisionEvent, DecisionHandler } from '../../ports/notifier.js';
import { SlackApproverDirectory } from './approvers.js';
import { APPROVE_ACTION, DENY_ACTION } from './blocks.js';
import { SlackHttpReceiver } from './http-receiver.js';
import { SlackNotifier } from './notifier.js';
import { SlackRequestVerifier } from './request-verification.js';
import { slackSdkLogger } from './slack-logger.js';
import { slackApiError, slackClientOptions, type SlackRetryPolicy } from './web-client.js';

export interface SlackAppOptions {
  readonly botToken: string;
  /** Required for the HTTP receiver. */
  readonly signingSecret?: string;
  /** Selects Socket Mode. */
  readonly appToken?: string;
  /** TRIAGED_SLACK_API_URL. */
  readonly apiUrl?: string;
  readonly channel: string;
  /** TRIAGED_APPROVERS: user ids and user-group ids. */
  readonly approvers?: readonly string[];
  readonly cluster?: string;
  readonly onDecision: DecisionHandler;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly retry?: SlackRetryPolicy;
  readonly timeoutMs?: number;
}

export interface SlackApp {
  readonly notifier: SlackNotifier;
  readonly approvers: ApproverDirectory;
  /** POST /slack/events; 404 in Socket Mode, 503 before start(). */
  handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Checks the bot token (auth.test), then opens the receiver (Socket Mode connects here). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { botToken, signingSecret, appToken, logger } = options;
  const clock = options.clock ?? systemClock;
  const sdkLogger = slackSdkLogger(logger, [botToken, signingSecret, appToken]);
  const settings = { apiUrl: options.apiUrl, retry: options.retry, timeoutMs: options.timeoutMs };

  let httpReceiver: SlackHttpReceiver | undefined;
  let receiver: SlackHttpReceiver | SocketModeReceiver;
  if (appToken) {
    receiver = new SocketModeReceiver({ appToken, logger: sdkLogger, installerOptions: { clientOptions: slackClientOptions(settings, sdkLogger) } });
  } else if (signingSecret) {
    receiver = httpReceiver = new SlackHttpReceiver({ verifier: new SlackRequestVerifier({ signingSecret, clock }), logger });
  } else {
    throw new TriagedError('CONFIG_INVALID', 'Slack needs SLACK_SIGNING_SECRET (HTTP receiver) or SLACK_APP_TOKEN (Socket Mode)');
  }

  // deferInitialization: the token is checked in start(), not by a request fired from the constructor.
  const app = new App({ token: botToken, receiver, logger: sdkLogger, clientOptions: slackClientOptions(settings, sdkLogger), deferInitialization: true });
  app.error(async (error) => {
    logger.error({ err: errorMessage(error) }, 'Slack listener failed');
  });
  for (const [actionId, decision] of [
    [APPROVE_ACTION, 'approve'],
    [DENY_ACTION, 'deny'],
  ] as const) {
    app.action(actionId, async ({ ack, body }) => {
      // Slack wants the ack within 3 s; the decision (dry run, apply, verify) takes longer.
      await ack();
      const event = decisionOf(body, decision);
      if (!event) {
        logger.warn({ actionId }, 'a click without an approval id, user or message; ignored');
        return;
      }
      try {
        await options.onDecision(event);
      } catch (error) {
        logger.error({ err: errorMessage(error), approvalId: event.approvalId }, 'decision handler failed');
      }
    });
  }

  return {
    notifier: new SlackNotifier({ client: app.client, channel: options.channel, cluster: options.cluster }),
    approvers: new SlackApproverDirectory({ client: app.client, allowList: options.approvers ?? [], clock }),
    async handleHttp(req, res) {
      if (!httpReceiver) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Slack uses Socket Mode here');
        return;
      }
      await httpReceiver.handle(req, res);
    },
    async start() {
      try {
        await app.init();
      } catch (error) {
        throw slackApiError('auth.test', error);
      }
      await app.start();
      logger.info({ mode: appToken ? 'socket' : 'http', channel: options.channel }, 'Slack connected');
    },
    async stop() {
      await app.stop();
    },
  };
}

/** The DecisionEvent in a block_actions body; undefined when a part is missing. */
export function decisionOf(body: unknown, decision: DecisionEvent['decision']): DecisionEvent | undefined {
  const b = body as {
    user?: { id?: unknown; username?: unknown; name?: unknown };
    container?: { channel_id?: unknown; message_ts?: unknown };
    actions?: readonly { value?: unknown }[];
  };
  const approvalId = b.actions?.[0]?.value;
  const userId = b.user?.id;
  const channel = b.container?.channel_id;
  const ts = b.container?.message_ts;
  if (![approvalId, userId, channel, ts].every((v) => typeof v === 'string' && v.length > 0)) return undefined;
  const userName = b.user?.username ?? b.user?.name;
  return {
    approvalId: asApprovalId(approvalId as string),
    decision,
    userId: userId as string,
    ...(typeof userName === 'string' ? { userName } : {}),
    thread: { channel: channel as string, ts: ts as string },
  };
}
