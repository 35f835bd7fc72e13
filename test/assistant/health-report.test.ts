/**
 * The daily health report: a cron schedule at 09:00 Europe/Berlin on a fake clock (fires at 08:00 UTC
 * in November, re-arms for the next day, leaves no timer at stop), its sections from the Kubernetes
 * fake and the store, and `triaged report --json`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubernetesAdapter } from '../../src/adapters/kubernetes/index.js';
import { openSqliteStore } from '../../src/adapters/store/sqlite-store.js';
import { runReportCommand } from '../../src/app/cli/report.js';
import { postDailyReport } from '../../src/core/assistant/health-report.js';
import { CronSchedule } from '../../src/core/assistant/schedule.js';
import type { DailyHealthReport } from '../../src/domain/health-report.js';
import { asApprovalId, asFingerprint, asIncidentId } from '../../src/domain/ids.js';
import type { Incident } from '../../src/domain/incident.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { IncidentStore } from '../../src/ports/store.js';
import { crashLoopingDeployment, seedDeployment, seedNode, seedPodMetrics, startKubeApiServer, type KubeApiServer } from '../../src/sim/kube-api/index.js';
import { FakeTime } from './fake-time.js';
import { RecordingNotifier } from './support.js';

const T = (iso: string): number => Date.parse(iso);
const START = T('2026-11-22T07:30:00Z');

let kube: KubeApiServer;
let dir: string;
let store: IncidentStore;

function incident(id: string, openedAt: number, status: Incident['status'], resolvedAt?: number): Incident {
  return {
    id: asIncidentId(id),
    fingerprint: asFingerprint(`fp-${id}`),
    correlationKey: null,
    status,
    severity: 'critical',
    alarm: { source: 'alertmanager', name: 'KubePodCrashLooping', kind: 'crash', severity: 'critical', state: 'firing', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' }, startsAt: new Date(openedAt).toISOString(), labels: {}, raw: {} },
    openedAt,
    lastSeenAt: openedAt,
    alarmCount: 1,
    drill: false,
    ...(resolvedAt !== undefined ? { resolvedAt } : {}),
  };
}

async function seedStore(): Promise<void> {
  const resolved = incident('inc_resolved', T('2026-11-22T02:10:00Z'), 'open');
  await store.createIncident(resolved);
  await store.saveFinding({ incidentId: resolved.id, playbook: 'pod-crash', createdAt: resolved.openedAt, timeline: [], diagnosis: { category: 'crash-loop', summary: 's', confidence: 0.9, target: {}, evidence: [], remediations: [], alternatives: [], missing: [] } });
  await store.createApproval({ id: asApprovalId('apr_1'), incidentId: resolved.id, remediation: { action: 'rollout-restart', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' }, rationale: 'r', risk: 'low' }, status: 'pending', createdAt: resolved.openedAt, expiresAt: resolved.openedAt + 3_600_000, approvers: [] });
  await store.transitionApproval(asApprovalId('apr_1'), ['pending'], 'succeeded', { decidedBy: 'U0APPROVER1', decidedAt: resolved.openedAt + 60_000, outcome: 'done' });
  await store.setStatus(resolved.id, 'resolved', T('2026-11-22T02:22:00Z'));
  await store.createIncident(incident('inc_open', T('2026-11-22T06:40:00Z'), 'diagnosed'));
  await store.createIncident(incident('inc_old', T('2026-11-20T06:40:00Z'), 'diagnosed'));
}

beforeEach(async () => {
  kube = await startKubeApiServer({ controllers: false });
  dir = mkdtempSync(join(tmpdir(), 'triaged-report-'));
  store = openSqliteStore({ path: join(dir, 'triaged.db') });
  const now = START;
  crashLoopingDeployment({ store: kube.store }, { namespace: 'shop', name: 'checkout', replicas: 2, now });
  const node = seedNode(kube.store, 'ip-10-0-9-9.eu-west-1.compute.internal', { now });
  const conditions = (node['status'] as { conditions: { type: string; status: string; reason: string }[] }).conditions.map((c) => (c.type === 'MemoryPressure' ? { ...c, status: 'True', reason: 'KubeletHasInsufficientMemory' } : c));
  kube.store.put({ ...node, status: { ...(node['status'] as object), conditions } });
  const api = seedDeployment(kube.store, { namespace: 'shop', name: 'api', replicas: 1, resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '256Mi' } }, now });
  seedPodMetrics(kube.store, api.pods[0]!, { app: { cpu: '120m', memory: '250Mi' } }, now);
  kube.store.put({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'batch-7f9c6d5b8a-q2w3e', namespace: 'jobs' },
    spec: { containers: [{ name: 'batch', image: 'batch:1', resources: { requests: { memory: '64Gi' } } }] },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory.' }] },
  });
  await seedStore();
});
afterEach(async () => {
  await store.close();
  await kube.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 500; i += 1) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
}

describe('the daily health report', () => {
  it('fires at 09:00 Europe/Berlin (08:00 UTC) on a fake clock, posts one message with every section, and re-arms for the next day', async () => {
    const time = new FakeTime(START);
    const notifier = new RecordingNotifier();
    const kubernetes = createKubernetesAdapter({ server: kube.url });
    const runs: { at: number; report?: DailyHealthReport }[] = [];
    const schedule = new CronSchedule({
      name: 'daily report',
      cron: '0 9 * * *',
      timeZone: 'Europe/Berlin',
      clock: time,
      timers: time,
      logger: silentLogger,
      run: async (at) => {
        const report = await postDailyReport({ kubernetes: kubernetes.reader, store, clock: time, cluster: 'shop-prod', notifier, logger: silentLogger, timeZone: 'Europe/Berlin' });
        runs.push({ at, ...(report ? { report } : {}) });
      },
    });
    schedule.start();
    expect(time.nextDue).toBe(T('2026-11-22T08:00:00Z'));
    await time.advance(29 * 60_000);
    expect(runs).toEqual([]);
    await time.advance(60_000);
    const [run] = await until(() => (runs.length > 0 ? runs : undefined));
    expect(run!.at).toBe(T('2026-11-22T08:00:00Z'));
    await until(() => (time.timers === 1 ? true : undefined));
    expect(time.nextDue).toBe(T('2026-11-23T08:00:00Z'));

    expect(notifier.notices).toHaveLength(1);
    const notice = notifier.notices[0]!;
    expect(notice.title).toBe('Daily health report — shop-prod');
    const section = (prefix: string): readonly string[] => notice.sections.find((s) => s.heading.startsWith(prefix))!.lines;
    expect(notice.sections.map((s) => s.heading)).toEqual(['Summary', 'Pods not Ready (2)', 'Pending pods (1)', 'Restart leaders', 'Nodes with pressure or not Ready (1)', 'Near their limits (1)', 'Incidents, last 24 h (2)']);
    expect(section('Pods not Ready')[0]).toMatch(/^• `shop\/checkout-[a-z0-9]+-[a-z0-9]{5}` — CrashLoopBackOff/);
    expect(section('Pending pods')).toEqual(['• `jobs/batch-7f9c6d5b8a-q2w3e` — Unschedulable: 0/3 nodes are available: 3 Insufficient memory.']);
    expect(section('Restart leaders')[0]).toMatch(/\[app\] — 5 restarts, last Error \(exit 1\)$/);
    expect(section('Nodes with pressure')).toEqual(['• `ip-10-0-9-9.eu-west-1.compute.internal` — MemoryPressure (KubeletHasInsufficientMemory)']);
    expect(section('Near their limits')[0]).toMatch(/^• `shop\/api-[a-z0-9]+-[a-z0-9]{5}` \[app\] memory 250Mi of 256Mi \(98%\)$/);
    expect(section('Incidents')).toEqual([
      '• 03:10 critical *KubePodCrashLooping* on `shop/Deployment/checkout` — crash-loop — resolved in 12 min; rollout-restart succeeded by U0APPROVER1',
      '• 07:40 critical *KubePodCrashLooping* on `shop/Deployment/checkout` — diagnosed',
    ]);
    expect(section('Summary')[0]).toContain('2 incidents in the last 24 h (1 resolved, median time to resolve 12 min)');
    expect(run!.report!.nearLimits[0]!.ratio).toBeCloseTo(0.977, 3);

    await schedule.stop();
    expect(time.timers).toBe(0);
  });

  it('prints the report as JSON from `triaged report --json`', async () => {
    const out: string[] = [];
    const env = { TRIAGED_STORE_PATH: join(dir, 'triaged.db'), TRIAGED_CLUSTER_NAME: 'shop-prod' };
    const code = await runReportCommand(['--json'], { stdout: (s) => out.push(s), stderr: (s) => out.push(s) }, { env, kubernetesServer: kube.url, clock: { now: () => T('2026-11-22T08:00:00Z') } });
    expect(code).toBe(0);
    const report = JSON.parse(out.join('')) as DailyHealthReport;
    expect(report.cluster).toBe('shop-prod');
    expect(report.health.pods.pending).toHaveLength(1);
    expect(report.incidents).toMatchObject({ total: 2, resolved: 1, open: 1, medianTimeToResolveMs: 12 * 60_000 });
  });

  it('refuses a bad cron pattern at construction', () => {
    expect(() => new CronSchedule({ name: 'x', cron: '61 9 * * *', clock: { now: () => 0 }, logger: silentLogger, run: async () => {} })).toThrow();
  });
});
