/**
 * The Alertmanager webhook receiver the app mounts at `POST /webhooks/alertmanager`: checks the
 * bearer token, reads a bounded body, parses it (parse.ts) and records every alert with the sink.
 * Answers as Alertmanager's retrier needs: 2xx once recorded, 503 when a retry can help, 4xx for
 * bad input. Never waits for investigations.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Alarm } from '../../domain/alarm.js';
import { errorMessage, isRetryable, TriagedError } from '../../domain/errors.js';
import type { AlarmSink, IntakeReceipt } from '../../ports/intake.js';
import type { Logger } from '../../ports/logger.js';
import { readJson } from '../wire.js';
import { parseAlertmanagerWebhook } from './parse.js';
import { BodyTooLarge, readBody } from '../http-body.js';

export interface AlertmanagerHandlerOptions {
  readonly sink: AlarmSink;
  /** Required as `Authorization: Bearer <token>` when set. */
  readonly token?: string;
  readonly maxBodyBytes: number;
  readonly logger: Logger;
  /** Sent as Retry-After on 503 (Alertmanager 0.25 ignores it, newer versions and proxies may not). */
  readonly retryAfterSeconds?: number;
}

export type AlertmanagerHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

interface AlertOutcome {
  readonly name: string;
  readonly fingerprint?: string;
  readonly state: Alarm['state'];
  readonly outcome: IntakeReceipt['outcome'] | 'failed';
  readonly incidentId?: string;
  /** The error code when `failed`, and whether a retry can help. */
  readonly error?: string;
  readonly retryable?: boolean;
}

export function createAlertmanagerHandler(options: AlertmanagerHandlerOptions): AlertmanagerHandler {
  const { sink, logger } = options;
  const retryAfter = String(options.retryAfterSeconds ?? 30);
  const expectedToken = options.token === undefined ? undefined : digest(options.token);

  const send = (res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers }).end(text);
  };
  const unavailable = (res: ServerResponse, body: object): void => send(res, 503, body, { 'retry-after': retryAfter });

  /** Records a body we cannot use; 400 when recorded, 503 when the store could not record it (a retry can). */
  async function refuse(res: ServerResponse, deliveryId: string, reason: string, body: string): Promise<void> {
    try {
      await sink.reject({ source: 'alertmanager', deliveryId, reason, body });
    } catch (error) {
      logger.error({ deliveryId, reason, err: errorMessage(error) }, 'alertmanager: could not record rejected body');
      return unavailable(res, { error: 'could not record the rejected body; retry later', reason });
    }
    send(res, 400, { error: reason, deliveryId });
  }

  return async (req, res) => {
    if (expectedToken && !bearerMatches(req.headers.authorization, expectedToken)) {
      req.resume();
      return send(res, 401, { error: 'missing or wrong bearer token' }, { 'www-authenticate': 'Bearer' });
    }
    const deliveryId = headerValue(req.headers['x-request-id']) ?? randomUUID();
    let text: string;
    try {
      text = (await readBody(req, options.maxBodyBytes)).toString('utf8');
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      res.setHeader('connection', 'close');
      return send(res, 413, { error: `body exceeds ${options.maxBodyBytes} bytes` });
    }
    const json = readJson(text, 'body');
    if (!json.ok) return refuse(res, deliveryId, json.reason, text);
    const parsed = parseAlertmanagerWebhook(json.value);
    if (!parsed.ok) return refuse(res, deliveryId, parsed.reason, text);

    const full = parsed.alarms.find((a) => a.state === 'firing' && !sink.hasCapacity(a.severity));
    if (full) return unavailable(res, { error: `intake queue is full for ${full.severity} alarms; retry later` });

    const outcomes = await Promise.all(parsed.alarms.map((alarm) => record(alarm)));
    const failed = outcomes.filter((o) => o.outcome === 'failed');
    logger.info({ deliveryId, alerts: outcomes.length, failed: failed.length }, 'alertmanager: notification received');
    if (failed.length === 0) return send(res, 202, { deliveryId, alerts: outcomes });
    return failed.some((o) => o.retryable)
      ? unavailable(res, { deliveryId, alerts: outcomes })
      : send(res, 500, { deliveryId, alerts: outcomes });
  };

  async function record(alarm: Alarm): Promise<AlertOutcome> {
    const base = { name: alarm.name, fingerprint: alarm.externalId, state: alarm.state };
    try {
      const receipt = await sink.accept(alarm);
      receipt.settled.catch((error: unknown) => {
        logger.warn({ alarm: alarm.name, fingerprint: alarm.externalId, err: errorMessage(error) }, 'alertmanager: investigation failed');
      });
      return { ...base, outcome: receipt.outcome, ...(receipt.incidentId ? { incidentId: receipt.incidentId } : {}) };
    } catch (error) {
      logger.warn({ alarm: alarm.name, fingerprint: alarm.externalId, err: errorMessage(error) }, 'alertmanager: alert not recorded');
      const code = error instanceof TriagedError ? error.code : 'INTERNAL';
      return { ...base, outcome: 'failed', error: code, retryable: isRetryable(error) };
    }
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares digests so neither the token's content nor its length leaks through timing. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer +(.+)$/i.exec(header ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1].trim()), expected);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value || undefined;
}

