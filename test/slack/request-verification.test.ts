import { createHmac } from 'node:crypto';
import { verifySlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { SlackRequestVerifier } from '../../src/adapters/slack/request-verification.js';
import { rawHttpFixture, SIGNED_AT_MS, SIGNING_SECRET } from './fixtures.js';

const sign = (timestamp: number, body: Buffer): string => `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:`).update(body).digest('hex')}`;

function verifierAt(nowMs: { value: number }, maxRemembered?: number): SlackRequestVerifier {
  return new SlackRequestVerifier({ signingSecret: SIGNING_SECRET, clock: { now: () => nowMs.value }, maxRemembered });
}

describe('SlackRequestVerifier', () => {
  it("reproduces Slack's worked example from 'Verifying requests from Slack'", () => {
    const body = Buffer.from(
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    );
    const verdict = verifierAt({ value: 1531420618_000 }).verify({ timestamp: '1531420618', signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503' }, body);
    expect(verdict).toEqual({ ok: true });
  });

  it("agrees with bolt's verifySlackRequest on the fixture", () => {
    const { headers, body } = rawHttpFixture('block-actions-approve.http.txt');
    const signed = { timestamp: headers['X-Slack-Request-Timestamp'], signature: headers['X-Slack-Signature'] };
    expect(verifierAt({ value: SIGNED_AT_MS + 2_000 }).verify(signed, body)).toEqual({ ok: true });
    expect(() =>
      verifySlackRequest({ signingSecret: SIGNING_SECRET, body: body.toString('utf8'), headers: { 'x-slack-signature': signed.signature ?? '', 'x-slack-request-timestamp': Number(signed.timestamp) }, nowMilliseconds: SIGNED_AT_MS + 2_000 }),
    ).not.toThrow();
  });

  it('refuses timestamps more than 5 minutes away in either direction', () => {
    const body = Buffer.from('payload=%7B%7D');
    const now = { value: SIGNED_AT_MS };
    const at = SIGNED_AT_MS / 1000;
    expect(verifierAt(now).verify({ timestamp: String(at - 301), signature: sign(at - 301, body) }, body)).toEqual({ ok: false, reason: 'stale' });
    expect(verifierAt(now).verify({ timestamp: String(at + 301), signature: sign(at + 301, body) }, body)).toEqual({ ok: false, reason: 'stale' });
    expect(verifierAt(now).verify({ timestamp: String(at - 299), signature: sign(at - 299, body) }, body)).toEqual({ ok: true });
  });

  it('refuses a body that is not UTF-8 even when its bytes are signed', () => {
    const body = Buffer.from([0x70, 0x3d, 0xff, 0xfe]);
    const at = SIGNED_AT_MS / 1000;
    expect(verifierAt({ value: SIGNED_AT_MS }).verify({ timestamp: String(at), signature: sign(at, body) }, body)).toEqual({ ok: false, reason: 'not-utf8' });
  });

  it('refuses malformed headers', () => {
    const body = Buffer.from('x');
    const verifier = verifierAt({ value: SIGNED_AT_MS });
    expect(verifier.verify({ signature: 'v0=00' }, body)).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verifier.verify({ timestamp: '12ab', signature: 'v0=00' }, body)).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verifier.verify({ timestamp: String(SIGNED_AT_MS / 1000), signature: 'v1=00' }, body)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('accepts a signature once while fresh, and forgets it once it is stale anyway', () => {
    const now = { value: SIGNED_AT_MS };
    const verifier = verifierAt(now);
    const at = SIGNED_AT_MS / 1000;
    const body = Buffer.from('payload=%7B%7D');
    const headers = { timestamp: String(at), signature: sign(at, body) };
    expect(verifier.verify(headers, body)).toEqual({ ok: true });
    now.value += 299_000;
    expect(verifier.verify(headers, body)).toEqual({ ok: false, reason: 'replayed' });
    now.value += 2_000;
    expect(verifier.verify(headers, body)).toEqual({ ok: false, reason: 'stale' });
  });

  it('keeps the replay cache bounded, dropping the oldest entry first', () => {
    const now = { value: SIGNED_AT_MS };
    const verifier = verifierAt(now, 2);
    const at = SIGNED_AT_MS / 1000;
    const request = (text: string) => {
      const body = Buffer.from(text);
      return [{ timestamp: String(at), signature: sign(at, body) }, body] as const;
    };
    const [a, b, c] = [request('a'), request('b'), request('c')];
    for (const r of [a, b, c]) expect(verifier.verify(...r)).toEqual({ ok: true });
    expect(verifier.verify(...c)).toEqual({ ok: false, reason: 'replayed' });
    expect(verifier.verify(...a)).toEqual({ ok: true });
  });
});
