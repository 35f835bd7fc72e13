/**
 * Carries out one approved remediation: policy → plan (re-reads the target) → server-side dry
 * run → apply → verify, writing an audit row at each stage. Actions on one target run one at a
 * time, so two approvals racing on the same Deployment are serialized.
 */
import type { Remediation, RemediationAction } from '../../domain/diagnosis.js';
import { errorMessage } from '../../domain/errors.js';
import type { Approval } from '../../domain/incident.js';
import { approversNeeded, checkPolicy, type RemediationPolicy } from '../../domain/policy.js';
import { formatTarget } from '../../domain/target.js';
import type { IncidentStore } from '../../ports/store.js';
import type { Telemetry } from '../../ports/telemetry.js';
import { Serial } from '../serial.js';
import { PlanRefused, type ActionContext, type RemediationActionHandler } from './action.js';

export type RemediationOutcome =
  | { readonly status: 'succeeded'; readonly message: string; readonly dryRun: string }
  | { readonly status: 'not-verified'; readonly message: string; readonly dryRun: string; readonly undo?: Remediation }
  | { readonly status: 'failed'; readonly message: string; readonly dryRun?: string; readonly stage: 'policy' | 'plan' | 'dry-run' | 'apply' };

export interface ExecutorOptions {
  readonly handlers: Partial<Record<RemediationAction, RemediationActionHandler>>;
  readonly context: ActionContext;
  readonly store: IncidentStore;
  readonly policy: RemediationPolicy;
  readonly telemetry: Telemetry;
  readonly verifyDeadlineMs: number;
}

const RESTART_ACTIONS = new Set<string>(['restart-pod', 'rollout-restart']);
const HOUR_MS = 3_600_000;

export class RemediationExecutor {
  /** One lane per target while anything is queued on it; removed when it empties. */
  private readonly lanes = new Map<string, { readonly serial: Serial; queued: number }>();

  constructor(private readonly options: ExecutorOptions) {}

  supports(action: RemediationAction): boolean {
    return this.options.handlers[action] !== undefined;
  }

  /**
   * How many approvers the remediation needs now. A scale is planned (reads, no write) to learn
   * whether it lowers the replicas: a failed read counts as a scale-down, a refused plan as one
   * approver (carrying it out will refuse it with the reason).
   */
  async approversNeeded(remediation: Remediation): Promise<1 | 2> {
    const { policy, handlers, context } = this.options;
    if (remediation.action !== 'scale' || !policy.twoApproverActions.includes('scale-down')) return approversNeeded(remediation, policy);
    try {
      const plan = await handlers.scale?.plan(remediation, context, AbortSignal.timeout(30_000));
      return approversNeeded(remediation, policy, plan?.facts?.currentReplicas);
    } catch (error) {
      return error instanceof PlanRefused ? 1 : 2;
    }
  }

  execute(approval: Approval, actor: string): Promise<RemediationOutcome> {
    const key = formatTarget(approval.remediation.target);
    const lane = this.lanes.get(key) ?? { serial: new Serial(), queued: 0 };
    this.lanes.set(key, lane);
    lane.queued += 1;
    return lane.serial.run(() => this.run(approval, actor)).finally(() => {
      lane.queued -= 1;
      if (lane.queued === 0) this.lanes.delete(key);
    });
  }

  private async run(approval: Approval, actor: string): Promise<RemediationOutcome> {
    const outcome = await this.stages(approval, actor);
    this.options.telemetry.remediation(approval.remediation.action, outcome.status);
    return outcome;
  }

  private async stages(approval: Approval, actor: string): Promise<RemediationOutcome> {
    const { remediation } = approval;
    const audit = (event: string, outcome: string, dryRun?: string): Promise<void> =>
      this.options.store.appendAudit({
        at: this.options.context.clock.now(),
        actor,
        event,
        incidentId: approval.incidentId,
        approvalId: approval.id,
        action: remediation.action,
        target: formatTarget(remediation.target),
        ...(dryRun ? { dryRun } : {}),
        outcome,
      });

    const restartsInLastHour = await this.restartsInLastHour(remediation);
    const verdict = checkPolicy(remediation, this.options.policy, { restartsInLastHour });
    if (!verdict.allowed) {
      await audit('refuse', `policy: ${verdict.reason}`);
      return { status: 'failed', stage: 'policy', message: `Refused by policy: ${verdict.reason}` };
    }
    const handler = this.options.handlers[remediation.action];
    if (!handler) {
      await audit('refuse', `action ${remediation.action} is not supported by this build`);
      return { status: 'failed', stage: 'policy', message: `Action ${remediation.action} is not supported by this build of triaged.` };
    }

    const signal = AbortSignal.timeout(this.options.verifyDeadlineMs + 30_000);
    let plan;
    try {
      const incident = await this.options.store.getIncident(approval.incidentId);
      plan = await handler.plan(remediation, this.options.context, signal, { incidentId: approval.incidentId, ...(incident ? { fingerprint: incident.fingerprint } : {}) });
    } catch (error) {
      const message = error instanceof PlanRefused ? error.message : `could not read the target: ${errorMessage(error)}`;
      await audit('refuse', message);
      return { status: 'failed', stage: 'plan', message: `Not applied: ${message}` };
    }
    // The plan read the live target: bounds that depend on it (resource factor) are checked now.
    const live = checkPolicy(remediation, this.options.policy, { restartsInLastHour, ...plan.facts });
    if (!live.allowed) {
      await audit('refuse', `policy: ${live.reason}`);
      return { status: 'failed', stage: 'policy', message: `Refused by policy: ${live.reason}` };
    }

    let dryRun: string;
    try {
      dryRun = await plan.apply(true, signal);
      await audit('dry-run', 'accepted', dryRun);
    } catch (error) {
      await audit('dry-run', `rejected: ${errorMessage(error)}`);
      return { status: 'failed', stage: 'dry-run', message: `The API server rejected the dry run of "${plan.description}": ${errorMessage(error)}. Nothing was changed.` };
    }
    try {
      const applied = await plan.apply(false, signal);
      await audit('apply', applied, dryRun);
    } catch (error) {
      await audit('apply', `failed: ${errorMessage(error)}`, dryRun);
      return { status: 'failed', stage: 'apply', dryRun, message: `Applying "${plan.description}" failed: ${errorMessage(error)}. The dry run had passed; the request did not complete.` };
    }
    const verification = await plan.verify(AbortSignal.timeout(this.options.verifyDeadlineMs));
    await audit('verify', verification.verified ? `verified: ${verification.detail}` : `not verified: ${verification.detail}`, dryRun);
    if (verification.verified) return { status: 'succeeded', dryRun, message: `Done: ${plan.description}. Verified: ${verification.detail}.` };
    const message = `Applied: ${plan.description}, but not verified within ${Math.round(this.options.verifyDeadlineMs / 1000)} s: ${verification.detail}.`;
    return plan.undo
      ? { status: 'not-verified', dryRun, undo: plan.undo, message: `${message} Proposed: ${plan.undo.action} to revision ${plan.undo.params?.toRevision ?? 'before'} to take the change back.` }
      : { status: 'not-verified', dryRun, message };
  }

  private async restartsInLastHour(remediation: Remediation): Promise<number> {
    if (!RESTART_ACTIONS.has(remediation.action)) return 0;
    const since = this.options.context.clock.now() - HOUR_MS;
    const target = formatTarget(remediation.target);
    const rows = await this.options.store.audit({ limit: 500 });
    return rows.filter((r) => r.event === 'apply' && r.at >= since && r.target === target && RESTART_ACTIONS.has(r.action ?? '')).length;
  }
}
