/**
 * Safe auto-restart (off by default): for the workloads named in TRIAGED_AUTO_RESTART, a
 * crash-loop finding's restart is carried out by the policy itself, as `policy:auto-restart`,
 * through the executor (policy bounds, server-side dry run, apply, verify, audit) — at most
 * `maxRestarts` per window per workload, counted from the durable audit. Past that, the finding
 * stays with its Approve / Deny buttons and the thread says a person must decide.
 */
import { errorMessage } from '../../domain/errors.js';
import { workloadOf } from '../../domain/fingerprint.js';
import type { Approval, Finding } from '../../domain/incident.js';
import { formatTarget, parseTarget, type TargetRef } from '../../domain/target.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Notifier } from '../../ports/notifier.js';
import type { IncidentStore } from '../../ports/store.js';
import type { RemediationExecutor } from '../remediation/executor.js';

export const AUTO_RESTART_ACTOR = 'policy:auto-restart';

export interface AutoRestartOptions {
  /** `namespace/Deployment/name` entries. */
  readonly workloads: readonly string[];
  readonly maxRestarts: number;
  readonly windowMs: number;
  readonly store: IncidentStore;
  readonly notifier: Notifier;
  readonly executor: Pick<RemediationExecutor, 'execute'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

export type AutoRestartDecision = 'restarted' | 'failed' | 'escalated' | 'not-applicable';

const RESTARTS = new Set(['restart-pod', 'rollout-restart']);

/** namespace/name of the workload a restart targets (a pod counts for its Deployment). */
function workloadKey(target: TargetRef): string | undefined {
  const workload = workloadOf(target);
  return workload.namespace && workload.name ? `${workload.namespace}/${workload.name}` : undefined;
}

export class AutoRestartPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(private readonly options: AutoRestartOptions) {
    this.allowed = new Set(options.workloads.map((entry) => workloadKey(parseTarget(entry))).filter((k): k is string => k !== undefined));
  }

  get enabled(): boolean {
    return this.allowed.size > 0;
  }

  /** The engine's onFinding hook. Never throws. */
  async onFinding(finding: Finding, approvals: readonly Approval[]): Promise<AutoRestartDecision> {
    try {
      return await this.decide(finding, approvals);
    } catch (error) {
      this.options.logger.error({ incidentId: finding.incidentId, err: errorMessage(error) }, 'auto-restart failed');
      return 'failed';
    }
  }

  private async decide(finding: Finding, approvals: readonly Approval[]): Promise<AutoRestartDecision> {
    if (!this.enabled || finding.diagnosis.category !== 'crash-loop') return 'not-applicable';
    const approval = approvals.find((a) => a.status === 'pending' && RESTARTS.has(a.remediation.action));
    const key = approval ? workloadKey(approval.remediation.target) : undefined;
    if (!approval || !key || !this.allowed.has(key)) return 'not-applicable';

    const { store, clock, executor } = this.options;
    const thread = (await store.getIncident(approval.incidentId))?.thread;
    const used = await this.restartsInWindow(key);
    if (used >= this.options.maxRestarts) {
      await this.audit(approval, 'escalate', `auto-restart budget used up: ${used} in the last ${this.windowText()}`);
      await this.say(thread, `:raising_hand: Auto-restart of \`${key}\` is used up (${used} of ${this.options.maxRestarts} in the last ${this.windowText()}); it keeps crashing, so a person must decide: Approve or Deny above.`);
      return 'escalated';
    }
    const executing = await store.transitionApproval(approval.id, ['pending'], 'executing', { decidedBy: AUTO_RESTART_ACTOR, decidedAt: clock.now(), approvers: [AUTO_RESTART_ACTOR], expectApprovers: [] });
    if (!executing) return 'not-applicable';
    await this.audit(approval, 'auto-approve', `auto-restart ${used + 1} of ${this.options.maxRestarts} in ${this.windowText()} for ${key}`);
    await this.refresh(approval);
    await this.say(thread, `:robot_face: \`${key}\` is on the auto-restart list: ${approval.remediation.action} by policy (${used + 1} of ${this.options.maxRestarts} in ${this.windowText()}). Dry run first, then apply and verify…`);
    const outcome = await executor.execute(executing, AUTO_RESTART_ACTOR);
    await store.transitionApproval(approval.id, ['executing'], outcome.status, { outcome: outcome.message });
    await this.say(thread, `${outcome.status === 'succeeded' ? ':white_check_mark:' : outcome.status === 'not-verified' ? ':warning:' : ':x:'} ${outcome.message}`);
    await this.refresh(approval);
    return outcome.status === 'succeeded' || outcome.status === 'not-verified' ? 'restarted' : 'failed';
  }

  private async restartsInWindow(key: string): Promise<number> {
    const since = this.options.clock.now() - this.options.windowMs;
    const rows = await this.options.store.audit({ limit: 1000 });
    return rows.filter((r) => r.actor === AUTO_RESTART_ACTOR && r.event === 'auto-approve' && r.at >= since && r.target !== undefined && workloadKey(parseTarget(r.target)) === key).length;
  }

  private windowText(): string {
    return `${Math.round(this.options.windowMs / 60_000)} min`;
  }

  private audit(approval: Approval, event: string, outcome: string): Promise<void> {
    return this.options.store.appendAudit({ at: this.options.clock.now(), actor: AUTO_RESTART_ACTOR, event, incidentId: approval.incidentId, approvalId: approval.id, action: approval.remediation.action, target: formatTarget(approval.remediation.target), outcome });
  }

  private async say(thread: { channel: string; ts: string } | undefined, text: string): Promise<void> {
    if (!thread) return;
    await this.options.notifier.reply(thread, text).catch((error: unknown) => this.options.logger.warn({ err: errorMessage(error) }, 'auto-restart: could not reply in the thread'));
  }

  /** Re-renders the incident's message so its buttons show the approval's state. */
  private async refresh(approval: Approval): Promise<void> {
    const { store, notifier } = this.options;
    const [incident, finding, approvals] = await Promise.all([store.getIncident(approval.incidentId), store.latestFinding(approval.incidentId), store.approvalsOf(approval.incidentId)]);
    if (!incident?.thread || !finding) return;
    await notifier.updateFinding(incident.thread, { incident, finding, approvals }).catch((error: unknown) => this.options.logger.warn({ err: errorMessage(error) }, 'auto-restart: could not update the message'));
  }
}
