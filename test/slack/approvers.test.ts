import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveApprovers, SlackApproverDirectory } from '../../src/adapters/slack/approvers.js';
import { slackSdkLogger } from '../../src/adapters/slack/slack-logger.js';
import { slackClientOptions } from '../../src/adapters/slack/web-client.js';
import { silentLogger } from '../../src/ports/logger.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../src/sim/slack-api/server.js';
import { BOT_TOKEN } from './fixtures.js';

let slack: FakeSlackApi;
let client: webApi.WebClient;
beforeEach(async () => {
  slack = await startFakeSlackApi({ userGroups: { S0ONCALL: ['U0APPROVER1', 'U0APPROVER2'], S0LEADS: ['U0LEAD1'] } });
  client = new webApi.WebClient(BOT_TOKEN, slackClientOptions({ apiUrl: slack.url, retry: { retries: 0, minTimeoutMs: 0, maxTimeoutMs: 0 } }, slackSdkLogger(silentLogger, [])));
});
afterEach(() => slack.close());

const groupCalls = () => slack.calls.filter((c) => c.method === 'usergroups.users.list').length;

describe('resolveApprovers', () => {
  it('keeps user ids and expands user groups into their members', async () => {
    expect(await resolveApprovers(client, ['U0DIRECT', 'S0ONCALL', 'S0LEADS'])).toEqual(new Set(['U0DIRECT', 'U0APPROVER1', 'U0APPROVER2', 'U0LEAD1']));
  });

  it('fails with SLACK_API naming the method for an unknown group', async () => {
    await expect(resolveApprovers(client, ['S0GONE'])).rejects.toMatchObject({ code: 'SLACK_API', context: { method: 'usergroups.users.list', slackError: 'no_such_subteam' } });
  });
});

describe('SlackApproverDirectory', () => {
  it('answers listed users without asking Slack, group members from a cache that expires', async () => {
    const now = { value: 0 };
    const directory = new SlackApproverDirectory({ client, allowList: ['U0DIRECT', 'S0ONCALL'], clock: { now: () => now.value }, ttlMs: 60_000 });
    expect(await directory.isApprover('U0DIRECT')).toBe(true);
    expect(groupCalls()).toBe(0);
    expect(await Promise.all([directory.isApprover('U0APPROVER2'), directory.isApprover('U0STRANGER9')])).toEqual([true, false]);
    expect(groupCalls()).toBe(1);
    now.value = 59_000;
    await directory.isApprover('U0APPROVER1');
    expect(groupCalls()).toBe(1);
    now.value = 61_000;
    await directory.isApprover('U0APPROVER1');
    expect(groupCalls()).toBe(2);
  });

  it('never asks Slack when the allow-list has no groups', async () => {
    const directory = new SlackApproverDirectory({ client, allowList: ['U0DIRECT'], clock: { now: () => 0 } });
    expect(await directory.isApprover('U0STRANGER9')).toBe(false);
    expect(slack.calls).toHaveLength(0);
  });

  it('throws on a failed expansion and asks again next time', async () => {
    const directory = new SlackApproverDirectory({ client, allowList: ['S0ONCALL'], clock: { now: () => 0 } });
    slack.failNext('usergroups.users.list', { status: 200, body: { ok: false, error: 'missing_scope' } });
    await expect(directory.isApprover('U0APPROVER1')).rejects.toMatchObject({ code: 'SLACK_API' });
    expect(await directory.isApprover('U0APPROVER1')).toBe(true);
  });
});
