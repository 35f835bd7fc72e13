/**
 * `npm run demo`: the whole flow on an embedded default, no cloud account. A simulated cluster
 * (a loopback Kubernetes API with a crash-looping Deployment), a fake Slack workspace (or real
 * Slack when SLACK_BOT_TOKEN is set), an Alertmanager alarm, the investigation, the finding, a
 * signed Approve click, then the dry run, the restart and its verification.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderFindingText } from '../adapters/slack/finding-text.js';
import type { Approval, Finding } from '../domain/incident.js';
import { alertmanagerWebhook } from '../sim/alertmanager.js';
import { crashLoopingDeployment, startKubeApiServer } from '../sim/kube-api/index.js';
import { signedBlockAction } from '../sim/slack-api/interaction.js';
import { startFakeSlackApi } from '../sim/slack-api/server.js';
import { loadConfig } from './config.js';
import { Daemon } from './daemon.js';

const DEMO_APPROVER = 'U0DEMOSRE1';
const CRASH_LOG = [
  '2026-11-23T10:01:02.114Z INFO  checkout starting, version 1.42.0',
  '2026-11-23T10:01:02.530Z INFO  connecting to cache redis://cache.shop.svc:6379',
  '2026-11-23T10:01:03.002Z ERROR unhandled exception in worker pool',
  'Error: invariant violated: cart lock held by a dead worker',
  '    at LockTable.acquire (/app/dist/locks.js:88:13)',
  '    at Worker.run (/app/dist/worker.js:41:22)',
  'process exited with code 1',
].join('\n');

export async function runDemo(io: { out: (line: string) => void }): Promise<number> {
  const realSlack = Boolean(process.env.SLACK_BOT_TOKEN);
  const dir = await mkdtemp(join(tmpdir(), 'triaged-demo-'));
  const kube = await startKubeApiServer({ controllers: { readyDelayMs: 1500 } });
  const slack = realSlack ? undefined : await startFakeSlackApi();
  let daemon: Daemon | undefined;
  try {
    io.out('▶ simulated cluster: Deployment shop/checkout, 2 pods in CrashLoopBackOff');
    crashLoopingDeployment({ store: kube.store, controllers: kube.controllers }, { namespace: 'shop', name: 'checkout', replicas: 2, exitCode: 1, logs: CRASH_LOG, fixedByRestart: true });

    const signingSecret = process.env.SLACK_SIGNING_SECRET ?? 'demo-signing-secret-0123456789';
    const config = loadConfig({
      PORT: '0',
      TRIAGED_STORE_PATH: join(dir, 'triaged.db'),
      TRIAGED_CLUSTER_NAME: 'demo',
      TRIAGED_LOG_LEVEL: process.env.TRIAGED_LOG_LEVEL ?? 'warn',
      TRIAGED_KUBERNETES_WATCH: 'false',
      TRIAGED_APPROVERS: process.env.TRIAGED_APPROVERS ?? DEMO_APPROVER,
      TRIAGED_VERIFY_DEADLINE_SECONDS: '60',
      SLACK_BOT_TOKEN: process.env.SLACK_BOT_TOKEN ?? 'xoxb-demo-not-a-real-token',
      SLACK_SIGNING_SECRET: signingSecret,
      TRIAGED_SLACK_CHANNEL: process.env.TRIAGED_SLACK_CHANNEL ?? 'C0DEMO',
      ...(slack ? { TRIAGED_SLACK_API_URL: slack.url } : {}),
    });
    let posted: { finding: Finding; approvals: readonly Approval[] } | undefined;
    daemon = new Daemon(config, { kubernetesServer: kube.url, verifyPollMs: 250, onFinding: (finding, approvals) => (posted = { finding, approvals }) });
    await daemon.start();
    io.out(`▶ triaged listening on 127.0.0.1:${daemon.port}; Slack: ${realSlack ? 'real workspace' : `fake Web API at ${slack?.url}`}`);

    const pods = await fetch(`${kube.url}/api/v1/namespaces/shop/pods`).then((r) => r.json() as Promise<{ items: { metadata: { name: string } }[] }>);
    const pod = pods.items[0]?.metadata.name ?? 'checkout';
    const alarm = alertmanagerWebhook([
      {
        labels: { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'shop', pod, container: 'app' },
        annotations: { description: `Pod shop/${pod} (app) is in waiting state (reason: "CrashLoopBackOff").` },
        startsAt: new Date(Date.now() - 120_000).toISOString(),
      },
    ]);
    io.out(`▶ Alertmanager fires KubePodCrashLooping for shop/${pod}`);
    const response = await fetch(`http://127.0.0.1:${daemon.port}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alarm) });
    io.out(`  POST /webhooks/alertmanager → ${response.status}`);

    const found = await waitFor(() => posted, 60_000);
    const incident = await daemon.store.getIncident(found.finding.incidentId);
    if (!incident?.thread) throw new Error('the finding was not posted to Slack');
    io.out('\n──── the finding, as posted to Slack ────');
    io.out(renderFindingText({ incident, finding: found.finding, approvals: found.approvals }, { cluster: 'demo' }));
    io.out('─────────────────────────────────────────\n');

    const approval = found.approvals.find((a) => a.remediation.action === 'rollout-restart' || a.remediation.action === 'restart-pod');
    if (!approval) {
      io.out(`✗ the diagnosis (${found.finding.diagnosis.category}) proposed no restart; nothing to approve`);
      return 1;
    }
    io.out(`▶ ${DEMO_APPROVER} clicks Approve on "${approval.remediation.action}" (signed Slack interaction)`);
    const click = signedBlockAction({ signingSecret, approvalId: approval.id, decision: 'approve', userId: DEMO_APPROVER, channel: incident.thread.channel, messageTs: incident.thread.ts, timestampSeconds: Math.floor(Date.now() / 1000) });
    const clicked = await fetch(`http://127.0.0.1:${daemon.port}/slack/events`, { method: 'POST', headers: click.headers, body: click.body });
    io.out(`  POST /slack/events → ${clicked.status}`);

    const store = daemon.store;
    const done = await waitFor(async () => {
      const current = await store.getApproval(approval.id);
      return current && ['succeeded', 'failed', 'not-verified', 'denied'].includes(current.status) ? current : undefined;
    }, 90_000);

    io.out('\n──── the incident thread ────');
    for (const reply of slack?.replies(incident.thread.channel, incident.thread.ts) ?? []) io.out(`  ${reply.text ?? ''}`);
    const dryRunFirst = kube.requests.findIndex((r) => r.query.dryRun === 'All');
    const realWrite = kube.requests.findIndex((r, i) => i > dryRunFirst && r.method === 'PATCH' && r.query.dryRun === undefined);
    io.out('\n──── what the API server saw ────');
    io.out(`  dry run (dryRun=All) at request #${dryRunFirst}, the real patch at request #${realWrite}`);
    const audit = await store.audit({ incidentId: incident.id, limit: 20 });
    io.out('──── audit ────');
    for (const row of [...audit].reverse()) io.out(`  ${new Date(row.at).toISOString()} ${row.actor} ${row.event}: ${row.outcome}`);
    io.out(`\n${done.status === 'succeeded' ? '✓' : '✗'} remediation ${done.status}`);
    return done.status === 'succeeded' ? 0 : 1;
  } finally {
    await daemon?.stop();
    await slack?.close();
    await kube.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(100);
  }
}
