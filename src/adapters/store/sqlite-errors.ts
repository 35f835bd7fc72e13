/**
 * Turns SQLite failures a retry could cure (a lock held elsewhere, a full or failing disk, a file
 * that cannot be opened yet) into STORE_UNAVAILABLE naming the file; other errors pass unchanged.
 */
import Database from 'better-sqlite3';
import { TriagedError } from '../../domain/errors.js';

const UNAVAILABLE = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_CANTOPEN']);
/** Errors of the filesystem while creating the store's directory (EEXIST: a file is in the way). */
const UNAVAILABLE_FS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR', 'EEXIST', 'EIO']);

/** `SQLITE_IOERR_WRITE` → `SQLITE_IOERR`: extended codes share their primary code's prefix. */
function primaryCode(code: string): string {
  return code.split('_').slice(0, 2).join('_');
}

/** `doing` says what the store was asked, e.g. "saving a snapshot of incident inc-1". */
export function storeError(error: unknown, path: string, doing: string): unknown {
  if (error instanceof TriagedError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  const detail = error instanceof Error ? error.message : String(error);
  const isSqlite = error instanceof Database.SqliteError;
  if (isSqlite && code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new TriagedError('STORE_NOT_FOUND', `${doing} failed: the incident is not in store ${path}`, { cause: error, context: { path, code } });
  }
  if (!(isSqlite ? UNAVAILABLE.has(primaryCode(code)) : UNAVAILABLE_FS.has(code))) return error;
  return new TriagedError('STORE_UNAVAILABLE', `store ${path} is unavailable (${code}) while ${doing}: ${detail}`, {
    retryable: true,
    cause: error,
    context: { path, code },
  });
}
