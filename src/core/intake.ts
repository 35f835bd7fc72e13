/**
 * Intake: the AlarmSink every source feeds. Fingerprints an alarm, folds duplicates and correlated
 * alarms into their open incident (one investigation, one Slack thread), stores new incidents
 * before queueing them, closes incidents on `resolved`, and pushes back when the queue is full.
 */
import type { Alarm, RejectedAlarm, Severity } from '../domain/alarm.js';
import { TriagedError } from '../domain/errors.js';
import { correlationKeyOf, fingerprintOf } from '../domain/fingerprint.js';
import type { Incident } from '../domain/incident.js';
import { formatTarget } from '../domain/target.js';
import type { Clock } from '../ports/clock.js';
import type { AlarmSink, IntakeReceipt } from '../ports/intake.js';
import type { Logger } from '../ports/logger.js';
import type { Notifier } from '../ports/notifier.js';
import type { IncidentStore } from '../ports/store.js';
import type { Telemetry } from '../ports/telemetry.js';
import type { InvestigationQueue } from './investigation-queue.js';
import { newIncidentId } from './new-ids.js';
import { Serial } from './serial.js';

export interface IntakeOptions {
  readonly store: IncidentStore;
  readonly queue: InvestigationQueue;
  readonly investigate: (incident: Incident) => Promise<void>;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly telemetry: Telemetry;
  /** An alarm joins an open incident on the same workload seen within this window. */
  readonly correlationWindowMs: number;
  /** At most one Slack update per incident in this interval while duplicates pour in. */
  readonly duplicateNoticeIntervalMs: number;
}

const settledNow: Promise<void> = Promise.resolve();
const MAX_NOTICE_ENTRIES = 10_000;

export class Intake implements AlarmSink {
  /** When each incident's thread last heard of its duplicates; bounded, oldest notice dropped first. */
  private readonly lastNoticeAt = new Map<string, number>();
  /** Investigations started by this process, by incident id: a redelivery waits on the same one. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Find-then-create must not interleave, or a storm would open the same incident twice. */
  private readonly decisions = new Serial();

  constructor(private readonly options: IntakeOptions) {}

  hasCapacity(severity: Severity): boolean {
    return this.options.queue.hasCapacity(severity);
  }

  async reject(rejected: RejectedAlarm): Promise<void> {
    await this.options.store.recordRejected(rejected, this.options.clock.now());
    this.options.telemetry.alarmReceived(rejected.source, 'rejected');
    this.options.logger.warn(
      { source: rejected.source, deliveryId: rejected.deliveryId, reason: rejected.reason },
      'alarm rejected',
    );
  }

  async accept(alarm: Alarm): Promise<IntakeReceipt> {
    // Only the decision is serial; counting a duplicate is awaited outside it, so a storm's
    // counts reach the store together and share one transaction.
    const decided = await this.decisions.run(() => (alarm.state === 'resolved' ? this.resolve(alarm) : this.open(alarm)));
    const receipt = 'duplicateOf' in decided ? await this.countDuplicate(decided.duplicateOf, alarm) : decided;
    this.options.telemetry.alarmReceived(alarm.source, receipt.outcome);
    return receipt;
  }

  private async countDuplicate(existing: Incident, alarm: Alarm): Promise<IntakeReceipt> {
    const updated = await this.options.store.recordDuplicate(existing.id, this.options.clock.now());
    this.noticeDuplicate(updated, alarm);
    return { outcome: 'duplicate', incidentId: existing.id, settled: this.ensureInvestigated(updated) };
  }

  private async open(alarm: Alarm): Promise<IntakeReceipt | { duplicateOf: Incident }> {
    const { store, clock } = this.options;
    const now = clock.now();
    const fingerprint = fingerprintOf(alarm);
    const correlationKey = correlationKeyOf(alarm.target);
    const existing =
      (await store.findOpenByFingerprint(fingerprint)) ??
      (correlationKey ? await store.findOpenByCorrelation(correlationKey, now - this.options.correlationWindowMs) : undefined);

    if (existing) return { duplicateOf: existing };

    if (!this.hasCapacity(alarm.severity)) {
      this.options.telemetry.alarmReceived(alarm.source, 'backpressure');
      throw new TriagedError('QUEUE_FULL', `investigation queue is full; ${alarm.severity} alarm "${alarm.name}" must wait`, {
        context: { alarm: alarm.name, target: formatTarget(alarm.target) },
      });
    }
    const incident: Incident = {
      id: newIncidentId(now),
      fingerprint,
      correlationKey,
      status: 'open',
      severity: alarm.severity,
      alarm,
      openedAt: now,
      lastSeenAt: now,
      alarmCount: 1,
      drill: alarm.drill === true,
    };
    await store.createIncident(incident);
    this.options.logger.info(
      { incidentId: incident.id, alarm: alarm.name, source: alarm.source, target: formatTarget(alarm.target), severity: alarm.severity },
      'incident opened',
    );
    return { outcome: 'opened', incidentId: incident.id, settled: this.startInvestigation(incident) };
  }

  /**
   * An incident that has no finding and no investigation running here was interrupted (the
   * daemon died mid-investigation and its alarm was redelivered): run it again.
   */
  private ensureInvestigated(incident: Incident): Promise<void> {
    const running = this.inFlight.get(incident.id);
    if (running) return running;
    if (incident.status !== 'open' && incident.status !== 'investigating') return settledNow;
    return this.startInvestigation(incident);
  }

  private startInvestigation(incident: Incident): Promise<void> {
    const run = this.options.queue
      .add(incident.id, incident.severity, () => this.options.investigate(incident))
      .finally(() => this.inFlight.delete(incident.id));
    this.inFlight.set(incident.id, run);
    // The receipt's holder decides what a failure means; this only keeps it from being unhandled.
    run.catch(() => {});
    return run;
  }

  private async resolve(alarm: Alarm): Promise<IntakeReceipt> {
    const { store, clock, notifier, logger } = this.options;
    const incident = await store.findOpenByFingerprint(fingerprintOf(alarm));
    if (!incident) return { outcome: 'ignored', settled: settledNow };
    await store.setStatus(incident.id, 'resolved', clock.now());
    this.lastNoticeAt.delete(incident.id);
    logger.info({ incidentId: incident.id, alarm: alarm.name }, 'incident resolved by its source');
    if (incident.thread) {
      notifier
        .reply(incident.thread, `:white_check_mark: Resolved: ${alarm.source} reports "${alarm.name}" as resolved.`)
        .catch((error: unknown) => logger.warn({ err: error, incidentId: incident.id }, 'could not post the resolution'));
    }
    return { outcome: 'resolved', incidentId: incident.id, settled: settledNow };
  }

  private noticeDuplicate(incident: Incident, alarm: Alarm): void {
    const now = this.options.clock.now();
    const last = this.lastNoticeAt.get(incident.id) ?? incident.openedAt;
    if (!incident.thread || now - last < this.options.duplicateNoticeIntervalMs) return;
    this.lastNoticeAt.delete(incident.id);
    this.lastNoticeAt.set(incident.id, now);
    if (this.lastNoticeAt.size > MAX_NOTICE_ENTRIES) this.lastNoticeAt.delete(this.lastNoticeAt.keys().next().value as string);
    const text = `:repeat: Still firing: "${alarm.name}" from ${alarm.source} — ${incident.alarmCount} alarms so far on this incident.`;
    this.options.notifier
      .reply(incident.thread, text)
      .catch((error: unknown) => this.options.logger.warn({ err: error, incidentId: incident.id }, 'could not post a duplicate notice'));
  }
}
