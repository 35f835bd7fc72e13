/** `list_incidents` and `get_incident`: the store's incidents, findings and approvals, redacted. */
import { z } from 'zod';
import { SEVERITIES } from '../../../domain/alarm.js';
import { asIncidentId } from '../../../domain/ids.js';
import type { Approval, Finding, Incident } from '../../../domain/incident.js';
import { redactDeep } from '../../../domain/redact.js';
import { formatTarget } from '../../../domain/target.js';
import { errorResult, jsonResult } from '../bounded.js';
import { READ_ONLY, type RegisterTools } from './context.js';

const STATUSES = ['open', 'investigating', 'diagnosed', 'resolved'] as const;
/** Filters apply after the store's newest-first read; this many are read at most. */
const SCAN = 500;

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Never the alarm's raw payload: it is whatever the source sent, secrets included. */
function incidentRow(incident: Incident): Record<string, unknown> {
  return redactDeep({
    id: incident.id,
    status: incident.status,
    severity: incident.severity,
    alarm: incident.alarm.name,
    source: incident.alarm.source,
    kind: incident.alarm.kind,
    target: formatTarget(incident.alarm.target),
    openedAt: iso(incident.openedAt),
    lastSeenAt: iso(incident.lastSeenAt),
    resolvedAt: iso(incident.resolvedAt),
    alarmCount: incident.alarmCount,
    drill: incident.drill,
  });
}

function findingView(finding: Finding): Record<string, unknown> {
  return redactDeep({ playbook: finding.playbook, createdAt: iso(finding.createdAt), diagnosis: finding.diagnosis, timeline: finding.timeline });
}

function approvalView(approval: Approval): Record<string, unknown> {
  return redactDeep({
    id: approval.id,
    action: approval.remediation.action,
    target: formatTarget(approval.remediation.target),
    params: approval.remediation.params,
    rationale: approval.remediation.rationale,
    risk: approval.remediation.risk,
    status: approval.status,
    approvers: approval.approvers,
    decidedBy: approval.decidedBy,
    decidedAt: iso(approval.decidedAt),
    outcome: approval.outcome,
    expiresAt: iso(approval.expiresAt),
  });
}

export const registerIncidentTools: RegisterTools = (server, { deps, maxChars }) => {
  server.registerTool(
    'list_incidents',
    {
      title: 'List incidents',
      description: 'Incidents triaged has opened, newest first, with optional filters. Read-only.',
      inputSchema: {
        status: z.enum(STATUSES).optional().describe('only incidents in this status'),
        severity: z.enum(SEVERITIES).optional(),
        namespace: z.string().max(253).optional().describe("only incidents whose alarm targets this namespace"),
        sinceHours: z.number().positive().max(24 * 90).optional().describe('only incidents opened in the last N hours'),
        includeDrills: z.boolean().default(true).describe('include chaos drills'),
        limit: z.number().int().min(1).max(100).default(20),
      },
      annotations: READ_ONLY,
    },
    async ({ status, severity, namespace, sinceHours, includeDrills, limit }) => {
      const sinceMs = sinceHours === undefined ? undefined : deps.clock.now() - sinceHours * 3_600_000;
      const all = await deps.incidents.listIncidents({ ...(sinceMs === undefined ? {} : { sinceMs }), limit: SCAN });
      const matching = all.filter(
        (i) =>
          (status === undefined || i.status === status) &&
          (severity === undefined || i.severity === severity) &&
          (namespace === undefined || i.alarm.target.namespace === namespace) &&
          (includeDrills || !i.drill),
      );
      return jsonResult({ total: matching.length, incidents: matching.slice(0, limit).map(incidentRow) }, maxChars);
    },
  );

  server.registerTool(
    'get_incident',
    {
      title: 'Get an incident',
      description: 'One incident with its latest finding (diagnosis, evidence, timeline) and its remediation approvals. Secrets are redacted. Read-only.',
      inputSchema: { id: z.string().min(1).max(200).describe('incident id, as list_incidents shows it') },
      annotations: READ_ONLY,
    },
    async ({ id }) => {
      const incidentId = asIncidentId(id);
      const incident = await deps.incidents.getIncident(incidentId);
      if (!incident) return errorResult(`no incident with id ${JSON.stringify(id)}`);
      const [finding, approvals] = await Promise.all([deps.incidents.latestFinding(incidentId), deps.incidents.approvalsOf(incidentId)]);
      return jsonResult(
        {
          incident: { ...incidentRow(incident), description: incident.alarm.description === undefined ? undefined : redactDeep(incident.alarm.description), labels: redactDeep(incident.alarm.labels) },
          finding: finding ? findingView(finding) : null,
          approvals: approvals.map(approvalView),
        },
        maxChars,
      );
    },
  );
};
