/**
 * ApprovalService over the SQLite store, a recording notifier and the executor on the Kubernetes
 * API fake: who may approve, expiry, two approvers (and their race), double clicks, deny,
 * expireStale, autoApprove and the rollback proposed after a change that does not verify.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalService, POLICY_ACTOR } from '../../src/core/approvals.js';
import type { Remediation } from '../../src/domain/diagnosis.js';
import type { Approval, Finding, ThreadRef } from '../../src/domain/incident.js';
import type { RemediationPolicy } from '../../src/domain/policy.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { DecisionEvent, FindingMessage, Notifier } from '../../src/ports/notifier.js';
import type { IncidentStore } from '../../src/ports/store.js';
import { seedDeployment, seedNode } from '../../src/sim/kube-api/index.js';
import { deploymentTarget, offer, POLICY, startRig, type Rig } from './harness.js';

const THREAD: ThreadRef = { channel: 'C1', ts: '1736500000.000100' };
const restart: Remediation = { action: 'rollout-restart', target: deploymentTarget(), rationale: 'stuck', risk: 'low' };
const cordon: Remediation = { action: 'cordon-node', target: { kind: 'Node', name: 'node-a' }, rationale: 'pressure', risk: 'medium' };

class RecordingNotifier implements Notifier {
  readonly name = 'recording';
  readonly replies: string[] = [];
  readonly updates: FindingMessage[] = [];
  async postFinding(): Promise<ThreadRef | undefined> {
    return THREAD;
  }
  async updateFinding(_thread: ThreadRef, message: FindingMessage): Promise<void> {
    this.updates.push(message);
  }
  async reply(_thread: ThreadRef, text: string): Promise<void> {
    this.replies.push(text);
  }
}

interface Setup {
  rig: Rig;
  service: ApprovalService;
  notifier: RecordingNotifier;
  clock: { now: () => number; set: (ms: number) => void };
}

let setup: Setup;
afterEach(async () => setup.rig.close());

async function start(policy: Partial<RemediationPolicy> = {}, options: { verifyDeadlineMs?: number; wrapStore?: (store: IncidentStore) => IncidentStore } = {}): Promise<Setup> {
  let now = Date.parse('2026-01-10T10:00:00Z');
  const clock = { now: () => now, set: (ms: number) => void (now = ms) };
  const rig = await startRig({ policy, ...(options.verifyDeadlineMs ? { verifyDeadlineMs: options.verifyDeadlineMs } : {}) });
  seedDeployment(rig.api.store, { namespace: 'shop', name: 'checkout', replicas: 1 });
  for (const node of ['node-a', 'node-b', 'node-c']) seedNode(rig.api.store, node);
  const notifier = new RecordingNotifier();
  const service = new ApprovalService({
    store: options.wrapStore ? options.wrapStore(rig.store) : rig.store,
    notifier,
    approvers: { isApprover: async (id) => ['U1', 'U2', 'U3'].includes(id) },
    executor: rig.executor,
    policy: { ...POLICY, ...policy },
    clock,
    logger: silentLogger,
  });
  return { rig, service, notifier, clock };
}

/** An approval on an incident that has a Slack thread and a finding (so its message can be refreshed). */
async function offered(remediation: Remediation): Promise<Approval> {
  const approval = await offer(setup.rig.store, remediation, { now: setup.clock.now(), thread: THREAD });
  const finding: Finding = {
    incidentId: approval.incidentId,
    playbook: 'pod-crash',
    createdAt: setup.clock.now(),
    diagnosis: { category: 'crash-loop', summary: 's', confidence: 0.9, target: remediation.target, evidence: [], remediations: [remediation], alternatives: [], missing: [] },
    timeline: [],
  };
  await setup.rig.store.saveFinding(finding);
  return approval;
}

const click = (approval: Approval, userId: string, decision: DecisionEvent['decision'] = 'approve'): Promise<void> => setup.service.decide({ approvalId: approval.id, decision, userId, thread: THREAD });
const realWrites = () => setup.rig.writes().filter((w) => w.query['dryRun'] === undefined);
const statusOf = async (approval: Approval) => (await setup.rig.store.getApproval(approval.id))?.status;
const audit = async (approval: Approval) => (await setup.rig.store.audit({ incidentId: approval.incidentId, limit: 50 })).reverse().map((r) => `${r.actor} ${r.event}: ${r.outcome}`);

describe('ApprovalService', () => {
  it('refuses and audits a click by someone who is not an approver', async () => {
    setup = await start();
    const approval = await offered(restart);
    await click(approval, 'U9');
    expect(await statusOf(approval)).toBe('pending');
    expect(await audit(approval)).toEqual(['U9 refuse: not an approver']);
    expect(setup.notifier.replies).toEqual(['<@U9> is not an approver: rollout-restart on shop/Deployment/checkout was not approved.'].map((t) => `:no_entry: ${t}`));
    expect(setup.rig.writes()).toEqual([]);
  });

  it('expires an approval clicked after its expiry', async () => {
    setup = await start();
    const approval = await offered(restart);
    setup.clock.set(approval.expiresAt + 1);
    await click(approval, 'U1');
    expect(await statusOf(approval)).toBe('expired');
    expect(await audit(approval)).toEqual(['U1 expire: expired before a decision']);
    expect(setup.notifier.replies.at(-1)).toMatch(/^:hourglass: rollout-restart on shop\/Deployment\/checkout expired/);
    expect(setup.rig.writes()).toEqual([]);
  });

  it('denies, audits, and changes nothing', async () => {
    setup = await start();
    const approval = await offered(restart);
    await click(approval, 'U2', 'deny');
    expect(await statusOf(approval)).toBe('denied');
    expect(await audit(approval)).toEqual(['U2 deny: denied']);
    expect(setup.notifier.updates.at(-1)?.approvals[0]?.status).toBe('denied');
    expect(setup.rig.writes()).toEqual([]);
  });

  it('acts once on a double click', async () => {
    setup = await start();
    const approval = await offered(restart);
    await Promise.all([click(approval, 'U1'), click(approval, 'U1')]);
    expect(await statusOf(approval)).toBe('succeeded');
    expect(realWrites()).toHaveLength(1);
    expect(setup.notifier.replies.filter((r) => r.includes('was already handled'))).toHaveLength(1);
  });

  it('needs a second approver other than the first, then executes once', async () => {
    setup = await start({ twoApproverActions: ['cordon-node'] });
    const approval = await offered(cordon);
    await click(approval, 'U1');
    expect(await setup.rig.store.getApproval(approval.id)).toMatchObject({ status: 'pending', approvers: ['U1'] });
    await click(approval, 'U1');
    expect(setup.notifier.replies.at(-1)).toBe(':no_entry: cordon-node on Node/node-a needs a second approver other than <@U1>.');
    expect(realWrites()).toEqual([]);
    await click(approval, 'U2');
    expect(await setup.rig.store.getApproval(approval.id)).toMatchObject({ status: 'succeeded', approvers: ['U1', 'U2'], decidedBy: 'U2' });
    expect(realWrites()).toHaveLength(1);
    expect((await audit(approval)).filter((a) => !/dry-run|apply|verify/.test(a))).toEqual([
      'U1 approve: first of two approvals',
      'U1 refuse: second approval by the same person',
      'U2 approve: approved by U1, U2',
    ]);
  });

  it('makes the slower of two simultaneous first approvals the second one', async () => {
    // Both clicks read the approval before either writes: without the approvers in the CAS both would be "first".
    let waiting: (() => void)[] = [];
    const bothRead = (store: IncidentStore): IncidentStore =>
      new Proxy(store, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver) as unknown;
          if (property !== 'getApproval' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
          return async (...args: unknown[]) => {
            const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            if (waiting.length < 2) {
              await new Promise<void>((resolve) => {
                waiting.push(resolve);
                if (waiting.length === 2) for (const release of waiting) release();
              });
            }
            return result;
          };
        },
      });
    setup = await start({ twoApproverActions: ['cordon-node'] }, { wrapStore: bothRead });
    const approval = await offered(cordon);
    await Promise.all([click(approval, 'U1'), click(approval, 'U2')]);
    const final = await setup.rig.store.getApproval(approval.id);
    expect(final?.status).toBe('succeeded');
    expect([...(final?.approvers ?? [])].sort()).toEqual(['U1', 'U2']);
    expect(realWrites()).toHaveLength(1);
    waiting = [];
  });

  it('expireStale expires what nobody decided in time, audits it and refreshes the message', async () => {
    setup = await start();
    const stale = await offered(restart);
    setup.clock.set(setup.clock.now() + 60_000);
    const fresh = await offered(cordon);
    expect(await setup.service.expireStale(stale.expiresAt + 1)).toBe(1);
    expect(await statusOf(stale)).toBe('expired');
    expect(await statusOf(fresh)).toBe('pending');
    expect(await audit(stale)).toEqual(['triaged expire: expired before a decision']);
    expect(setup.notifier.updates.at(-1)?.approvals[0]).toMatchObject({ id: stale.id, status: 'expired' });
    expect(await setup.service.expireStale(stale.expiresAt + 1)).toBe(0);
  });

  it('autoApprove carries out what the policy names for that namespace, as policy:auto, and nothing else', async () => {
    setup = await start({ autoApprove: [{ action: 'rollout-restart', namespace: 'shop' }] });
    const named = await offered(restart);
    expect(await setup.service.autoApprove(named)).toBe(true);
    expect(await setup.rig.store.getApproval(named.id)).toMatchObject({ status: 'succeeded', decidedBy: POLICY_ACTOR, approvers: [POLICY_ACTOR] });
    expect((await audit(named))[0]).toBe("policy:auto auto-approve: approved by the policy's auto-approve rule for rollout-restart in shop");
    expect(setup.notifier.replies[0]).toMatch(/^:robot_face: The policy approves rollout-restart/);
    const other = await offered(cordon);
    expect(await setup.service.autoApprove(other)).toBe(false);
    expect(await statusOf(other)).toBe('pending');
    expect(await setup.service.autoApprove(named)).toBe(false);
  });

  it('proposes rollout-undo as a new approval when set-resources does not verify', async () => {
    setup = await start({}, { verifyDeadlineMs: 1_000 });
    setup.rig.api.controllers?.markCrashLooping('shop', 'checkout', { exitCode: 137, restartCount: 1, fixedByRestart: false });
    const approval = await offered({ action: 'set-resources', target: deploymentTarget(), params: { container: 'app', limits: { memory: '384Mi' } }, rationale: 'oom', risk: 'low' });
    await click(approval, 'U1');
    expect(await statusOf(approval)).toBe('not-verified');
    const approvals = await setup.rig.store.approvalsOf(approval.incidentId);
    expect(approvals).toHaveLength(2);
    const undo = approvals[1]!;
    expect(undo).toMatchObject({ status: 'pending', approvers: [], remediation: { action: 'rollout-undo', target: deploymentTarget(), params: { toRevision: 1 } } });
    expect(setup.notifier.replies.some((r) => r.startsWith(':warning: Applied: set resources') && r.includes('Proposed: rollout-undo to revision 1'))).toBe(true);
    expect(setup.notifier.replies.at(-1)).toBe(":leftwards_arrow_with_hook: Proposed rollout-undo on shop/Deployment/checkout to revision 1 to take the change back; approve it on the incident's message.");
    expect(setup.notifier.updates.at(-1)?.approvals.map((a) => a.status)).toEqual(['not-verified', 'pending']);
    expect(await audit(undo)).toContain('triaged propose: proposed because set-resources on shop/Deployment/checkout did not verify');
  });
});
