/**
 * The optional LLM summary through the running daemon: the Slack message gains an "AI summary"
 * section that survives a later message update, the category stays the rules', and no secret from
 * the cluster reaches the model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerWebhook } from '../../src/sim/alertmanager.js';
import { crashLoopingDeployment } from '../../src/sim/kube-api/index.js';
import { startFakeChatCompletions, type FakeChatCompletions } from '../../src/sim/llm/chat-completions.js';
import { APPROVER, CHANNEL, eventually, startHarness, type Harness } from '../support/daemon-harness.js';

const SECRET_LOG = 'FATAL: cannot reach db postgres://app:hunter2secret@db.shop.svc:5432/orders (AKIAABCDEFGHIJKLMNOP)';
let llm: FakeChatCompletions;
let h: Harness;

beforeAll(async () => {
  llm = await startFakeChatCompletions(() => ({
    content: JSON.stringify({ root_cause: 'The worker exits on start because it cannot reach its database.', contributing_factors: ['no retry on start'], fix_steps: ['check the database credentials'], prevention: ['add a startup retry'] }),
  }));
  h = await startHarness({ env: { TRIAGED_LLM_URL: llm.url, TRIAGED_LLM_MODEL: 'test-model', TRIAGED_LLM_API_KEY: 'sk-test-llm-key-000000' } });
  crashLoopingDeployment({ store: h.kube.store, controllers: h.kube.controllers }, { namespace: 'shop', name: 'orders', replicas: 1, exitCode: 1, logs: SECRET_LOG, fixedByRestart: true });
});

afterAll(async () => {
  await h?.close();
  await llm?.close();
});

describe('LLM summary in the daemon', () => {
  it('adds an AI summary section, keeps the rules’ category, and sends no secret to the model', async () => {
    const alarm = alertmanagerWebhook([{ labels: { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'shop', deployment: 'orders' }, startsAt: new Date().toISOString() }]);
    expect((await fetch(`${h.baseUrl}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alarm) })).status).toBe(202);
    const post = await eventually('the finding', () => h.slack.calls.find((c) => c.method === 'chat.postMessage' && !c.args.thread_ts));
    const blocks = JSON.stringify(post.args.blocks);
    expect(blocks).toContain('AI summary');
    expect(blocks).toContain('cannot reach its database');
    expect(blocks).toContain('crash-loop');

    expect(llm.received).toHaveLength(1);
    const sent = JSON.stringify(llm.received[0]);
    expect(sent).not.toContain('hunter2secret');
    expect(sent).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(sent).not.toContain('xoxb-test-harness-token');

    // a click re-renders the message from the store: the section must still be there
    // the thread is saved just after the post is answered: wait for it rather than race it
    const incident = await eventually('the incident with its thread', async () => (await h.daemon.store.listIncidents({ limit: 5 })).find((i) => i.thread));
    const approval = (await h.daemon.store.approvalsOf(incident.id))[0]!;
    await h.click(approval.id, 'deny', APPROVER, { channel: CHANNEL, ts: incident.thread!.ts });
    const update = await eventually('the updated message', () => h.slack.calls.find((c) => c.method === 'chat.update'));
    expect(JSON.stringify(update.args.blocks)).toContain('AI summary');
  });
});
