/**
 * Is this HTTP request from Slack, and new? The v0 signature over the raw body (bolt's
 * verifySlackRequest: HMAC-SHA256, timing-safe compare), a timestamp within 5 minutes of our clock
 * in either direction, and a replay cache: a signature is accepted once while it is fresh.
 */
import { verifySlackRequest } from '@slack/bolt';
import type { Clock } from '../../ports/clock.js';

export type RefusalReason = 'missing-headers' | 'stale' | 'not-utf8' | 'bad-signature' | 'replayed';
export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: RefusalReason };

export interface SignedHeaders {
  readonly timestamp?: string;
  readonly signature?: string;
}

export interface SlackRequestVerifierOptions {
  readonly signingSecret: string;
  readonly clock: Clock;
  /** Replay cache bound; the oldest entry goes first when it is full. */
  readonly maxRemembered?: number;
}

const WINDOW_SECONDS = 5 * 60;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export class SlackRequestVerifier {
  /** signature → its timestamp (seconds), oldest first. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly options: SlackRequestVerifierOptions) {}

  verify(headers: SignedHeaders, rawBody: Buffer): Verdict {
    const { timestamp, signature } = headers;
    if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing-headers' };
    const nowMs = this.options.clock.now();
    const requestSeconds = Number(timestamp);
    if (Math.abs(nowMs / 1000 - requestSeconds) > WINDOW_SECONDS) return { ok: false, reason: 'stale' };
    // bolt signs the body as a string: only a body that is exactly its UTF-8 text may be checked that way.
    let body: string;
    try {
      body = strictUtf8.decode(rawBody);
    } catch {
      return { ok: false, reason: 'not-utf8' };
    }
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': requestSeconds },
        nowMilliseconds: nowMs,
      });
    } catch {
      return { ok: false, reason: 'bad-signature' };
    }
    return this.remember(signature, requestSeconds, nowMs / 1000) ? { ok: true } : { ok: false, reason: 'replayed' };
  }

  /** False when the signature was already accepted inside the window. */
  private remember(signature: string, requestSeconds: number, nowSeconds: number): boolean {
    for (const [old, at] of this.seen) {
      if (at >= nowSeconds - WINDOW_SECONDS) break;
      this.seen.delete(old);
    }
    if (this.seen.has(signature)) return false;
    const max = this.options.maxRemembered ?? 10_000;
    while (this.seen.size >= max) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    this.seen.set(signature, requestSeconds);
    return true;
  }
}
