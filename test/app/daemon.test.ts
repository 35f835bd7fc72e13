/**
 * The daemon end to end, as a user meets it: real alarms in over HTTP and SQS, a finding posted to
 * (fake) Slack with buttons, signed clicks acting on the (fake) Kubernetes API.
 */
import { readFileSync } from 'node:fs';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerWebhook } from '../../src/sim/alertmanager.js';
import { crashLoopingDeployment } from '../../src/sim/kube-api/index.js';
import { APPROVER, CHANNEL, eventually, startHarness, type Harness } from '../support/daemon-harness.js';

const FIXTURES = new URL('../fixtures/wire/', import.meta.url);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ sqs: true });
  for (const name of ['checkout', 'cart', 'search', 'payments', 'ledger']) {
    crashLoopingDeployment({ store: h.kube.store, controllers: h.kube.controllers }, { namespace: 'shop', name, replicas: 2, exitCode: 1, logs: 'panic: runtime error: invalid memory address or nil pointer dereference\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:42 +0x1d', fixedByRestart: true });
  }
}, 60_000);

afterAll(async () => {
  await h?.close();
});

type Call = (typeof h.slack.calls)[number];
const topLevelPosts = (): Call[] => h.slack.calls.filter((c) => c.method === 'chat.postMessage' && !c.args.thread_ts && c.status === 200);
const postsAbout = (workload: string): Call[] => topLevelPosts().filter((c) => JSON.stringify(c.args.blocks ?? '').includes(`shop/Deployment/${workload}`));
const repliesIn = (ts: string): string[] => h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts).map((c) => String(c.args.text ?? ''));
const buttonsOf = (call: Call): { action_id: string; value: string }[] =>
  (call.args.blocks as { type: string; elements?: { type: string; action_id: string; value: string }[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.type === 'button');

function firing(workload: string, extra: Record<string, string> = {}): unknown {
  return alertmanagerWebhook([{ labels: { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'shop', deployment: workload, ...extra }, startsAt: new Date(Date.now() - 60_000).toISOString() }]);
}

async function postAlertmanager(body: unknown): Promise<Response> {
  return fetch(`${h.baseUrl}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

async function findingFor(workload: string): Promise<{ post: Call; ts: string; approve: string }> {
  const post = await eventually(`the finding about ${workload}`, () => postsAbout(workload)[0]);
  const response = h.slack.calls.find((c) => c === post);
  const ts = await eventually('the message ts', async () => {
    const incidents = await h.daemon.store.listIncidents({ limit: 50 });
    return incidents.find((i) => i.alarm.target.name === workload && i.thread)?.thread?.ts;
  });
  const restart = buttonsOf(response ?? post).find((b) => b.action_id === 'remediation.approve');
  if (!restart) throw new Error(`no Approve button on the finding about ${workload}`);
  return { post, ts, approve: restart.value };
}

describe('triaged daemon, end to end', () => {
  it('turns a CloudWatch alarm from SQS into one Slack finding with Approve / Deny buttons', async () => {
    const event = JSON.parse(readFileSync(new URL('aws/eventbridge-alarm-state-change-metric.json', FIXTURES), 'utf8')) as Record<string, unknown>;
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: h.sqs!.server.address, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: h.sqs!.queueUrl, MessageBody: JSON.stringify(event) }));
    sqs.destroy();
    const { post } = await findingFor('checkout');
    expect(post.args.channel).toBe(CHANNEL);
    expect(String(post.args.text)).toMatch(/crash-loop|checkout/);
    const buttons = buttonsOf(post);
    expect(buttons.map((b) => b.action_id)).toEqual(expect.arrayContaining(['remediation.approve', 'remediation.deny']));
    for (const b of buttons) expect(b.value).toMatch(/^apr_[0-9a-z]+$/);
    // deleted only once the incident is stored and investigated
    await h.sqs!.server.spy.waitForMessageWithId(sent.MessageId ?? '', 'consumed', 20_000);
    const incidents = await h.daemon.store.listIncidents({ limit: 50 });
    expect(incidents.filter((i) => i.alarm.source === 'cloudwatch')).toHaveLength(1);
  });

  it('answers an Alertmanager notification with 202 and posts the finding', async () => {
    const response = await postAlertmanager(firing('cart'));
    expect(response.status).toBe(202);
    const { post } = await findingFor('cart');
    const text = JSON.stringify(post.args.blocks);
    expect(text).toContain('crash-loop');
    expect(text).toContain('rollout-restart');
  });

  it('folds a storm of duplicates into one incident and one Slack thread', async () => {
    const responses = await Promise.all(Array.from({ length: 30 }, () => postAlertmanager(firing('search'))));
    expect(responses.map((r) => r.status)).toEqual(Array(30).fill(202));
    await findingFor('search');
    const incidents = (await h.daemon.store.listIncidents({ limit: 100 })).filter((i) => i.alarm.target.name === 'search');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.alarmCount).toBe(30);
    expect(postsAbout('search')).toHaveLength(1);
  });

  it('on Approve by an approver: dry run, then the restart, then a verified reply; a double click acts once', async () => {
    await postAlertmanager(firing('payments'));
    const { ts, approve } = await findingFor('payments');
    h.kube.requests.length = 0;
    const clicks = await Promise.all([h.click(approve, 'approve', APPROVER, { channel: CHANNEL, ts }), h.click(approve, 'approve', APPROVER, { channel: CHANNEL, ts })]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200]);
    const verified = await eventually('the verified reply', () => repliesIn(ts).find((t) => t.includes('Verified')));
    expect(verified).toMatch(/rollout restart of Deployment shop\/payments/);
    const writes = h.kube.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/deployments/payments'));
    expect(writes.map((w) => w.query.dryRun ?? 'real')).toEqual(['All', 'real']);
    expect(writes[1]!.contentType).toBe('application/strategic-merge-patch+json');
    expect(JSON.stringify(writes[1]!.body)).toContain('kubectl.kubernetes.io/restartedAt');
    expect(repliesIn(ts).some((t) => t.includes('already handled'))).toBe(true);
    const audit = (await h.daemon.store.audit({ limit: 100 })).filter((a) => a.target === 'shop/Deployment/payments').map((a) => a.event);
    expect(audit.filter((e) => e === 'apply')).toHaveLength(1);
    expect(audit).toEqual(expect.arrayContaining(['approve', 'dry-run', 'apply', 'verify']));
  });

  it('refuses a click from someone who is not an approver, and changes nothing', async () => {
    await postAlertmanager(firing('ledger'));
    const { ts, approve } = await findingFor('ledger');
    h.kube.requests.length = 0;
    const click = await h.click(approve, 'approve', 'U0STRANGER9', { channel: CHANNEL, ts });
    expect(click.status).toBe(200);
    const refusal = await eventually('the refusal', () => repliesIn(ts).find((t) => t.includes('not an approver')));
    expect(refusal).toContain('U0STRANGER9');
    expect(h.kube.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    const approval = await h.daemon.store.getApproval(approve as never);
    expect(approval?.status).toBe('pending');
    const audit = await h.daemon.store.audit({ limit: 100 });
    expect(audit.some((a) => a.actor === 'U0STRANGER9' && a.event === 'refuse')).toBe(true);
  });

  it('rejects malformed alarms with a reason, records them, and stays alive', async () => {
    const bad = await postAlertmanager('{"receiver": "triaged", "alerts": [');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/JSON/i);
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: h.sqs!.server.address, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: h.sqs!.queueUrl, MessageBody: 'this is not an alarm' }));
    sqs.destroy();
    await h.sqs!.server.spy.waitForMessageWithId(sent.MessageId ?? '', 'consumed', 20_000);
    const rejected = await h.daemon.store.rejected({ limit: 10 });
    expect(rejected.map((r) => r.source)).toEqual(expect.arrayContaining(['alertmanager', 'cloudwatch']));
    expect(rejected.find((r) => r.deliveryId === sent.MessageId)?.reason).toBeTruthy();
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${h.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/triaged_alarms_received_total\{source="alertmanager",outcome="rejected"\} 1/);
  });

  it('reports readiness and exposes triaged_* metrics', async () => {
    const ready = await fetch(`${h.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${h.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/triaged_investigations_total\{playbook="pod-crash",result="diagnosed",category="crash-loop"\} \d+/);
    expect(metrics).toContain('triaged_queue_waiting');
  });

  it('never writes a token into its logs', () => {
    const text = h.logLines.map((l) => JSON.stringify(l)).join('\n');
    expect(h.logLines.length).toBeGreaterThan(5);
    expect(text).not.toContain('xoxb-test-harness-token');
    expect(text).not.toContain('harness-signing-secret');
  });
});
