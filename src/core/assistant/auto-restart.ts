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
import type { ApprovalService } from '../approvals.js';

export const AUTO_RESTART_ACTOR = 'policy:auto-restart';

export interface AutoRestartOptions {
  /** `namespace/Deployment/name` entries. */
  readonly workloads: readonly string[];
  readonly maxRestarts: number;
  readonly windowMs: number;
  readonly store: IncidentStore;
  readonly notifier: Notifier;
  /** Carries out the restart the way a click would (dry run, apply, verify, audit, message refresh). */
  readonly approvals: Pick<ApprovalService, 'approveAs'>;
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

    const { store } = this.options;
    const used = await this.restartsInWindow(key);
    if (used >= this.options.maxRestarts) {
      const thread = (await store.getIncident(approval.incidentId))?.thread;
      await this.audit(approval, 'escalate', `auto-restart budget used up: ${used} in the last ${this.windowText()}`);
      await this.say(thread, `:raising_hand: Auto-restart of \`${key}\` is used up (${used} of ${this.options.maxRestarts} in the last ${this.windowText()}); it keeps crashing, so a person must decide: Approve or Deny above.`);
      return 'escalated';
    }
    const budget = `${used + 1} of ${this.options.maxRestarts} in ${this.windowText()}`;
    const status = await this.options.approvals.approveAs(
      approval,
      AUTO_RESTART_ACTOR,
      `auto-restart ${budget} for ${key}`,
      `:robot_face: \`${key}\` is on the auto-restart list: ${approval.remediation.action} by policy (${budget}). Dry run first, then apply and verify…`,
    );
    if (status === undefined) return 'not-applicable';
    return status === 'succeeded' || status === 'not-verified' ? 'restarted' : 'failed';
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
}
