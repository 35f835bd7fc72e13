import { describe, expect, it } from 'vitest';
import { LogNotifier } from '../../src/adapters/slack/log-notifier.js';
import { APPROVAL_ID, captureLogs, message } from './fixtures.js';

describe('LogNotifier', () => {
  it('logs the finding as text and returns no thread', async () => {
    const { logger, lines } = captureLogs();
    const notifier = new LogNotifier({ logger, cluster: 'prod-eu' });
    expect(await notifier.postFinding(message)).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ notifier: 'log', incidentId: 'inc_01JDQ3T5B7C9D2F4G6H8J0K1MN', category: 'oom-killed', severity: 'warning' });
    expect(lines[0]?.msg).toContain('[WARNING] oom-killed in shop/Deployment/checkout');
    expect(lines[0]?.msg).toContain(APPROVAL_ID);
  });

  it('logs updates and replies with their thread, redacting secrets', async () => {
    const { logger, lines } = captureLogs();
    const notifier = new LogNotifier({ logger });
    const thread = { channel: 'C1', ts: '1.000001' };
    await notifier.updateFinding(thread, message);
    await notifier.reply(thread, 'outcome: Authorization: Bearer abcdefghijklmnop');
    expect(lines.map((l) => l.thread)).toEqual([thread, thread]);
    expect(lines[1]?.msg).toBe('outcome: Authorization: Bearer [REDACTED]');
  });
});
