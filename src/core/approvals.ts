/**
 * What a click on Approve or Deny does. Only allow-listed approvers act; each approval changes
 * state by compare-and-set, so a double click, a second replica or a redelivered click acts once;
 * every decision, refusal and outcome is audited and answered in the incident's thread. Pending
 * approvals expire (`expireStale`), the policy may approve named actions itself (`autoApprove`),
 * and a change that does not verify gets a rollback proposed as a new approval.
 */
import type { Remediation } from '../domain/diagnosis.js';
import { errorMessage } from '../domain/errors.js';
import type { Approval, ApprovalStatus, ThreadRef } from '../domain/incident.js';
import { isAutoApproved, type RemediationPolicy } from '../domain/policy.js';
import { formatTarget } from '../domain/target.js';
import type { ApproverDirectory } from '../ports/approvers.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { DecisionEvent, Notifier } from '../ports/notifier.js';
import type { IncidentStore } from '../ports/store.js';
import { newApprovalId } from './new-ids.js';
import type { RemediationExecutor } from './remediation/executor.js';

export interface ApprovalServiceOptions {
  readonly store: IncidentStore;
  readonly notifier: Notifier;
  readonly approvers: ApproverDirectory;
  readonly executor: RemediationExecutor;
  readonly policy: RemediationPolicy;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The actor recorded for what the policy approves and for expiries. */
export const POLICY_ACTOR = 'policy:auto';
export const SYSTEM_ACTOR = 'triaged';

const EXPIRE_BATCH = 100;

const describe = (approval: Approval): string => `${approval.remediation.action} on ${formatTarget(approval.remediation.target)}`;

export class ApprovalService {
  constructor(private readonly options: ApprovalServiceOptions) {}

  /** Handles one click; never throws (a failure is logged and answered in the thread). */
  async decide(event: DecisionEvent): Promise<void> {
    try {
      await this.handle(event);
    } catch (error) {
      this.options.logger.error({ err: errorMessage(error), approvalId: event.approvalId }, 'decision failed');
      await this.say(event.thread, `:warning: Could not handle the decision: ${errorMessage(error)}`);
    }
  }

  /** Expires pending approvals past their expiry (the daemon calls it every minute); returns how many. */
  async expireStale(nowMs: number): Promise<number> {
    const { store } = this.options;
    let expired = 0;
    for (const approval of await store.expiredApprovals(nowMs, EXPIRE_BATCH)) {
      const changed = await store.transitionApproval(approval.id, ['pending'], 'expired', { decidedAt: nowMs, outcome: 'expired before a decision', expectApprovers: approval.approvers });
      if (!changed) continue;
      expired += 1;
      await this.audit(approval, SYSTEM_ACTOR, 'expire', 'expired before a decision', nowMs);
      await this.refreshMessage(changed);
    }
    return expired;
  }

  /**
   * Carries out an approval the policy approves by itself (an `autoApprove` rule for its action and
   * namespace), as `policy:auto`. False when no rule applies, it needs two people, or it was decided.
   */
  async autoApprove(approval: Approval): Promise<boolean> {
    const { clock, policy, executor } = this.options;
    if (!isAutoApproved(approval.remediation, policy) || clock.now() > approval.expiresAt) return false;
    if ((await executor.approversNeeded(approval.remediation)) === 2) return false;
    const reason = `approved by the policy's auto-approve rule for ${approval.remediation.action} in ${approval.remediation.target.namespace}`;
    const status = await this.approveAs(approval, POLICY_ACTOR, reason, `:robot_face: The policy approves ${describe(approval)} by itself. Dry run first, then apply and verify…`);
    return status !== undefined;
  }

  /**
   * Carries out a pending approval that a policy, not a person, decided (`actor` names the policy):
   * audited as `auto-approve` with `reason`, announced in the thread, then the same path as a
   * click. Its final status, or undefined when it was no longer pending.
   */
  async approveAs(approval: Approval, actor: string, reason: string, announcement: string): Promise<ApprovalStatus | undefined> {
    const { store, clock } = this.options;
    const executing = await store.transitionApproval(approval.id, ['pending'], 'executing', { decidedBy: actor, decidedAt: clock.now(), approvers: [actor], expectApprovers: [] });
    if (!executing) return undefined;
    await this.audit(approval, actor, 'auto-approve', reason);
    const thread = (await store.getIncident(approval.incidentId))?.thread;
    await this.say(thread, announcement);
    return this.carryOut(executing, actor, thread);
  }

  private async handle(event: DecisionEvent): Promise<void> {
    const { store, clock } = this.options;
    const approval = await store.getApproval(event.approvalId);
    if (!approval) {
      await this.say(event.thread, `:grey_question: <@${event.userId}> clicked on an approval this triaged does not know.`);
      return;
    }
    if (!(await this.options.approvers.isApprover(event.userId))) {
      await this.audit(approval, event.userId, 'refuse', 'not an approver');
      await this.say(event.thread, `:no_entry: <@${event.userId}> is not an approver: ${describe(approval)} was not ${event.decision === 'approve' ? 'approved' : 'denied'}.`);
      return;
    }
    if (approval.status !== 'pending') {
      await this.say(event.thread, `:information_source: ${describe(approval)} was already handled (${approval.status}${approval.decidedBy ? ` by <@${approval.decidedBy}>` : ''}).`);
      return;
    }
    if (clock.now() > approval.expiresAt) {
      if (await store.transitionApproval(approval.id, ['pending'], 'expired', { decidedAt: clock.now(), outcome: 'expired before a decision' })) {
        await this.audit(approval, event.userId, 'expire', 'expired before a decision');
      }
      await this.say(event.thread, `:hourglass: ${describe(approval)} expired; re-run the investigation for a fresh proposal.`);
      await this.refreshMessage(approval);
      return;
    }
    if (event.decision === 'deny') {
      const denied = await store.transitionApproval(approval.id, ['pending'], 'denied', { decidedBy: event.userId, decidedAt: clock.now(), outcome: 'denied' });
      if (!denied) return this.alreadyHandled(event, approval);
      await this.audit(approval, event.userId, 'deny', 'denied');
      await this.say(event.thread, `:x: <@${event.userId}> denied ${describe(approval)}. Nothing was changed.`);
      await this.refreshMessage(denied);
      return;
    }
    await this.approve(event, approval, false);
  }

  /**
   * Each write expects the approvers it read, so two first approvals clicked at once cannot both
   * count as "first": the one that loses re-reads and, once, tries again as the second approval.
   */
  private async approve(event: DecisionEvent, approval: Approval, retried: boolean): Promise<void> {
    const { store, clock, executor } = this.options;
    if ((await executor.approversNeeded(approval.remediation)) === 2) {
      if (approval.approvers.includes(event.userId)) {
        await this.audit(approval, event.userId, 'refuse', 'second approval by the same person');
        await this.say(event.thread, `:no_entry: ${describe(approval)} needs a second approver other than <@${event.userId}>.`);
        return;
      }
      if (approval.approvers.length === 0) {
        const first = await store.transitionApproval(approval.id, ['pending'], 'pending', { approvers: [event.userId], expectApprovers: [] });
        if (!first) return this.lostRace(event, approval, retried);
        await this.audit(approval, event.userId, 'approve', 'first of two approvals');
        await this.say(event.thread, `:ballot_box_with_check: <@${event.userId}> approved ${describe(approval)}; one more approver is needed.`);
        return;
      }
    }
    const approvers = [...approval.approvers, event.userId];
    const executing = await store.transitionApproval(approval.id, ['pending'], 'executing', { decidedBy: event.userId, decidedAt: clock.now(), approvers, expectApprovers: approval.approvers });
    if (!executing) return this.lostRace(event, approval, retried);
    await this.audit(approval, event.userId, 'approve', `approved by ${approvers.join(', ')}`);
    await this.say(event.thread, `:hourglass_flowing_sand: <@${event.userId}> approved ${describe(approval)}. Dry run first, then apply and verify…`);
    await this.carryOut(executing, event.userId, event.thread);
  }

  private async lostRace(event: DecisionEvent, approval: Approval, retried: boolean): Promise<void> {
    const current = await this.options.store.getApproval(approval.id);
    if (!retried && current?.status === 'pending') return this.approve(event, current, true);
    return this.alreadyHandled(event, approval);
  }

  private async carryOut(executing: Approval, actor: string, thread: ThreadRef | undefined): Promise<ApprovalStatus> {
    const { store, executor } = this.options;
    await this.refreshMessage(executing);
    const outcome = await executor.execute(executing, actor);
    const final = await store.transitionApproval(executing.id, ['executing'], outcome.status, { outcome: outcome.message });
    const icon = outcome.status === 'succeeded' ? ':white_check_mark:' : outcome.status === 'not-verified' ? ':warning:' : ':x:';
    await this.say(thread, `${icon} ${outcome.message}`);
    if (outcome.status === 'not-verified' && outcome.undo) await this.proposeUndo(executing, outcome.undo, thread);
    if (final) await this.refreshMessage(final);
    return outcome.status;
  }

  /** A new pending approval for the rollback; the refreshed message shows its buttons. */
  private async proposeUndo(failed: Approval, undo: Remediation, thread: ThreadRef | undefined): Promise<void> {
    const { store, clock, policy } = this.options;
    const now = clock.now();
    const followUp: Approval = { id: newApprovalId(now), incidentId: failed.incidentId, remediation: undo, status: 'pending', createdAt: now, expiresAt: now + policy.approvalTtlMs, approvers: [] };
    await store.createApproval(followUp);
    await this.audit(followUp, SYSTEM_ACTOR, 'propose', `proposed because ${describe(failed)} did not verify`);
    await this.say(thread, `:leftwards_arrow_with_hook: Proposed ${describe(followUp)} to revision ${undo.params?.toRevision ?? 'before'} to take the change back; approve it on the incident's message.`);
  }

  private async alreadyHandled(event: DecisionEvent, approval: Approval): Promise<void> {
    const current = await this.options.store.getApproval(approval.id);
    await this.say(event.thread, `:information_source: ${describe(approval)} was already handled (${current?.status ?? 'unknown'}${current?.decidedBy ? ` by <@${current.decidedBy}>` : ''}).`);
  }

  private audit(approval: Approval, actor: string, event: string, outcome: string, at = this.options.clock.now()): Promise<void> {
    return this.options.store.appendAudit({ at, actor, event, incidentId: approval.incidentId, approvalId: approval.id, action: approval.remediation.action, target: formatTarget(approval.remediation.target), outcome });
  }

  private async say(thread: ThreadRef | undefined, text: string): Promise<void> {
    if (!thread) return;
    await this.options.notifier.reply(thread, text).catch((error: unknown) => this.options.logger.warn({ err: errorMessage(error) }, 'could not reply in the thread'));
  }

  /** Re-renders the incident's message so its buttons show the approval's new state. */
  private async refreshMessage(changed: Approval): Promise<void> {
    const { store, notifier, logger } = this.options;
    const [incident, finding, approvals] = await Promise.all([store.getIncident(changed.incidentId), store.latestFinding(changed.incidentId), store.approvalsOf(changed.incidentId)]);
    if (!incident?.thread || !finding) return;
    await notifier.updateFinding(incident.thread, { incident, finding, approvals }).catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'could not update the message'));
  }
}
