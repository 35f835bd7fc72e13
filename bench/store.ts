/**
 * Micro-benchmark of the SQLite store on a temp file (synchronous = FULL, so each insert is one
 * fsync): 10,000 createIncident, then 10,000 findOpenByFingerprint. Called by `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqliteStore } from '../src/adapters/store/sqlite-store.js';
import { asFingerprint, asIncidentId } from '../src/domain/ids.js';
import type { Incident } from '../src/domain/incident.js';

const COUNT = 10_000;

function benchIncident(n: number): Incident {
  return {
    id: asIncidentId(`bench-${n}`),
    fingerprint: asFingerprint(`fingerprint-${n}`),
    correlationKey: `bench/workload/app-${n % 100}`,
    status: 'open',
    severity: 'warning',
    alarm: {
      source: 'alertmanager',
      name: 'KubePodCrashLooping',
      kind: 'crash',
      severity: 'warning',
      state: 'firing',
      target: { namespace: 'bench', kind: 'Pod', name: `app-${n}` },
      startsAt: '2025-01-01T00:00:00Z',
      labels: { team: 'bench' },
      raw: {},
    },
    openedAt: n,
    lastSeenAt: n,
    alarmCount: 1,
    drill: false,
  };
}

export async function benchStore(): Promise<{ insertsPerSecond: number; lookupsPerSecond: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'triaged-bench-store-'));
  const store = openSqliteStore({ path: join(dir, 'bench.db') });
  try {
    const incidents = Array.from({ length: COUNT }, (_, n) => benchIncident(n));
    const insertStart = performance.now();
    for (const incident of incidents) await store.createIncident(incident);
    const insertMs = performance.now() - insertStart;

    const lookupStart = performance.now();
    for (const incident of incidents) {
      if (!(await store.findOpenByFingerprint(incident.fingerprint))) throw new Error(`bench: incident ${incident.id} not found`);
    }
    const lookupMs = performance.now() - lookupStart;
    return { insertsPerSecond: Math.round((COUNT * 1000) / insertMs), lookupsPerSecond: Math.round((COUNT * 1000) / lookupMs) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
