/**
 * The SQLite schema as numbered migrations; `PRAGMA user_version` records how many have run, so
 * reopening a store applies only what is new. Append a migration, never edit one that shipped.
 */
import type Database from 'better-sqlite3';
import { TriagedError } from '../../domain/errors.js';

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    correlation_key TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'investigating', 'diagnosed', 'resolved')),
    severity TEXT NOT NULL,
    alarm TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    resolved_at INTEGER,
    alarm_count INTEGER NOT NULL,
    thread_channel TEXT,
    thread_ts TEXT,
    drill INTEGER NOT NULL
  ) STRICT;
  -- Partial indexes: intake only ever looks up unresolved incidents, which stay few.
  CREATE INDEX incidents_open_by_fingerprint ON incidents (fingerprint, opened_at) WHERE status <> 'resolved';
  CREATE INDEX incidents_open_by_correlation ON incidents (correlation_key, opened_at) WHERE status <> 'resolved';
  CREATE INDEX incidents_by_opened_at ON incidents (opened_at);

  CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    captured_at TEXT NOT NULL,
    json TEXT NOT NULL
  ) STRICT;
  CREATE INDEX snapshots_by_incident ON snapshots (incident_id, id);

  CREATE TABLE findings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    created_at INTEGER NOT NULL,
    playbook TEXT NOT NULL,
    json TEXT NOT NULL
  ) STRICT;
  CREATE INDEX findings_by_incident ON findings (incident_id, id);

  CREATE TABLE approvals (
    id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents (id),
    remediation TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'executing', 'succeeded', 'failed', 'not-verified')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    approvers TEXT NOT NULL,
    decided_by TEXT,
    decided_at INTEGER,
    outcome TEXT
  ) STRICT;
  CREATE INDEX approvals_by_incident ON approvals (incident_id, created_at);

  -- No foreign keys: an audit row must be writable whatever else the store holds.
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    event TEXT NOT NULL,
    incident_id TEXT,
    approval_id TEXT,
    action TEXT,
    target TEXT,
    dry_run TEXT,
    outcome TEXT NOT NULL
  ) STRICT;
  CREATE INDEX audit_by_incident ON audit (incident_id, id);
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

  CREATE TABLE rejected_alarms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    source TEXT NOT NULL,
    delivery_id TEXT,
    reason TEXT NOT NULL,
    body TEXT NOT NULL
  ) STRICT;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the schema to SCHEMA_VERSION; a no-op (and no write lock) when it is there already. */
export function migrate(db: Database.Database, path: string): void {
  if (userVersion(db) === SCHEMA_VERSION) return;
  // IMMEDIATE takes the write lock before reading the version, so two processes opening one
  // file at once cannot both run a migration.
  db.transaction(() => {
    const current = userVersion(db);
    if (current > SCHEMA_VERSION) {
      throw new TriagedError('STORE_UNAVAILABLE', `store ${path} has schema version ${current}, newer than this triaged understands (${SCHEMA_VERSION})`, {
        retryable: false,
        context: { path },
      });
    }
    MIGRATIONS.slice(current).forEach((sql, index) => {
      db.exec(sql);
      db.pragma(`user_version = ${current + index + 1}`);
    });
  }).immediate();
}
