/** Every SQL statement of the SQLite store, prepared once per connection. */
import type Database from 'better-sqlite3';
import type { ApprovalRow, AuditRow, FindingRow, IncidentRow, RejectedRow, SnapshotRow } from './rows.js';

const LATEST_FIRST = 'ORDER BY opened_at DESC, rowid DESC';

export interface TransitionParams {
  id: string;
  /** JSON array of the statuses the approval may be in. */
  from: string;
  to: string;
  decided_by: string | null;
  decided_at: number | null;
  outcome: string | null;
  approvers: string | null;
  /** JSON array the approvers must equal (as stored), or null for any. */
  expect_approvers: string | null;
}

export function prepareStatements(db: Database.Database) {
  return {
    insertIncident: db.prepare<IncidentRow>(
      `INSERT INTO incidents (id, fingerprint, correlation_key, status, severity, alarm, opened_at, last_seen_at, resolved_at, alarm_count, thread_channel, thread_ts, drill)
       VALUES (@id, @fingerprint, @correlation_key, @status, @severity, @alarm, @opened_at, @last_seen_at, @resolved_at, @alarm_count, @thread_channel, @thread_ts, @drill)`,
    ),
    // `status <> 'resolved'` is spelled as in the partial indexes so the planner can use them.
    openByFingerprint: db.prepare<[string], IncidentRow>(`SELECT * FROM incidents WHERE fingerprint = ? AND status <> 'resolved' ${LATEST_FIRST} LIMIT 1`),
    openByCorrelation: db.prepare<[string, number], IncidentRow>(
      `SELECT * FROM incidents WHERE correlation_key = ? AND status <> 'resolved' AND last_seen_at >= ? ${LATEST_FIRST} LIMIT 1`,
    ),
    incidentById: db.prepare<[string], IncidentRow>('SELECT * FROM incidents WHERE id = ?'),
    listIncidents: db.prepare<[number, number], IncidentRow>(`SELECT * FROM incidents WHERE opened_at >= ? ${LATEST_FIRST} LIMIT ?`),
    // max(): a redelivered old alarm must not move last_seen_at backwards.
    recordDuplicate: db.prepare<[number, string], IncidentRow>(
      'UPDATE incidents SET alarm_count = alarm_count + 1, last_seen_at = max(last_seen_at, ?) WHERE id = ? RETURNING *',
    ),
    setStatus: db.prepare<{ id: string; status: string; at: number }>(
      `UPDATE incidents SET status = @status,
         resolved_at = CASE WHEN @status = 'resolved' THEN coalesce(resolved_at, @at) ELSE NULL END
       WHERE id = @id`,
    ),
    setThread: db.prepare<[string, string, string]>('UPDATE incidents SET thread_channel = ?, thread_ts = ? WHERE id = ?'),

    insertSnapshot: db.prepare<[string, string, string]>('INSERT INTO snapshots (incident_id, captured_at, json) VALUES (?, ?, ?)'),
    latestSnapshot: db.prepare<[string], SnapshotRow>('SELECT id, json FROM snapshots WHERE incident_id = ? ORDER BY id DESC LIMIT 1'),
    insertFinding: db.prepare<Omit<FindingRow, 'id'>>(
      'INSERT INTO findings (incident_id, created_at, playbook, json) VALUES (@incident_id, @created_at, @playbook, @json)',
    ),
    latestFinding: db.prepare<[string], FindingRow>('SELECT * FROM findings WHERE incident_id = ? ORDER BY id DESC LIMIT 1'),

    insertApproval: db.prepare<ApprovalRow>(
      `INSERT INTO approvals (id, incident_id, remediation, status, created_at, expires_at, approvers, decided_by, decided_at, outcome)
       VALUES (@id, @incident_id, @remediation, @status, @created_at, @expires_at, @approvers, @decided_by, @decided_at, @outcome)`,
    ),
    approvalById: db.prepare<[string], ApprovalRow>('SELECT * FROM approvals WHERE id = ?'),
    approvalsOf: db.prepare<[string], ApprovalRow>('SELECT * FROM approvals WHERE incident_id = ? ORDER BY created_at, rowid'),
    // Compare-and-set in one statement: of two racing callers only one finds the old status.
    transitionApproval: db.prepare<TransitionParams, ApprovalRow>(
      `UPDATE approvals SET status = @to,
         decided_by = coalesce(@decided_by, decided_by),
         decided_at = coalesce(@decided_at, decided_at),
         outcome = coalesce(@outcome, outcome),
         approvers = coalesce(@approvers, approvers)
       WHERE id = @id AND status IN (SELECT value FROM json_each(@from))
         AND (@expect_approvers IS NULL OR approvers = @expect_approvers)
       RETURNING *`,
    ),
    expiredApprovals: db.prepare<[number, number], ApprovalRow>(`SELECT * FROM approvals WHERE status = 'pending' AND expires_at < ? ORDER BY expires_at, rowid LIMIT ?`),

    insertAudit: db.prepare<AuditRow>(
      `INSERT INTO audit (at, actor, event, incident_id, approval_id, action, target, dry_run, outcome)
       VALUES (@at, @actor, @event, @incident_id, @approval_id, @action, @target, @dry_run, @outcome)`,
    ),
    audit: db.prepare<[number], AuditRow>('SELECT * FROM audit ORDER BY id DESC LIMIT ?'),
    auditOfIncident: db.prepare<[string, number], AuditRow>('SELECT * FROM audit WHERE incident_id = ? ORDER BY id DESC LIMIT ?'),

    insertRejected: db.prepare<RejectedRow>(
      'INSERT INTO rejected_alarms (at, source, delivery_id, reason, body) VALUES (@at, @source, @delivery_id, @reason, @body)',
    ),
    rejected: db.prepare<[number], RejectedRow>('SELECT * FROM rejected_alarms ORDER BY id DESC LIMIT ?'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
