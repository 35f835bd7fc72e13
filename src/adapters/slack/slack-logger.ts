/** Bolt and the Web API client log through our logger: one line per message, secrets scrubbed. */
import { LogLevel, type Logger as SlackSdkLogger } from '@slack/bolt';
import { redactText } from '../../domain/redact.js';
import type { Logger } from '../../ports/logger.js';

export function slackSdkLogger(logger: Logger, secrets: readonly (string | undefined)[]): SlackSdkLogger {
  const known = secrets.filter((s): s is string => Boolean(s));
  const line = (parts: unknown[]): string => {
    let text = parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : safeJson(p))).join(' ');
    // The signing secret has no recognisable shape, so the configured values are removed by name.
    for (const secret of known) text = text.split(secret).join('[REDACTED]');
    return redactText(text);
  };
  const log = logger.child({ component: 'slack-sdk' });
  // pino filters by level; the SDK only reads its level back.
  let level = LogLevel.INFO;
  return {
    debug: (...parts) => log.debug({}, line(parts)),
    info: (...parts) => log.info({}, line(parts)),
    warn: (...parts) => log.warn({}, line(parts)),
    error: (...parts) => log.error({}, line(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
