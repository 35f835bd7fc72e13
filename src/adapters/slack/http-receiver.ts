/**
 * Bolt's receiver for HTTP mode, mounted as `POST /slack/events` on the daemon's own server rather
 * than a port of its own: verify (request-verification.ts), parse, answer url_verification, and
 * hand everything else to `app.processEvent`, whose listeners ack with the HTTP response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver } from '@slack/bolt';
import { errorMessage } from '../../domain/errors.js';
import type { Logger } from '../../ports/logger.js';
import type { SlackRequestVerifier } from './request-verification.js';

export interface SlackHttpReceiverOptions {
  readonly verifier: SlackRequestVerifier;
  readonly logger: Logger;
  readonly maxBodyBytes?: number;
}

export class SlackHttpReceiver implements Receiver {
  private app?: App;
  private started = false;

  constructor(private readonly options: SlackHttpReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  /** The daemon's HTTP server owns the port; this only opens the door. */
  async start(): Promise<void> {
    this.started = true;
  }

  async stop(): Promise<void> {
    this.started = false;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { app } = this;
    if (!app || !this.started) return reply(res, 503, 'Slack receiver not started');
    const raw = await readBody(req, this.options.maxBodyBytes ?? 1024 * 1024);
    if (!raw) return reply(res, 413, 'body too large');
    // Every refusal gets the same 401: a replay is refused like a forgery, and neither learns why.
    const verdict = this.options.verifier.verify({ timestamp: header(req, 'x-slack-request-timestamp'), signature: header(req, 'x-slack-signature') }, raw);
    if (!verdict.ok) {
      this.options.logger.warn({ reason: verdict.reason }, 'refused a Slack request');
      return reply(res, 401, 'invalid request');
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(header(req, 'content-type'), raw);
    } catch (error) {
      this.options.logger.warn({ err: errorMessage(error) }, 'unreadable Slack request');
      return reply(res, 400, 'unreadable body');
    }
    if (body.type === 'url_verification') return reply(res, 200, JSON.stringify({ challenge: body.challenge }), 'application/json');

    let acked = false;
    const ack = async (response?: unknown): Promise<void> => {
      if (acked) return;
      acked = true;
      if (response === undefined || response === '') reply(res, 200, '');
      else if (typeof response === 'string') reply(res, 200, response);
      else reply(res, 200, JSON.stringify(response), 'application/json');
    };
    const retryNum = header(req, 'x-slack-retry-num');
    try {
      await app.processEvent({ body, ack, retryNum: retryNum === undefined ? undefined : Number(retryNum), retryReason: header(req, 'x-slack-retry-reason') });
    } catch (error) {
      this.options.logger.error({ err: errorMessage(error) }, 'Slack event processing failed');
      if (!acked) return reply(res, 500, 'internal error');
    }
    // No listener took it (an unrelated interaction): acknowledge so Slack shows no error.
    await ack();
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Slack posts interactions as a form with one JSON `payload` field, events as JSON. */
function parseBody(contentType: string | undefined, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    return payload === null ? Object.fromEntries(form) : asObject(JSON.parse(payload));
  }
  return asObject(JSON.parse(text));
}

function asObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('body is not a JSON object');
  return value as Record<string, unknown>;
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function reply(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': contentType }).end(body);
}
