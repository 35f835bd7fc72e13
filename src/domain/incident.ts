/**
 * An incident is what many alarms of one problem become: one investigation, one Slack thread.
 * Findings and approvals hang off it; the store keeps all of them.
 */
import type { Alarm, Severity } from './alarm.js';
import type { Diagnosis } from './diagnosis.js';
import type { ApprovalId, IncidentFingerprint, IncidentId } from './ids.js';
import type { StepRecord } from './snapshot.js';
import type { FindingSummary } from './finding-summary.js';
import type { Remediation } from './diagnosis.js';

export type IncidentStatus = 'open' | 'investigating' | 'diagnosed' | 'resolved';

/** Where the incident's message lives in Slack (channel id + ts), once posted. */
export interface ThreadRef {
  readonly channel: string;
  readonly ts: string;
}

export interface Incident {
  readonly id: IncidentId;
  readonly fingerprint: IncidentFingerprint;
  /** Workload-level key that joins other alarms about the same target (null: too vague to join). */
  readonly correlationKey: string | null;
  readonly status: IncidentStatus;
  readonly severity: Severity;
  readonly alarm: Alarm;
  /** Epoch ms. */
  readonly openedAt: number;
  readonly lastSeenAt: number;
  readonly resolvedAt?: number;
  /** How many alarms (duplicates included) this incident has absorbed. */
  readonly alarmCount: number;
  readonly thread?: ThreadRef;
  readonly drill: boolean;
}

export interface Finding {
  readonly incidentId: IncidentId;
  readonly playbook: string;
  readonly diagnosis: Diagnosis;
  readonly timeline: readonly StepRecord[];
  /** Epoch ms. */
  readonly createdAt: number;
  /** The optional LLM summary: an added section, never a change of category or remediation. */
  readonly summary?: FindingSummary;
}

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'executing' | 'succeeded' | 'failed' | 'not-verified';

/** A remediation offered for approval; its id is the only thing a Slack button carries. */
export interface Approval {
  readonly id: ApprovalId;
  readonly incidentId: IncidentId;
  readonly remediation: Remediation;
  readonly status: ApprovalStatus;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly approvers: readonly string[];
  readonly decidedBy?: string;
  readonly decidedAt?: number;
  readonly outcome?: string;
}

export interface AuditEntry {
  readonly at: number;
  readonly actor: string;
  /** approve | deny | refuse | expire | dry-run | apply | verify | auto-approve … */
  readonly event: string;
  readonly incidentId?: IncidentId;
  readonly approvalId?: ApprovalId;
  readonly action?: string;
  readonly target?: string;
  readonly dryRun?: string;
  readonly outcome: string;
}
