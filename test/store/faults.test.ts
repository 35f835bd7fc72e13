/** Store faults: a locked file, a read-only or missing place, a full disk and a corrupt row. */
import Database from 'better-sqlite3';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asIncidentId } from '../../src/domain/ids.js';
import { SqliteIncidentStore, openSqliteStore } from '../../src/adapters/store/sqlite-store.js';
import { incident, snapshot, tempDir } from './fixtures.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => {
  chmodSync(temp.dir, 0o700);
  temp.remove();
});

const unavailable = (path: string, sqliteCode: string) =>
  expect.objectContaining({ name: 'TriagedError', code: 'STORE_UNAVAILABLE', retryable: true, message: expect.stringMatching(new RegExp(`${path}.*${sqliteCode}`)) });

function settle(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => undefined, (error: unknown) => error);
}

describe('store faults', () => {
  it('a file locked by another connection holding an exclusive transaction → STORE_UNAVAILABLE (SQLITE_BUSY)', async () => {
    const path = temp.file();
    const store = openSqliteStore({ path, busyTimeoutMs: 20 });
    const holder = new Database(path);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const error = await settle(store.createIncident(incident({ id: 'inc-1' })));
      expect(error).toEqual(unavailable(path, 'SQLITE_BUSY'));
      expect((error as Error).cause).toBeInstanceOf(Database.SqliteError);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    // Once the lock is gone the same call succeeds: that is what `retryable` promises.
    await store.createIncident(incident({ id: 'inc-1' }));
    await store.close();
  });

  it('a directory that is not writable → STORE_UNAVAILABLE naming the file', (context) => {
    if (process.getuid?.() === 0) context.skip(); // root ignores directory permissions
    chmodSync(temp.dir, 0o500);
    expect(() => openSqliteStore({ path: temp.file() })).toThrow(unavailable(temp.file(), 'SQLITE_CANTOPEN'));
    expect(() => openSqliteStore({ path: join(temp.dir, 'sub', 'triaged.db') })).toThrow(unavailable(join(temp.dir, 'sub', 'triaged.db'), 'EACCES'));
  });

  it('a path that is a directory → STORE_UNAVAILABLE (SQLITE_CANTOPEN)', () => {
    expect(() => openSqliteStore({ path: temp.dir })).toThrow(unavailable(temp.dir, 'SQLITE_CANTOPEN'));
  });

  it('a parent that is a file → STORE_UNAVAILABLE (EEXIST)', () => {
    const blocker = temp.file('not-a-dir');
    writeFileSync(blocker, '');
    const path = join(blocker, 'triaged.db');
    expect(() => openSqliteStore({ path })).toThrow(unavailable(path, 'EEXIST'));
  });

  it('a read-only connection → STORE_UNAVAILABLE (SQLITE_READONLY) on write', async () => {
    const path = temp.file();
    await openSqliteStore({ path }).close();
    const store = new SqliteIncidentStore(new Database(path, { readonly: true }), path);
    expect(await settle(store.createIncident(incident({ id: 'inc-1' })))).toEqual(unavailable(path, 'SQLITE_READONLY'));
    await store.close();
  });

  it('a full disk (max_page_count reached) → STORE_UNAVAILABLE (SQLITE_FULL), and the store keeps working', async () => {
    const path = temp.file();
    await openSqliteStore({ path }).close();
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 2}`);
    const store = new SqliteIncidentStore(db, path);
    await store.createIncident(incident({ id: 'inc-1' }));
    const error = await settle(store.saveSnapshot(asIncidentId('inc-1'), snapshot('2025-03-01T10:00:00Z', 200_000)));
    expect(error).toEqual(unavailable(path, 'SQLITE_FULL'));
    expect(await store.latestSnapshot(asIncidentId('inc-1'))).toBeUndefined();
    expect(await store.getIncident(asIncidentId('inc-1'))).toBeDefined();
    await store.close();
  });

  it('a corrupt JSON column rejects that call with STORE_CORRUPT naming table and id; other rows still read', async () => {
    const path = temp.file();
    const store = openSqliteStore({ path });
    await store.createIncident(incident({ id: 'good' }));
    await store.createIncident(incident({ id: 'bad' }));
    const raw = new Database(path);
    raw.prepare("UPDATE incidents SET alarm = '{truncated' WHERE id = 'bad'").run();
    raw.close();
    const error = await settle(store.getIncident(asIncidentId('bad')));
    expect(error).toEqual(expect.objectContaining({ code: 'STORE_CORRUPT', retryable: false, message: expect.stringMatching(/incidents row bad.*alarm/) }));
    await expect(store.listIncidents({ limit: 10 })).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(await store.getIncident(asIncidentId('good'))).toBeDefined();
    await store.close();
  });
});
