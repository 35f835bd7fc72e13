/**
 * Durable state: incidents, snapshots, findings, approvals, audit and rejected alarms. SQLite by
 * default (src/adapters/store/); nothing the daemon needs after a restart lives only in memory.
 * Status changes of approvals are compare-and-set so a double click or a redelivery acts once.
 */
import type { RejectedAlarm } from '../domain/alarm.js';
import type { ApprovalId, IncidentFingerprint, IncidentId } from '../domain/ids.js';
import type { Approval, ApprovalStatus, AuditEntry, Finding, Incident, IncidentStatus, ThreadRef } from '../domain/incident.js';
import type { Snapshot } from '../domain/snapshot.js';

export interface IncidentStore {
  /** The newest incident with this fingerprint that is not resolved. */
  findOpenByFingerprint(fingerprint: IncidentFingerprint): Promise<Incident | undefined>;
  /** The newest unresolved incident with this correlation key seen at or after `sinceMs`. */
  findOpenByCorrelation(correlationKey: string, sinceMs: number): Promise<Incident | undefined>;
  getIncident(id: IncidentId): Promise<Incident | undefined>;
  listIncidents(options: { sinceMs?: number; limit: number }): Promise<Incident[]>;
  createIncident(incident: Incident): Promise<void>;
  /** Counts one more alarm on the incident. */
  recordDuplicate(id: IncidentId, atMs: number): Promise<Incident>;
  setStatus(id: IncidentId, status: IncidentStatus, atMs: number): Promise<void>;
  setThread(id: IncidentId, thread: ThreadRef): Promise<void>;

  saveSnapshot(id: IncidentId, snapshot: Snapshot): Promise<void>;
  latestSnapshot(id: IncidentId): Promise<Snapshot | undefined>;
  saveFinding(finding: Finding): Promise<void>;
  latestFinding(id: IncidentId): Promise<Finding | undefined>;

  createApproval(approval: Approval): Promise<void>;
  getApproval(id: ApprovalId): Promise<Approval | undefined>;
  approvalsOf(id: IncidentId): Promise<Approval[]>;
  /** Pending approvals whose expiry is before `nowMs`, oldest expiry first. */
  expiredApprovals(nowMs: number, limit: number): Promise<Approval[]>;
  /**
   * Moves an approval to `to` only if its status is one of `from` (and, with `expectApprovers`,
   * its approvers are exactly those); returns the updated approval, or undefined when it was not
   * in that state (someone else already acted).
   */
  transitionApproval(
    id: ApprovalId,
    from: readonly ApprovalStatus[],
    to: ApprovalStatus,
    fields: { decidedBy?: string; decidedAt?: number; outcome?: string; approvers?: readonly string[]; expectApprovers?: readonly string[] },
  ): Promise<Approval | undefined>;

  appendAudit(entry: AuditEntry): Promise<void>;
  audit(options: { incidentId?: IncidentId; limit: number }): Promise<AuditEntry[]>;

  recordRejected(rejected: RejectedAlarm, atMs: number): Promise<void>;
  rejected(options: { limit: number }): Promise<(RejectedAlarm & { at: number })[]>;

  close(): Promise<void>;
}
