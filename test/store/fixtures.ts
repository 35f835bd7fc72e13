/** Builders of domain values and temp-directory stores for the SQLite store tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alarm } from '../../src/domain/alarm.js';
import { asApprovalId, asFingerprint, asIncidentId } from '../../src/domain/ids.js';
import type { Approval, Finding, Incident } from '../../src/domain/incident.js';
import type { Snapshot } from '../../src/domain/snapshot.js';

export const alarm: Alarm = {
  source: 'alertmanager',
  name: 'KubePodCrashLooping',
  kind: 'crash',
  severity: 'critical',
  state: 'firing',
  target: { namespace: 'shop', kind: 'Pod', name: 'checkout-7d4b9c8f6d-x2k9p' },
  startsAt: '2025-03-01T10:00:00Z',
  labels: { team: 'payments' },
  raw: { alertname: 'KubePodCrashLooping', nested: { values: [1, 2, 3] } },
};

export function incident(overrides: Omit<Partial<Incident>, 'id'> & { id: string }): Incident {
  return {
    fingerprint: asFingerprint('fp-checkout'),
    correlationKey: 'shop/workload/checkout',
    status: 'open',
    severity: 'critical',
    alarm,
    openedAt: 1_000,
    lastSeenAt: 1_000,
    alarmCount: 1,
    drill: false,
    ...overrides,
    id: asIncidentId(overrides.id),
  };
}

export function approval(overrides: Omit<Partial<Approval>, 'id' | 'incidentId'> & { id: string; incidentId: string }): Approval {
  return {
    remediation: { action: 'rollout-restart', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' }, rationale: 'leak', risk: 'low' },
    status: 'pending',
    createdAt: 2_000,
    expiresAt: 3_602_000,
    approvers: [],
    ...overrides,
    id: asApprovalId(overrides.id),
    incidentId: asIncidentId(overrides.incidentId),
  };
}

export function finding(incidentId: string, createdAt: number, summary = 'the pod was OOM-killed'): Finding {
  return {
    incidentId: asIncidentId(incidentId),
    playbook: 'pod-crash',
    createdAt,
    diagnosis: {
      category: 'oom-killed',
      summary,
      confidence: 0.9,
      target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' },
      evidence: [{ source: 'kubernetes', ref: 'pod/checkout', detail: 'lastState.terminated.reason=OOMKilled' }],
      remediations: [],
      alternatives: [{ category: 'memory-leak', confidence: 0.4 }],
      missing: ['prometheus: not configured'],
    },
    timeline: [{ step: 'pods', source: 'kubernetes', durationMs: 12, outcome: 'ok' }],
  };
}

export function snapshot(capturedAt: string, logBytes = 0): Snapshot {
  return {
    version: 1,
    capturedAt,
    alarm: { source: 'alertmanager', name: 'KubePodCrashLooping' },
    kubernetes: { logs: [{ namespace: 'shop', pod: 'checkout-1', container: 'app', previous: true, text: 'x'.repeat(logBytes) }] },
  };
}

/** A fresh directory under the OS temp dir; `remove` deletes it and everything in it. */
export function tempDir(): { dir: string; file: (name?: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'triaged-store-'));
  return { dir, file: (name = 'triaged.db') => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
