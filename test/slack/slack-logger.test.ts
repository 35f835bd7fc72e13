import { describe, expect, it } from 'vitest';
import { slackSdkLogger } from '../../src/adapters/slack/slack-logger.js';
import { BOT_TOKEN, captureLogs, SIGNING_SECRET } from './fixtures.js';

describe('slackSdkLogger', () => {
  it('writes SDK messages through our logger with the configured secrets removed', () => {
    const { logger, lines, raw } = captureLogs();
    const sdk = slackSdkLogger(logger, [BOT_TOKEN, SIGNING_SECRET, undefined]);
    sdk.debug('http request headers:', { Authorization: `Bearer ${BOT_TOKEN}` });
    sdk.warn(`verifying with ${SIGNING_SECRET}`);
    sdk.error(new Error(`token ${BOT_TOKEN} refused`));
    expect(lines.map((l) => [l.level, l.component])).toEqual([
      [20, 'slack-sdk'],
      [40, 'slack-sdk'],
      [50, 'slack-sdk'],
    ]);
    expect(lines[1]?.msg).toBe('verifying with [REDACTED]');
    const everything = raw.join('\n');
    expect(everything).not.toContain(BOT_TOKEN);
    expect(everything).not.toContain(SIGNING_SECRET);
  });
});
