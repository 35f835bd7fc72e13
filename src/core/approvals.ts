/**
 * What a click on Approve or Deny does. Only allow-listed approvers act; each approval changes
 * state by compare-and-set, so a double click, a second replica or a redelivered click acts once;
 * every decision, refusal and outcome is audited and answered in the incident's thread.
 */
import { errorMessage } from '../domain/errors.js';
import type { Approval } from '../domain/incident.js';
import { approversNeeded, type RemediationPolicy } from '../domain/policy.js';
import { formatTarget } from '../domain/target.js';
import type { ApproverDirectory } from '../ports/approvers.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { DecisionEvent, Notifier } from '../ports/notifier.js';
import type { IncidentStore } from '../ports/store.js';
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

const describe = (approval: Approval): string => `${approval.remediation.action} on ${formatTarget(approval.remediation.target)}`;

export class ApprovalService {
  constructor(private readonly options: ApprovalServiceOptions) {}

  /** Handles one click; never throws (a failure is logged and answered in the thread). */
  async decide(event: DecisionEvent): Promise<void> {
    try {
      await this.handle(event);
    } catch (error) {
      this.options.logger.error({ err: errorMessage(error), approvalId: event.approvalId }, 'decision failed');
      await this.say(event, `:warning: Could not handle the decision: ${errorMessage(error)}`);
    }
  }

  private async handle(event: DecisionEvent): Promise<void> {
    const { store, clock } = this.options;
    const approval = await store.getApproval(event.approvalId);
    if (!approval) {
      await this.say(event, `:grey_question: <@${event.userId}> clicked on an approval this triaged does not know.`);
      return;
    }
    const audit = (name: string, outcome: string): Promise<void> =>
      store.appendAudit({ at: clock.now(), actor: event.userId, event: name, incidentId: approval.incidentId, approvalId: approval.id, action: approval.remediation.action, target: formatTarget(approval.remediation.target), outcome });

    if (!(await this.options.approvers.isApprover(event.userId))) {
      await audit('refuse', 'not an approver');
      await this.say(event, `:no_entry: <@${event.userId}> is not an approver: ${describe(approval)} was not ${event.decision === 'approve' ? 'approved' : 'denied'}.`);
      return;
    }
    if (approval.status !== 'pending') {
      await this.say(event, `:information_source: ${describe(approval)} was already handled (${approval.status}${approval.decidedBy ? ` by <@${approval.decidedBy}>` : ''}).`);
      return;
    }
    if (clock.now() > approval.expiresAt) {
      if (await store.transitionApproval(approval.id, ['pending'], 'expired', { decidedAt: clock.now(), outcome: 'expired before a decision' })) {
        await audit('expire', 'expired before a decision');
      }
      await this.say(event, `:hourglass: ${describe(approval)} expired; re-run the investigation for a fresh proposal.`);
      await this.refreshMessage(approval);
      return;
    }
    if (event.decision === 'deny') {
      const denied = await store.transitionApproval(approval.id, ['pending'], 'denied', { decidedBy: event.userId, decidedAt: clock.now(), outcome: 'denied' });
      if (!denied) return this.alreadyHandled(event, approval);
      await audit('deny', 'denied');
      await this.say(event, `:x: <@${event.userId}> denied ${describe(approval)}. Nothing was changed.`);
      await this.refreshMessage(denied);
      return;
    }
    await this.approve(event, approval, audit);
  }

  private async approve(event: DecisionEvent, approval: Approval, audit: (name: string, outcome: string) => Promise<void>): Promise<void> {
    const { store, clock, executor } = this.options;
    if (approversNeeded(approval.remediation, this.options.policy) === 2) {
      if (approval.approvers.includes(event.userId)) {
        await audit('refuse', 'second approval by the same person');
        await this.say(event, `:no_entry: ${describe(approval)} needs a second approver other than <@${event.userId}>.`);
        return;
      }
      if (approval.approvers.length === 0) {
        const first = await store.transitionApproval(approval.id, ['pending'], 'pending', { approvers: [event.userId] });
        if (!first) return this.alreadyHandled(event, approval);
        await audit('approve', 'first of two approvals');
        await this.say(event, `:ballot_box_with_check: <@${event.userId}> approved ${describe(approval)}; one more approver is needed.`);
        return;
      }
    }
    const approvers = [...approval.approvers, event.userId];
    const executing = await store.transitionApproval(approval.id, ['pending'], 'executing', { decidedBy: event.userId, decidedAt: clock.now(), approvers });
    if (!executing) return this.alreadyHandled(event, approval);
    await audit('approve', `approved by ${approvers.join(', ')}`);
    await this.say(event, `:hourglass_flowing_sand: <@${event.userId}> approved ${describe(approval)}. Dry run first, then apply and verify…`);
    await this.refreshMessage(executing);

    const outcome = await executor.execute(executing, event.userId);
    const final = await store.transitionApproval(approval.id, ['executing'], outcome.status, { outcome: outcome.message });
    const icon = outcome.status === 'succeeded' ? ':white_check_mark:' : outcome.status === 'not-verified' ? ':warning:' : ':x:';
    await this.say(event, `${icon} ${outcome.message}`);
    if (final) await this.refreshMessage(final);
  }

  private async alreadyHandled(event: DecisionEvent, approval: Approval): Promise<void> {
    const current = await this.options.store.getApproval(approval.id);
    await this.say(event, `:information_source: ${describe(approval)} was already handled (${current?.status ?? 'unknown'}${current?.decidedBy ? ` by <@${current.decidedBy}>` : ''}).`);
  }

  private async say(event: DecisionEvent, text: string): Promise<void> {
    await this.options.notifier.reply(event.thread, text).catch((error: unknown) => this.options.logger.warn({ err: errorMessage(error) }, 'could not reply in the thread'));
  }

  /** Re-renders the incident's message so its buttons show the approval's new state. */
  private async refreshMessage(changed: Approval): Promise<void> {
    const { store, notifier, logger } = this.options;
    const [incident, finding, approvals] = await Promise.all([store.getIncident(changed.incidentId), store.latestFinding(changed.incidentId), store.approvalsOf(changed.incidentId)]);
    if (!incident?.thread || !finding) return;
    await notifier.updateFinding(incident.thread, { incident, finding, approvals }).catch((error: unknown) => logger.warn({ err: errorMessage(error) }, 'could not update the message'));
  }
}
