/**
 * What a source hands its parsed alarms to (implemented by core/intake). Sources know nothing of
 * playbooks: they parse, call `accept` or `reject`, and ack their transport according to the result.
 */
import type { Alarm, RejectedAlarm, Severity } from '../domain/alarm.js';
import type { IncidentId } from '../domain/ids.js';

export type IntakeOutcome =
  /** A new incident was stored and an investigation queued. */
  | 'opened'
  /** Same fingerprint or correlated with an open incident: counted on it, no new investigation. */
  | 'duplicate'
  /** A `resolved` alarm closed its incident. */
  | 'resolved'
  /** A `resolved` alarm with no open incident, or an alarm intake chose not to act on (e.g. a drill when drills are off). */
  | 'ignored';

export interface IntakeReceipt {
  readonly outcome: IntakeOutcome;
  readonly incidentId?: IncidentId;
  /**
   * Settles when the work this alarm started is finished (the investigation posted its finding)
   * or failed for good. A source that must not lose the alarm (SQS) keeps its message invisible
   * until then and deletes it only on success; a rejected promise means: leave it for redelivery.
   */
  readonly settled: Promise<void>;
}

export interface AlarmSink {
  /**
   * Records the alarm durably (the incident exists in the store when this resolves) and queues
   * its investigation. Rejects with a TriagedError: QUEUE_FULL (retryable, back off) or
   * STORE_UNAVAILABLE (retryable: do not ack the transport).
   */
  accept(alarm: Alarm): Promise<IntakeReceipt>;
  /** Records a delivery that could not be parsed, with its reason. Rejects only if the store is down. */
  reject(rejected: RejectedAlarm): Promise<void>;
  /** False while the queue is at its bound for this severity: sources should wait (SQS) or answer 503 (HTTP). */
  hasCapacity(severity: Severity): boolean;
}
