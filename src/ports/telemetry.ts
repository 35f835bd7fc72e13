/** The daemon's own metrics (exposed as `triaged_*` on /metrics by src/adapters/metrics/). */
import type { AlarmSource } from '../domain/alarm.js';
import type { IntakeOutcome } from './intake.js';

export interface Telemetry {
  alarmReceived(source: AlarmSource | 'unknown', outcome: IntakeOutcome | 'rejected' | 'backpressure'): void;
  queueDepth(waiting: number, running: number): void;
  investigationFinished(playbook: string, result: 'diagnosed' | 'failed', category: string, durationSeconds: number): void;
  evidenceStep(step: string, outcome: string, durationSeconds: number): void;
  remediation(action: string, outcome: string): void;
  notification(outcome: 'posted' | 'updated' | 'replied' | 'failed'): void;
}

export const noTelemetry: Telemetry = {
  alarmReceived: () => {},
  queueDepth: () => {},
  investigationFinished: () => {},
  evidenceStep: () => {},
  remediation: () => {},
  notification: () => {},
};
