/** The Slack tests' shared values: the story of the wire fixtures as domain objects, and fixture readers. */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Alarm } from '../../src/domain/alarm.js';
import { asApprovalId, asFingerprint, asIncidentId } from '../../src/domain/ids.js';
import type { Approval, Finding, Incident } from '../../src/domain/incident.js';
import type { Logger } from '../../src/ports/logger.js';
import type { FindingMessage } from '../../src/ports/notifier.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/wire/slack', import.meta.url));
export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const BOT_TOKEN = 'xoxb-0000000000-0000000000000-testtokenvalue000000000';
export const APPROVAL_ID = 'apr_01JDQ3W8X5K2M7N4P9R6T1V0YZ';
/** X-Slack-Request-Timestamp of block-actions-approve.http.txt (2026-11-22T10:04:12Z), in ms. */
export const SIGNED_AT_MS = 1795341852 * 1000;

export const alarm: Alarm = {
  source: 'alertmanager',
  name: 'KubePodCrashLooping',
  kind: 'crash',
  severity: 'warning',
  state: 'firing',
  target: { namespace: 'shop', kind: 'Pod', name: 'checkout-7c9d8f6b5d-4xk2p' },
  startsAt: '2026-11-22T09:59:27.512Z',
  labels: { alertname: 'KubePodCrashLooping', namespace: 'shop' },
  raw: {},
};

export const incident: Incident = {
  id: asIncidentId('inc_01JDQ3T5B7C9D2F4G6H8J0K1MN'),
  fingerprint: asFingerprint('fp-checkout'),
  correlationKey: 'shop/workload/checkout',
  status: 'diagnosed',
  severity: 'warning',
  alarm,
  openedAt: 1795341567000,
  lastSeenAt: 1795341597000,
  alarmCount: 3,
  drill: false,
};

export const finding: Finding = {
  incidentId: incident.id,
  playbook: 'pod-crash',
  createdAt: 1795341620000,
  diagnosis: {
    category: 'oom-killed',
    summary: 'Container `app` of Deployment/checkout exceeds its 256Mi memory limit and is killed with exit code 137. It started with revision 7.',
    confidence: 0.92,
    target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' },
    evidence: [
      { source: 'kubernetes', ref: 'pod/checkout-7c9d8f6b5d-4xk2p', detail: 'lastState.terminated.reason=OOMKilled exitCode=137' },
      { source: 'kubernetes', ref: 'deployment/checkout', detail: 'revision 7 set NODE_OPTIONS=--max-old-space-size=384' },
    ],
    remediations: [],
    alternatives: [],
    missing: ['cloudwatch logs: not configured'],
  },
  timeline: [
    { step: 'pods', source: 'kubernetes', durationMs: 42, outcome: 'ok' },
    { step: 'logs', source: 'cloudwatch', durationMs: 0, outcome: 'skipped', detail: 'not configured' },
  ],
};

export const approval: Approval = {
  id: asApprovalId(APPROVAL_ID),
  incidentId: incident.id,
  remediation: { action: 'rollout-undo', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' }, params: { toRevision: 6 }, rationale: 'revision 7 raised the heap above the limit', risk: 'medium' },
  status: 'pending',
  createdAt: 1795341620000,
  expiresAt: 1795343420000,
  approvers: [],
};

export const message: FindingMessage = { incident, finding, approvals: [approval] };

export function fixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(`${FIXTURES}/${name}`, 'utf8'));
}

/** A raw `.http.txt` fixture: request line, headers (as sent) and the body bytes. */
export function rawHttpFixture(name: string): { requestLine: string; headers: Record<string, string>; body: Buffer } {
  const raw = readFileSync(`${FIXTURES}/${name}`);
  const split = raw.indexOf('\r\n\r\n');
  const [requestLine = '', ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]));
  return { requestLine, headers, body: raw.subarray(split + 4) };
}

/** A pino logger at trace level writing parsed JSON lines to `lines` (and their raw text to `raw`). */
export function captureLogs(): { logger: Logger; lines: Record<string, unknown>[]; raw: string[] } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, sink), lines, raw };
}
