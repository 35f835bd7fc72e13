/**
 * The remediation tests' rig: the loopback Kubernetes API fake (controllers on, pods Ready fast),
 * the real Kubernetes adapter as reader/writer, an in-memory SQLite store and the executor with
 * every handler. Also builders for incidents and approvals.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createKubernetesAdapter, type KubernetesAdapter } from '../../src/adapters/kubernetes/index.js';
import { openSqliteStore } from '../../src/adapters/store/sqlite-store.js';
import type { ActionContext } from '../../src/core/remediation/action.js';
import { RemediationExecutor } from '../../src/core/remediation/executor.js';
import { createRemediationHandlers } from '../../src/core/remediation/handlers.js';
import type { Alarm } from '../../src/domain/alarm.js';
import type { Remediation } from '../../src/domain/diagnosis.js';
import { asApprovalId, asFingerprint, asIncidentId } from '../../src/domain/ids.js';
import type { Approval, Incident } from '../../src/domain/incident.js';
import type { RemediationPolicy } from '../../src/domain/policy.js';
import type { Clock } from '../../src/ports/clock.js';
import type { IssueTracker } from '../../src/ports/issues.js';
import type { KubernetesWriter } from '../../src/ports/kubernetes.js';
import type { IncidentStore } from '../../src/ports/store.js';
import { noTelemetry } from '../../src/ports/telemetry.js';
import { startKubeApiServer, type KubeApiServer, type RecordedRequest } from '../../src/sim/kube-api/index.js';

export const POLICY: RemediationPolicy = {
  allowedNamespaces: [],
  deniedNamespaces: ['kube-system'],
  maxReplicas: 10,
  maxResourceFactor: 4,
  maxRestartsPerHour: 3,
  twoApproverActions: ['scale-down'],
  approvalTtlMs: 3_600_000,
  autoApprove: [],
};

export interface Rig {
  readonly api: KubeApiServer;
  readonly kube: KubernetesAdapter;
  readonly store: IncidentStore;
  readonly executor: RemediationExecutor;
  readonly context: ActionContext;
  /** Requests that could change something (not GET), in order. */
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

export interface RigOptions {
  readonly policy?: Partial<RemediationPolicy>;
  readonly issueTracker?: IssueTracker;
  readonly verifyDeadlineMs?: number;
  readonly clock?: Clock;
  /** Wraps the adapter's writer (fault injection between the dry run and the real write). */
  readonly writer?: (writer: KubernetesWriter, api: KubeApiServer) => KubernetesWriter;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const api = await startKubeApiServer({ controllers: { readyDelayMs: 20 } });
  const kube = createKubernetesAdapter({ server: api.url, rateLimit: { qps: 1000, burst: 1000 } });
  const store = openSqliteStore({ path: ':memory:' });
  const context: ActionContext = {
    reader: kube.reader,
    writer: options.writer ? options.writer(kube.writer, api) : kube.writer,
    clock: options.clock ?? { now: () => Date.now() },
    sleep: (ms, signal) => sleep(ms, undefined, { signal }),
    verifyPollMs: 20,
  };
  const executor = new RemediationExecutor({
    handlers: createRemediationHandlers(options.issueTracker ? { issueTracker: options.issueTracker } : {}),
    context,
    store,
    policy: { ...POLICY, ...options.policy },
    telemetry: noTelemetry,
    verifyDeadlineMs: options.verifyDeadlineMs ?? 10_000,
  });
  return {
    api,
    kube,
    store,
    executor,
    context,
    writes: () => api.requests.filter((r) => r.method !== 'GET'),
    async close() {
      await store.close();
      await api.close();
    },
  };
}

/** A writer whose first real (not dry-run) write is answered by the fake with `status`. */
export function failingRealWrite(status = 500): (writer: KubernetesWriter, api: KubeApiServer) => KubernetesWriter {
  return (writer, api) => ({
    patch(ref, patch, type, options) {
      if (!options.dryRun) api.faults.failNext({ path: `/${ref.name}`, method: 'PATCH', status });
      return writer.patch(ref, patch, type, options);
    },
    delete: (ref, options) => writer.delete(ref, options),
    create: (object, options) => writer.create(object, options),
  });
}

const alarm: Alarm = {
  source: 'alertmanager',
  name: 'KubePodCrashLooping',
  kind: 'crash',
  severity: 'critical',
  state: 'firing',
  target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' },
  startsAt: '2026-01-10T10:00:00Z',
  labels: {},
  raw: {},
};

let sequence = 0;

/** Stores an incident (with a thread when given) and a pending approval of `remediation`. */
export async function offer(store: IncidentStore, remediation: Remediation, options: { now?: number; thread?: Incident['thread']; fingerprint?: string } = {}): Promise<Approval> {
  sequence += 1;
  const now = options.now ?? Date.now();
  const incident: Incident = {
    id: asIncidentId(`inc_test_${sequence}`),
    fingerprint: asFingerprint(options.fingerprint ?? `fp${sequence.toString(16).padStart(30, '0')}`),
    correlationKey: `shop/workload/checkout-${sequence}`,
    status: 'diagnosed',
    severity: 'critical',
    alarm,
    openedAt: now,
    lastSeenAt: now,
    alarmCount: 1,
    drill: false,
    ...(options.thread ? { thread: options.thread } : {}),
  };
  await store.createIncident(incident);
  const approval: Approval = { id: asApprovalId(`apr_test_${sequence}`), incidentId: incident.id, remediation, status: 'pending', createdAt: now, expiresAt: now + POLICY.approvalTtlMs, approvers: [] };
  await store.createApproval(approval);
  return approval;
}

export const deploymentTarget = (name = 'checkout', namespace = 'shop') => ({ namespace, kind: 'Deployment', name });

export async function auditEvents(store: IncidentStore, approval: Approval): Promise<string[]> {
  const rows = await store.audit({ incidentId: approval.incidentId, limit: 100 });
  return rows.reverse().map((r) => `${r.event}: ${r.outcome}`);
}
