/**
 * The GitHub webhook receiver the app mounts at `POST /webhooks/github`: a bounded raw body, the
 * `X-Hub-Signature-256` check over those exact bytes, `application/json` only, one handling per
 * `X-GitHub-Delivery` and per run attempt. Failed `workflow_run`s go to `onWorkflowRun` in the
 * background: GitHub wants an answer within 10 s and never retries by itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyWebhookSignature } from '../../adapters/github/webhook-signature.js';
import { runKey, type WorkflowRunFailure } from '../../domain/ci/types.js';
import { errorMessage } from '../../domain/errors.js';
import type { Logger } from '../../ports/logger.js';
import { readJson } from '../wire.js';
import { RecentKeys } from './deliveries.js';
import { parseWorkflowRun } from './workflow-run.js';
import { BodyTooLarge, readBody } from '../http-body.js';

export interface GithubWebhookOptions {
  readonly secret: string;
  /** Runs after the answer; a rejection is logged and lets a redelivery of the same run try again. */
  readonly onWorkflowRun: (run: WorkflowRunFailure) => Promise<void>;
  readonly logger: Logger;
  /** Default 5 MiB. */
  readonly maxBodyBytes?: number;
  /** Delivery ids and run attempts remembered (default 2000 each). */
  readonly rememberDeliveries?: number;
}

export type GithubWebhookHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createGithubWebhookHandler(options: GithubWebhookOptions): GithubWebhookHandler {
  const { logger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 5 * 1024 * 1024;
  const deliveries = new RecentKeys(options.rememberDeliveries ?? 2000);
  const runs = new RecentKeys(options.rememberDeliveries ?? 2000);

  return async (req, res) => {
    let body: Buffer;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      res.setHeader('connection', 'close');
      return send(res, 413, { error: `body exceeds ${maxBodyBytes} bytes` });
    }
    const signature = header(req, 'x-hub-signature-256');
    if (!(await verifyWebhookSignature(options.secret, body, signature))) {
      logger.warn({ delivery: header(req, 'x-github-delivery'), signed: signature !== undefined }, 'github: signature missing or wrong');
      return send(res, 401, { error: signature ? 'X-Hub-Signature-256 does not match the body' : 'X-Hub-Signature-256 is missing' });
    }
    const contentType = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') return send(res, 415, { error: `content type must be application/json (set the webhook's content type to JSON), got ${contentType || 'none'}` });
    const event = header(req, 'x-github-event');
    const deliveryId = header(req, 'x-github-delivery');
    if (!deliveryId) return send(res, 400, { error: 'X-GitHub-Delivery is missing' });
    if (event === 'ping') return send(res, 200, { deliveryId, pong: true });
    if (event !== 'workflow_run') return send(res, 202, { deliveryId, ignored: `event ${event ?? 'none'} is not handled` });
    if (deliveries.seen(deliveryId)) {
      logger.info({ deliveryId }, 'github: duplicate delivery ignored');
      return send(res, 200, { deliveryId, duplicate: true });
    }
    const json = readJson(body.toString('utf8'), 'body');
    if (!json.ok) return send(res, 400, { deliveryId, error: json.reason });
    const parsed = parseWorkflowRun(json.value, deliveryId);
    if (parsed.kind === 'invalid') return send(res, 400, { deliveryId, error: parsed.reason });
    if (parsed.kind === 'ignored') return send(res, 202, { deliveryId, ignored: parsed.reason });

    const key = runKey(parsed.run);
    if (runs.seen(key)) {
      logger.info({ deliveryId, run: key }, 'github: run attempt already handled');
      return send(res, 202, { deliveryId, run: key, duplicate: true });
    }
    logger.info({ deliveryId, run: key, workflow: parsed.run.workflow }, 'github: failed workflow run accepted');
    send(res, 202, { deliveryId, run: key, accepted: true });
    options.onWorkflowRun(parsed.run).catch((error: unknown) => {
      runs.forget(key);
      deliveries.forget(deliveryId);
      logger.error({ deliveryId, run: key, err: errorMessage(error) }, 'github: analysing the failed run failed; a redelivery will retry');
    });
  };
}

function send(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

