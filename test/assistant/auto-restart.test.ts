/**
 * Safe auto-restart on the Kubernetes fake through the real executor: a listed crash-looping
 * Deployment is restarted by `policy:auto-restart` (dry run first, audited) up to the max per
 * window, then escalated to people; unlisted workloads and other categories are left alone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTO_RESTART_ACTOR, AutoRestartPolicy } from '../../src/core/assistant/auto-restart.js';
import type { Diagnosis, Remediation } from '../../src/domain/diagnosis.js';
import type { Approval, Finding } from '../../src/domain/incident.js';
import { silentLogger } from '../../src/ports/logger.js';
import { crashLoopingDeployment } from '../../src/sim/kube-api/index.js';
import { ApprovalService } from '../../src/core/approvals.js';
import { offer, POLICY, startRig, type Rig } from '../remediation/harness.js';
import { RecordingNotifier } from './support.js';

const THREAD = { channel: 'C0123ABCD', ts: '1700000000.000100' };
const restart: Remediation = { action: 'rollout-restart', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' }, rationale: 'crash loop', risk: 'low' };

let rig: Rig;
let notifier: RecordingNotifier;
let now: number;

beforeEach(async () => {
  now = Date.now();
  rig = await startRig({ clock: { now: () => now } });
  crashLoopingDeployment({ store: rig.api.store, controllers: rig.api.controllers }, { namespace: 'shop', name: 'checkout', replicas: 1, fixedByRestart: true });
  notifier = new RecordingNotifier();
});
afterEach(async () => rig.close());

function policy(workloads = ['shop/Deployment/checkout']): AutoRestartPolicy {
  const clock = { now: () => now };
  const approvals = new ApprovalService({ store: rig.store, notifier, approvers: { isApprover: async () => false }, executor: rig.executor, policy: POLICY, clock, logger: silentLogger });
  return new AutoRestartPolicy({ workloads, maxRestarts: 2, windowMs: 30 * 60_000, store: rig.store, notifier, approvals, clock, logger: silentLogger });
}

async function crashFinding(remediation = restart, category: Diagnosis['category'] = 'crash-loop'): Promise<{ finding: Finding; approval: Approval }> {
  const approval = await offer(rig.store, remediation, { now, thread: THREAD });
  const finding: Finding = { incidentId: approval.incidentId, playbook: 'pod-crash', createdAt: now, timeline: [], diagnosis: { category, summary: 'crash loop', confidence: 0.9, target: remediation.target, evidence: [], remediations: [remediation], alternatives: [], missing: [] } };
  await rig.store.saveFinding(finding);
  return { finding, approval };
}

describe('AutoRestartPolicy', () => {
  it('restarts a listed workload by policy up to the max per window, then escalates to people', async () => {
    const auto = policy();
    const decisions: string[] = [];
    const approvals: Approval[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { finding, approval } = await crashFinding();
      approvals.push(approval);
      decisions.push(await auto.onFinding(finding, [approval]));
      now += 5 * 60_000;
    }
    expect(decisions).toEqual(['restarted', 'restarted', 'escalated']);
    expect((await rig.store.getApproval(approvals[0]!.id))).toMatchObject({ status: 'succeeded', decidedBy: AUTO_RESTART_ACTOR });
    expect((await rig.store.getApproval(approvals[2]!.id))?.status).toBe('pending');

    const audit = (await rig.store.audit({ limit: 100 })).reverse().filter((r) => r.actor === AUTO_RESTART_ACTOR);
    expect(audit.map((r) => r.event)).toEqual(['auto-approve', 'dry-run', 'apply', 'verify', 'auto-approve', 'dry-run', 'apply', 'verify', 'escalate']);
    const patches = rig.writes().filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.query.dryRun ?? 'real')).toEqual(['All', 'real', 'All', 'real']);

    const escalation = notifier.replies.at(-1)!.text;
    expect(escalation).toBe(':raising_hand: Auto-restart of `shop/checkout` is used up (2 of 2 in the last 30 min); it keeps crashing, so a person must decide: Approve or Deny above.');
    expect(notifier.updates.length).toBeGreaterThanOrEqual(4);

    // The window slides: half an hour after the first, one restart is free again.
    now += 20 * 60_000;
    const { finding, approval } = await crashFinding();
    expect(await auto.onFinding(finding, [approval])).toBe('restarted');
  });

  it('leaves alone workloads not on the list, other categories, and an empty list', async () => {
    const other = await crashFinding({ ...restart, target: { namespace: 'shop', kind: 'Deployment', name: 'search' } });
    expect(await policy().onFinding(other.finding, [other.approval])).toBe('not-applicable');
    const oom = await crashFinding(restart, 'oom-killed');
    expect(await policy().onFinding(oom.finding, [oom.approval])).toBe('not-applicable');
    const off = await crashFinding();
    expect(policy([]).enabled).toBe(false);
    expect(await policy([]).onFinding(off.finding, [off.approval])).toBe('not-applicable');
    expect(rig.writes()).toEqual([]);
  });
});
