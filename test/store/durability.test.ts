/** The store on a real file: survives a restart, migrates once, and two connections act once. */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asApprovalId, asIncidentId } from '../../src/domain/ids.js';
import { SCHEMA_VERSION } from '../../src/adapters/store/schema.js';
import { openSqliteStore } from '../../src/adapters/store/sqlite-store.js';
import { approval, finding, incident, snapshot, tempDir } from './fixtures.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.remove());

describe('on a file', () => {
  it('creates the parent directory and uses WAL with synchronous FULL and foreign keys', async () => {
    const path = join(temp.dir, 'nested', 'deeper', 'triaged.db');
    const store = openSqliteStore({ path });
    await store.createIncident(incident({ id: 'inc-1' }));
    expect(existsSync(path)).toBe(true);
    const peek = new Database(path, { readonly: true });
    try {
      expect(peek.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(peek.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    } finally {
      peek.close();
    }
    await store.close();
  });

  it('survives close and reopen with incidents, snapshots, findings, approvals, audit and rejections', async () => {
    const path = temp.file();
    const before = openSqliteStore({ path });
    const inc = incident({ id: 'inc-1', thread: { channel: 'C1', ts: '1.2' } });
    const ap = approval({ id: 'ap-1', incidentId: 'inc-1' });
    const audit = { at: 9, actor: 'U1', event: 'approve', incidentId: asIncidentId('inc-1'), approvalId: asApprovalId('ap-1'), outcome: 'approved' };
    await before.createIncident(inc);
    await before.saveSnapshot(inc.id, snapshot('2025-03-01T10:00:00Z', 1_000));
    await before.saveFinding(finding('inc-1', 5));
    await before.createApproval(ap);
    await before.appendAudit(audit);
    await before.recordRejected({ source: 'alertmanager', reason: 'bad', body: '{' }, 7);
    await before.close();

    const after = openSqliteStore({ path });
    expect(await after.getIncident(inc.id)).toStrictEqual(inc);
    expect(await after.findOpenByFingerprint(inc.fingerprint)).toStrictEqual(inc);
    expect(await after.latestSnapshot(inc.id)).toStrictEqual(snapshot('2025-03-01T10:00:00Z', 1_000));
    expect(await after.latestFinding(inc.id)).toStrictEqual(finding('inc-1', 5));
    expect(await after.approvalsOf(inc.id)).toStrictEqual([ap]);
    expect(await after.audit({ limit: 10 })).toStrictEqual([audit]);
    expect(await after.rejected({ limit: 10 })).toHaveLength(1);
    await after.close();
  });

  it('keeps a write once createIncident resolved, even when the process is killed right after', async () => {
    const path = temp.file();
    const storeModule = pathToFileURL(join(import.meta.dirname, '../../src/adapters/store/sqlite-store.ts')).href;
    const fixtures = pathToFileURL(join(import.meta.dirname, 'fixtures.ts')).href;
    const script = `
      const { openSqliteStore } = await import(${JSON.stringify(storeModule)});
      const { incident } = await import(${JSON.stringify(fixtures)});
      const store = openSqliteStore({ path: ${JSON.stringify(path)} });
      await store.createIncident(incident({ id: 'inc-killed' }));
      process.kill(process.pid, 'SIGKILL');`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.signal, child.stderr).toBe('SIGKILL');

    const store = openSqliteStore({ path });
    expect(await store.getIncident(asIncidentId('inc-killed'))).toStrictEqual(incident({ id: 'inc-killed' }));
    await store.close();
  });

  it('migrations are idempotent on reopen', async () => {
    const path = temp.file();
    for (let n = 0; n < 3; n++) {
      const store = openSqliteStore({ path });
      await store.createIncident(incident({ id: `inc-${n}` }));
      await store.close();
    }
    const store = openSqliteStore({ path });
    expect(await store.listIncidents({ limit: 10 })).toHaveLength(3);
    await store.close();
  });

  it('refuses a store written by a newer schema', () => {
    const path = temp.file();
    openSqliteStore({ path }).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openSqliteStore({ path })).toThrow(expect.objectContaining({ code: 'STORE_UNAVAILABLE', retryable: false, message: expect.stringContaining(path) }));
  });

  it('the audit log is append-only', async () => {
    const path = temp.file();
    const store = openSqliteStore({ path });
    await store.appendAudit({ at: 1, actor: 'U1', event: 'approve', outcome: 'ok' });
    await store.close();
    const raw = new Database(path);
    try {
      expect(() => raw.prepare("UPDATE audit SET outcome = 'forged'").run()).toThrow(/append-only/);
      expect(() => raw.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    } finally {
      raw.close();
    }
  });

  it('two stores on one file (two replicas) act once on an approval', async () => {
    const path = temp.file();
    const a = openSqliteStore({ path });
    const b = openSqliteStore({ path });
    await a.createIncident(incident({ id: 'inc-1' }));
    await a.createApproval(approval({ id: 'ap-1', incidentId: 'inc-1' }));
    const fromA = await a.transitionApproval(asApprovalId('ap-1'), ['pending'], 'executing', { decidedBy: 'U1' });
    const fromB = await b.transitionApproval(asApprovalId('ap-1'), ['pending'], 'executing', { decidedBy: 'U2' });
    expect(fromA?.decidedBy).toBe('U1');
    expect(fromB).toBeUndefined();
    await a.close();
    await b.close();
  });
});
