/**
 * The investigation of one incident: pick the playbook, gather evidence, save the snapshot,
 * diagnose it, save the finding, offer its remediations for approval and post it. Called by the
 * queue (one at a time per incident); a failure leaves the incident for a redelivery to retry.
 */
import { diagnose } from '../domain/diagnosis/index.js';
import { errorMessage } from '../domain/errors.js';
import type { Approval, Finding, Incident } from '../domain/incident.js';
import { formatTarget } from '../domain/target.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Notifier } from '../ports/notifier.js';
import type { IncidentStore } from '../ports/store.js';
import type { Telemetry } from '../ports/telemetry.js';
import { newApprovalId } from './new-ids.js';
import type { Summarizer } from '../ports/summarizer.js';
import { captureSnapshot } from './capture.js';
import { summarizeFinding, type SummaryOptions } from './summary.js';
import type { EvidencePorts } from './playbooks/playbook.js';

export interface EngineOptions {
  readonly store: IncidentStore;
  readonly notifier: Notifier;
  readonly evidence: EvidencePorts;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly telemetry: Telemetry;
  readonly approvalTtlMs: number;
  /** The whole investigation's deadline; each step also has its own. */
  readonly investigationDeadlineMs: number;
  /** Evidence sources not configured, named in every finding's `missing`. */
  readonly unconfigured: readonly string[];
  /** The optional LLM summary; absent, findings are the rule-based ones alone. */
  readonly summary?: Omit<SummaryOptions, 'logger'> & { readonly summarizer: Summarizer };
  /** Called after the finding is posted (tests, the demo). */
  readonly onFinding?: (finding: Finding, approvals: readonly Approval[]) => void;
}

export class InvestigationEngine {
  constructor(private readonly options: EngineOptions) {}

  async investigate(incident: Incident): Promise<void> {
    const { store, clock, logger, telemetry } = this.options;
    const started = clock.now();
    const log = logger.child({ incidentId: incident.id });
    await store.setStatus(incident.id, 'investigating', started);
    let playbookName = 'unknown';
    try {
      const { snapshot, playbook } = await captureSnapshot(incident.alarm, {
        evidence: this.options.evidence,
        clock,
        unconfigured: this.options.unconfigured,
        deadlineMs: this.options.investigationDeadlineMs,
        telemetry,
      });
      playbookName = playbook.name;
      await store.saveSnapshot(incident.id, snapshot);
      const diagnosis = diagnose(snapshot);
      const ruleBased: Finding = { incidentId: incident.id, playbook: playbook.name, diagnosis, timeline: snapshot.timeline ?? [], createdAt: clock.now() };
      const summary = this.options.summary ? await summarizeFinding(ruleBased, snapshot, this.options.summary.summarizer, { ...this.options.summary, logger: log }) : undefined;
      const finding: Finding = summary ? { ...ruleBased, summary } : ruleBased;
      await store.saveFinding(finding);
      const approvals = await this.offerRemediations(incident, finding);
      await this.publish(incident, finding, approvals);
      await store.setStatus(incident.id, 'diagnosed', clock.now());
      telemetry.investigationFinished(playbook.name, 'diagnosed', diagnosis.category, (clock.now() - started) / 1000);
      log.info(
        { playbook: playbook.name, category: diagnosis.category, confidence: diagnosis.confidence, target: formatTarget(diagnosis.target), durationMs: clock.now() - started },
        'investigation finished',
      );
      this.options.onFinding?.(finding, approvals);
    } catch (error) {
      telemetry.investigationFinished(playbookName, 'failed', 'none', (clock.now() - started) / 1000);
      log.error({ err: errorMessage(error), playbook: playbookName }, 'investigation failed');
      throw error;
    }
  }

  private async offerRemediations(incident: Incident, finding: Finding): Promise<Approval[]> {
    const now = this.options.clock.now();
    const approvals = finding.diagnosis.remediations.map(
      (remediation): Approval => ({
        id: newApprovalId(now),
        incidentId: incident.id,
        remediation,
        status: 'pending',
        createdAt: now,
        expiresAt: now + this.options.approvalTtlMs,
        approvers: [],
      }),
    );
    for (const approval of approvals) await this.options.store.createApproval(approval);
    return approvals;
  }

  /** Updates the incident's existing message (a re-investigation) or posts the first one. */
  private async publish(incident: Incident, finding: Finding, approvals: readonly Approval[]): Promise<void> {
    const { store, notifier, telemetry } = this.options;
    const current = (await store.getIncident(incident.id)) ?? incident;
    const message = { incident: current, finding, approvals };
    try {
      if (current.thread) {
        await notifier.updateFinding(current.thread, message);
        telemetry.notification('updated');
      } else {
        const thread = await notifier.postFinding(message);
        if (thread) await store.setThread(incident.id, thread);
        telemetry.notification('posted');
      }
    } catch (error) {
      telemetry.notification('failed');
      throw error;
    }
  }
}
