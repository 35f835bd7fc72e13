/**
 * Decodes a Slack Web API request body into its arguments, whichever encoding the caller chose:
 * JSON, or the form encoding @slack/web-api sends (structured args JSON-stringified, booleans as text).
 */

/** Arguments Slack takes as JSON text inside a form body. */
const JSON_ARGS = new Set(['blocks', 'attachments', 'metadata']);
/** Arguments Slack takes as booleans; a form body carries them as `true` / `false`. */
const BOOLEAN_ARGS = new Set(['unfurl_links', 'unfurl_media', 'reply_broadcast', 'mrkdwn', 'as_user', 'link_names', 'include_disabled', 'include_locale']);

export type ApiArgs = Readonly<Record<string, unknown>>;

export class BadRequestBody extends Error {}

export function parseApiArgs(contentType: string | undefined, body: Buffer): ApiArgs {
  const text = body.toString('utf8');
  if (text.length === 0) return {};
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return parseJsonObject(text);
  if (mediaType === 'application/x-www-form-urlencoded') return parseForm(text);
  throw new BadRequestBody(`unsupported content type ${JSON.stringify(contentType ?? '')}`);
}

function parseJsonObject(text: string): ApiArgs {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestBody('body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BadRequestBody('JSON body must be an object');
  return value as ApiArgs;
}

function parseForm(text: string): ApiArgs {
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (JSON_ARGS.has(key)) {
      try {
        args[key] = JSON.parse(value);
      } catch {
        throw new BadRequestBody(`form field ${key} is not valid JSON`);
      }
    } else if (BOOLEAN_ARGS.has(key) && (value === 'true' || value === 'false')) {
      args[key] = value === 'true';
    } else {
      args[key] = value;
    }
  }
  return args;
}
