/**
 * The intake as HTTP receivers see it on a replica that may be a standby: only the leader takes
 * alarms; a standby answers as a full queue does (503, retry), so the sender tries again and
 * reaches the leader.
 */
import type { Alarm, RejectedAlarm, Severity } from '../domain/alarm.js';
import { TriagedError } from '../domain/errors.js';
import type { AlarmSink, IntakeReceipt } from '../ports/intake.js';

export class LeaderOnlySink implements AlarmSink {
  constructor(private readonly intake: AlarmSink, private readonly isLeading: () => boolean) {}

  hasCapacity(severity: Severity): boolean {
    return this.isLeading() && this.intake.hasCapacity(severity);
  }

  accept(alarm: Alarm): Promise<IntakeReceipt> {
    if (!this.isLeading()) {
      return Promise.reject(new TriagedError('SOURCE_UNAVAILABLE', `this replica is a standby; "${alarm.name}" must go to the leader`, { retryable: true }));
    }
    return this.intake.accept(alarm);
  }

  reject(rejected: RejectedAlarm): Promise<void> {
    return this.intake.reject(rejected);
  }
}
