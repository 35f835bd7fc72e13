/**
 * IncidentStore on embedded SQLite (better-sqlite3): the daemon's durable state at
 * TRIAGED_STORE_PATH. The app composes it; a PostgreSQL store will implement the same port.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RejectedAlarm } from '../../domain/alarm.js';
import { TriagedError } from '../../domain/errors.js';
import type { ApprovalId, IncidentFingerprint, IncidentId } from '../../domain/ids.js';
import type { Approval, ApprovalStatus, AuditEntry, Finding, Incident, IncidentStatus, ThreadRef } from '../../domain/incident.js';
import type { Snapshot } from '../../domain/snapshot.js';
import type { IncidentStore } from '../../ports/store.js';
import {
  approvalFromRow,
  approvalToRow,
  auditFromRow,
  auditToRow,
  findingFromRow,
  findingToRow,
  incidentFromRow,
  incidentToRow,
  rejectedFromRow,
  rejectedToRow,
  snapshotFromRow,
  type IncidentRow,
} from './rows.js';
import { migrate } from './schema.js';
import { storeError } from './sqlite-errors.js';
import { prepareStatements, type Statements } from './statements.js';

export interface SqliteStoreOptions {
  /** A file path (its directory is created), or `:memory:` for tests. */
  readonly path: string;
  /** How long a write waits for a lock held by another connection before STORE_UNAVAILABLE. Default 1000. */
  readonly busyTimeoutMs?: number;
}

// better-sqlite3 waits for a lock synchronously, stalling the event loop (probes, Slack socket);
// our own writes take milliseconds, so a longer wait means a foreign lock: fail retryable instead.
const DEFAULT_BUSY_TIMEOUT_MS = 1_000;

/**
 * Opens (creating and migrating as needed) the store. Throws STORE_UNAVAILABLE when the file or
 * its directory cannot be used.
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteIncidentStore {
  const { path } = options;
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    // The SQS source deletes a message once createIncident resolves, so a commit must outlive
    // the node, not only the process: FULL fsyncs the WAL on every commit (NORMAL would lose the
    // last commits on power loss or a kernel crash). Writes are per alarm, so the cost is small.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return new SqliteIncidentStore(db, path);
  } catch (error) {
    db?.close();
    throw storeError(error, path, 'opening it');
  }
}

export class SqliteIncidentStore implements IncidentStore {
  private readonly statements: Statements;
  private readonly pendingDuplicates: { id: IncidentId; atMs: number; resolve: (incident: Incident) => void; reject: (error: unknown) => void }[] = [];

  /** Takes a connection already configured and migrated by openSqliteStore (tests pass their own). */
  constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {
    this.statements = prepareStatements(db);
  }

  /** better-sqlite3 is synchronous; this turns its throws into rejections and names the file. */
  private async run<T>(doing: string, work: (s: Statements) => T): Promise<T> {
    try {
      return work(this.statements);
    } catch (error) {
      throw storeError(error, this.path, doing);
    }
  }

  private notFound(what: string): TriagedError {
    return new TriagedError('STORE_NOT_FOUND', `store ${this.path} has no ${what}`, { context: { path: this.path } });
  }

  findOpenByFingerprint(fingerprint: IncidentFingerprint): Promise<Incident | undefined> {
    return this.run(`looking up fingerprint ${fingerprint}`, (s) => {
      const row = s.openByFingerprint.get(fingerprint);
      return row && incidentFromRow(row);
    });
  }

  findOpenByCorrelation(correlationKey: string, sinceMs: number): Promise<Incident | undefined> {
    return this.run(`looking up correlation key ${correlationKey}`, (s) => {
      const row = s.openByCorrelation.get(correlationKey, sinceMs);
      return row && incidentFromRow(row);
    });
  }

  getIncident(id: IncidentId): Promise<Incident | undefined> {
    return this.run(`reading incident ${id}`, (s) => {
      const row = s.incidentById.get(id);
      return row && incidentFromRow(row);
    });
  }

  /** Newest opened first; `sinceMs` keeps incidents opened at or after it. */
  listIncidents(options: { sinceMs?: number; limit: number }): Promise<Incident[]> {
    return this.run('listing incidents', (s) => s.listIncidents.all(options.sinceMs ?? Number.MIN_SAFE_INTEGER, options.limit).map(incidentFromRow));
  }

  createIncident(incident: Incident): Promise<void> {
    return this.run(`creating incident ${incident.id}`, (s) => {
      s.insertIncident.run(incidentToRow(incident));
    });
  }

  /**
   * Group commit: duplicates counted in the same turn of the event loop share one transaction
   * (one fsync), so a storm costs one disk sync per batch, not per alarm. Each caller's promise
   * still settles only once its count is durable.
   */
  recordDuplicate(id: IncidentId, atMs: number): Promise<Incident> {
    return new Promise<Incident>((resolve, reject) => {
      this.pendingDuplicates.push({ id, atMs, resolve, reject });
      if (this.pendingDuplicates.length === 1) setImmediate(() => this.flushDuplicates());
    });
  }

  private flushDuplicates(): void {
    const batch = this.pendingDuplicates.splice(0);
    let rows: (IncidentRow | undefined)[];
    try {
      rows = this.db.transaction(() => batch.map(({ id, atMs }) => this.statements.recordDuplicate.get(atMs, id)))();
    } catch (error) {
      const failure = storeError(error, this.path, `counting ${batch.length} duplicates`);
      for (const pending of batch) pending.reject(failure);
      return;
    }
    batch.forEach((pending, i) => {
      const row = rows[i];
      if (row) pending.resolve(incidentFromRow(row));
      else pending.reject(this.notFound(`incident ${pending.id} to count a duplicate on`));
    });
  }

  /** `atMs` becomes resolvedAt when the status is `resolved` (the first resolution is kept). */
  setStatus(id: IncidentId, status: IncidentStatus, atMs: number): Promise<void> {
    return this.run(`setting incident ${id} to ${status}`, (s) => {
      if (s.setStatus.run({ id, status, at: atMs }).changes === 0) throw this.notFound(`incident ${id} to set to ${status}`);
    });
  }

  setThread(id: IncidentId, thread: ThreadRef): Promise<void> {
    return this.run(`setting the thread of incident ${id}`, (s) => {
      if (s.setThread.run(thread.channel, thread.ts, id).changes === 0) throw this.notFound(`incident ${id} to set a thread on`);
    });
  }

  saveSnapshot(id: IncidentId, snapshot: Snapshot): Promise<void> {
    return this.run(`saving a snapshot of incident ${id}`, (s) => {
      s.insertSnapshot.run(id, snapshot.capturedAt, JSON.stringify(snapshot));
    });
  }

  latestSnapshot(id: IncidentId): Promise<Snapshot | undefined> {
    return this.run(`reading the snapshot of incident ${id}`, (s) => {
      const row = s.latestSnapshot.get(id);
      return row && snapshotFromRow(row);
    });
  }

  saveFinding(finding: Finding): Promise<void> {
    return this.run(`saving a finding of incident ${finding.incidentId}`, (s) => {
      s.insertFinding.run(findingToRow(finding));
    });
  }

  latestFinding(id: IncidentId): Promise<Finding | undefined> {
    return this.run(`reading the finding of incident ${id}`, (s) => {
      const row = s.latestFinding.get(id);
      return row && findingFromRow(row);
    });
  }

  createApproval(approval: Approval): Promise<void> {
    return this.run(`creating approval ${approval.id} of incident ${approval.incidentId}`, (s) => {
      s.insertApproval.run(approvalToRow(approval));
    });
  }

  getApproval(id: ApprovalId): Promise<Approval | undefined> {
    return this.run(`reading approval ${id}`, (s) => {
      const row = s.approvalById.get(id);
      return row && approvalFromRow(row);
    });
  }

  /** Oldest first, as they were proposed. */
  approvalsOf(id: IncidentId): Promise<Approval[]> {
    return this.run(`listing the approvals of incident ${id}`, (s) => s.approvalsOf.all(id).map(approvalFromRow));
  }

  expiredApprovals(nowMs: number, limit: number): Promise<Approval[]> {
    return this.run('listing expired approvals', (s) => s.expiredApprovals.all(nowMs, limit).map(approvalFromRow));
  }

  transitionApproval(
    id: ApprovalId,
    from: readonly ApprovalStatus[],
    to: ApprovalStatus,
    fields: { decidedBy?: string; decidedAt?: number; outcome?: string; approvers?: readonly string[]; expectApprovers?: readonly string[] },
  ): Promise<Approval | undefined> {
    return this.run(`moving approval ${id} to ${to}`, (s) => {
      const row = s.transitionApproval.get({
        id,
        from: JSON.stringify(from),
        to,
        decided_by: fields.decidedBy ?? null,
        decided_at: fields.decidedAt ?? null,
        outcome: fields.outcome ?? null,
        approvers: fields.approvers ? JSON.stringify(fields.approvers) : null,
        expect_approvers: fields.expectApprovers ? JSON.stringify(fields.expectApprovers) : null,
      });
      return row && approvalFromRow(row);
    });
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.run(`appending audit event ${entry.event}`, (s) => {
      s.insertAudit.run(auditToRow(entry));
    });
  }

  /** Newest first. */
  audit(options: { incidentId?: IncidentId; limit: number }): Promise<AuditEntry[]> {
    return this.run('reading the audit log', (s) => {
      const rows = options.incidentId === undefined ? s.audit.all(options.limit) : s.auditOfIncident.all(options.incidentId, options.limit);
      return rows.map(auditFromRow);
    });
  }

  /** The body is cut to REJECTED_BODY_MAX_BYTES. */
  recordRejected(rejected: RejectedAlarm, atMs: number): Promise<void> {
    return this.run(`recording a rejected ${rejected.source} alarm`, (s) => {
      s.insertRejected.run(rejectedToRow(rejected, atMs));
    });
  }

  /** Newest first. */
  rejected(options: { limit: number }): Promise<(RejectedAlarm & { at: number })[]> {
    return this.run('listing rejected alarms', (s) => s.rejected.all(options.limit).map(rejectedFromRow));
  }

  /** Idempotent; a store used after close rejects. */
  close(): Promise<void> {
    return this.run('closing it', () => {
      if (this.db.open) this.db.close();
    });
  }
}
