/** Seeded stores, spies and fakes for the MCP tests: what the tools read, and proof they only read. */
import { openSqliteStore } from '../../src/adapters/store/sqlite-store.js';
import type { McpDeps } from '../../src/app/mcp/deps.js';
import type { MetricSeries } from '../../src/domain/snapshot.js';
import type { MetricsSource } from '../../src/ports/evidence.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { IncidentStore } from '../../src/ports/store.js';
import { alarm, approval, finding, incident } from '../store/fixtures.js';

export const NOW = Date.UTC(2026, 10, 22, 10, 0, 0);
export const SLACK_TOKEN = 'xoxb-123456789012-abcdefghijklmnop';
export const DB_PASSWORD = 'hunter2-very-secret';

/** Three incidents; the first carries secrets in its alarm (raw payload, description, labels). */
export async function seededStore(extra = 0, path = ':memory:'): Promise<IncidentStore> {
  const store = openSqliteStore({ path });
  const secretAlarm = {
    ...alarm,
    description: `db login failed: password=${DB_PASSWORD}`,
    labels: { team: 'payments', token: `token=${SLACK_TOKEN}` },
    raw: { headers: { authorization: `Bearer ${SLACK_TOKEN}` } },
  };
  await store.createIncident(incident({ id: 'inc-1', alarm: secretAlarm, openedAt: NOW - 3_600_000, lastSeenAt: NOW - 60_000 }));
  await store.createIncident(incident({ id: 'inc-2', fingerprint: 'fp-2' as never, status: 'resolved', severity: 'warning', openedAt: NOW - 7_200_000, lastSeenAt: NOW - 7_000_000 }));
  await store.createIncident(
    incident({ id: 'inc-3', fingerprint: 'fp-3' as never, drill: true, alarm: { ...alarm, target: { namespace: 'triaged-chaos-crash-loop', kind: 'Deployment', name: 'order-worker' } }, openedAt: NOW - 600_000, lastSeenAt: NOW - 600_000 }),
  );
  for (let i = 0; i < extra; i += 1) {
    await store.createIncident(incident({ id: `bulk-${i}`, fingerprint: `fp-bulk-${i}` as never, openedAt: NOW - 10_000_000 - i, lastSeenAt: NOW - 10_000_000 - i }));
  }
  await store.saveFinding(finding('inc-1', NOW - 3_500_000, `checkout OOMKilled; log says password=${DB_PASSWORD}`));
  await store.createApproval(approval({ id: 'apr-1', incidentId: 'inc-1' }));
  return store;
}

const READS = new Set(['listIncidents', 'getIncident', 'latestFinding', 'approvalsOf']);

/** Records every store method called; `writes` lists any that is not a read. */
export function spyOn(store: IncidentStore): { store: IncidentStore; calls: string[]; writes: () => string[] } {
  const calls: string[] = [];
  const spy = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: spy, calls, writes: () => calls.filter((c) => !READS.has(c)) };
}

/** A MetricsSource that answers one series per query and remembers the PromQL. */
export function fakeMetrics(seriesCount = 1): MetricsSource & { queries: string[] } {
  const queries: string[] = [];
  const series = (promql: string, points: [number, number][]): MetricSeries[] =>
    Array.from({ length: seriesCount }, (_, i) => ({ source: 'prometheus', name: 'result', query: promql, labels: { namespace: 'shop', pod: `checkout-${i}` }, points }));
  return {
    name: 'prometheus',
    queries,
    async query(promql, at) {
      queries.push(promql);
      return series(promql, [[at, 0.42]]);
    },
    async queryRange(promql, range, step) {
      queries.push(promql);
      const points: [number, number][] = [];
      for (let t = range.start; t <= range.end; t += step) points.push([t, (t - range.start) / 1000]);
      return series(promql, points);
    },
  };
}

export function baseDeps(store: IncidentStore, overrides: Partial<McpDeps> = {}): McpDeps {
  return { incidents: store, clock: { now: () => NOW }, logger: silentLogger, ...overrides };
}
