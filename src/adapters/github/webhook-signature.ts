/**
 * GitHub webhook signatures: `X-Hub-Signature-256` is `sha256=` + hex HMAC-SHA256 of the raw body
 * with the webhook secret, checked with @octokit/webhooks-methods (timing-safe). There is no
 * timestamp: replay protection is the delivery id, which the receiver deduplicates.
 */
import { verify } from '@octokit/webhooks-methods';

export async function verifyWebhookSignature(secret: string, rawBody: Buffer, signature: string | undefined): Promise<boolean> {
  if (!signature || !signature.startsWith('sha256=') || rawBody.length === 0) return false;
  // verify() takes text; a body that is not valid UTF-8 would not survive the round trip, so refuse it.
  const text = rawBody.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(rawBody)) return false;
  try {
    return await verify(secret, text, signature);
  } catch {
    return false;
  }
}
