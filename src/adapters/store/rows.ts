/**
 * Rows of the SQLite tables and their mapping to domain values. A JSON column that no longer
 * parses becomes STORE_CORRUPT naming the table and row, so one bad row fails one call only.
 */
import type { AlarmSource, RejectedAlarm, Severity } from '../../domain/alarm.js';
import { TriagedError } from '../../domain/errors.js';
import { asApprovalId, asFingerprint, asIncidentId, type ApprovalId, type IncidentId } from '../../domain/ids.js';
import type { Approval, ApprovalStatus, AuditEntry, Finding, Incident, IncidentStatus } from '../../domain/incident.js';
import type { Snapshot } from '../../domain/snapshot.js';

export interface IncidentRow {
  id: string;
  fingerprint: string;
  correlation_key: string | null;
  status: string;
  severity: string;
  alarm: string;
  opened_at: number;
  last_seen_at: number;
  resolved_at: number | null;
  alarm_count: number;
  thread_channel: string | null;
  thread_ts: string | null;
  drill: number;
}

export interface ApprovalRow {
  id: string;
  incident_id: string;
  remediation: string;
  status: string;
  created_at: number;
  expires_at: number;
  approvers: string;
  decided_by: string | null;
  decided_at: number | null;
  outcome: string | null;
}

export interface FindingRow {
  id: number;
  incident_id: string;
  created_at: number;
  playbook: string;
  json: string;
}

export interface SnapshotRow {
  id: number;
  json: string;
}

export interface AuditRow {
  at: number;
  actor: string;
  event: string;
  incident_id: string | null;
  approval_id: string | null;
  action: string | null;
  target: string | null;
  dry_run: string | null;
  outcome: string;
}

export interface RejectedRow {
  at: number;
  source: string;
  delivery_id: string | null;
  reason: string;
  body: string;
}

/** What a finding keeps in its JSON column; the rest are columns of their own. */
type FindingJson = Pick<Finding, 'diagnosis' | 'timeline' | 'summary'>;

function parseColumn<T>(text: string, table: string, id: string | number, column: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TriagedError('STORE_CORRUPT', `${table} row ${id}: column ${column} is not valid JSON`, { cause: error, context: { table, id, column } });
  }
  if (value === null || typeof value !== 'object') {
    throw new TriagedError('STORE_CORRUPT', `${table} row ${id}: column ${column} holds ${value === null ? 'null' : typeof value}, not a JSON object or array`, {
      context: { table, id, column },
    });
  }
  return value as T;
}

/** SQL NULL ↔ an absent optional property. */
function optional<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

export function incidentFromRow(row: IncidentRow): Incident {
  return {
    id: asIncidentId(row.id),
    fingerprint: asFingerprint(row.fingerprint),
    correlationKey: row.correlation_key,
    status: row.status as IncidentStatus,
    severity: row.severity as Severity,
    alarm: parseColumn(row.alarm, 'incidents', row.id, 'alarm'),
    openedAt: row.opened_at,
    lastSeenAt: row.last_seen_at,
    ...optional('resolvedAt', row.resolved_at),
    alarmCount: row.alarm_count,
    ...(row.thread_channel !== null && row.thread_ts !== null ? { thread: { channel: row.thread_channel, ts: row.thread_ts } } : {}),
    drill: row.drill !== 0,
  };
}

export function incidentToRow(incident: Incident): IncidentRow {
  return {
    id: incident.id,
    fingerprint: incident.fingerprint,
    correlation_key: incident.correlationKey,
    status: incident.status,
    severity: incident.severity,
    alarm: JSON.stringify(incident.alarm),
    opened_at: incident.openedAt,
    last_seen_at: incident.lastSeenAt,
    resolved_at: incident.resolvedAt ?? null,
    alarm_count: incident.alarmCount,
    thread_channel: incident.thread?.channel ?? null,
    thread_ts: incident.thread?.ts ?? null,
    drill: incident.drill ? 1 : 0,
  };
}

export function approvalFromRow(row: ApprovalRow): Approval {
  return {
    id: asApprovalId(row.id),
    incidentId: asIncidentId(row.incident_id),
    remediation: parseColumn(row.remediation, 'approvals', row.id, 'remediation'),
    status: row.status as ApprovalStatus,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    approvers: parseColumn(row.approvers, 'approvals', row.id, 'approvers'),
    ...optional('decidedBy', row.decided_by),
    ...optional('decidedAt', row.decided_at),
    ...optional('outcome', row.outcome),
  };
}

export function approvalToRow(approval: Approval): ApprovalRow {
  return {
    id: approval.id,
    incident_id: approval.incidentId,
    remediation: JSON.stringify(approval.remediation),
    status: approval.status,
    created_at: approval.createdAt,
    expires_at: approval.expiresAt,
    approvers: JSON.stringify(approval.approvers),
    decided_by: approval.decidedBy ?? null,
    decided_at: approval.decidedAt ?? null,
    outcome: approval.outcome ?? null,
  };
}

export function findingFromRow(row: FindingRow): Finding {
  const { diagnosis, timeline, summary } = parseColumn<FindingJson>(row.json, 'findings', row.id, 'json');
  return { incidentId: asIncidentId(row.incident_id), playbook: row.playbook, diagnosis, timeline, createdAt: row.created_at, ...(summary ? { summary } : {}) };
}

export function findingToRow(finding: Finding): Omit<FindingRow, 'id'> {
  const json: FindingJson = { diagnosis: finding.diagnosis, timeline: finding.timeline, ...(finding.summary ? { summary: finding.summary } : {}) };
  return { incident_id: finding.incidentId, created_at: finding.createdAt, playbook: finding.playbook, json: JSON.stringify(json) };
}

export function snapshotFromRow(row: SnapshotRow): Snapshot {
  return parseColumn(row.json, 'snapshots', row.id, 'json');
}

export function auditFromRow(row: AuditRow): AuditEntry {
  return {
    at: row.at,
    actor: row.actor,
    event: row.event,
    ...optional('incidentId', row.incident_id as IncidentId | null),
    ...optional('approvalId', row.approval_id as ApprovalId | null),
    ...optional('action', row.action),
    ...optional('target', row.target),
    ...optional('dryRun', row.dry_run),
    outcome: row.outcome,
  };
}

export function auditToRow(entry: AuditEntry): AuditRow {
  return {
    at: entry.at,
    actor: entry.actor,
    event: entry.event,
    incident_id: entry.incidentId ?? null,
    approval_id: entry.approvalId ?? null,
    action: entry.action ?? null,
    target: entry.target ?? null,
    dry_run: entry.dryRun ?? null,
    outcome: entry.outcome,
  };
}

export function rejectedFromRow(row: RejectedRow): RejectedAlarm & { at: number } {
  return { at: row.at, source: row.source as AlarmSource, ...optional('deliveryId', row.delivery_id), reason: row.reason, body: row.body };
}

/** Bodies are kept for diagnosis of a bad sender, not in full: a flood of huge bodies must not fill the disk. */
export const REJECTED_BODY_MAX_BYTES = 64 * 1024;

/** Cuts to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back off continuation bytes (10xxxxxx) to the start of the character that straddles the cut.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

export function rejectedToRow(rejected: RejectedAlarm, atMs: number): RejectedRow {
  return {
    at: atMs,
    source: rejected.source,
    delivery_id: rejected.deliveryId ?? null,
    reason: rejected.reason,
    body: truncateUtf8(rejected.body, REJECTED_BODY_MAX_BYTES),
  };
}
