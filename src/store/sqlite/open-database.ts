import Database from 'better-sqlite3';
import { linkSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseFileError } from '../errors.js';
import { migrate } from './migrations.js';

export type SqliteDatabase = Database.Database;

/** SQLite's answers for a file that is not a database or is damaged. */
const damaged = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB', 'SQLITE_IOERR_SHORT_READ']);

export const isDamagedDatabaseError = (error: unknown): boolean => error instanceof Database.SqliteError && (damaged.has(error.code) || error.code.startsWith('SQLITE_CORRUPT'));

/**
 * Opens (creating when absent) and migrates the database. An existing file that is empty or
 * fails SQLite's integrity check stops start-up with a DatabaseFileError: SQLite itself would
 * quietly treat a 0-byte file as a new, empty database.
 */
export function openDatabase(file: string, options: { checkIntegrity?: boolean } = {}): SqliteDatabase {
  mkdirSync(dirname(file), { recursive: true });
  const size = (() => {
    try {
      return statSync(file).size;
    } catch {
      return null;
    }
  })();
  if (size === 0) throw new DatabaseFileError(file, 'is empty (0 bytes), so it holds none of the data it should');
  if (size === null) createInPlace(file);
  let db: SqliteDatabase | null = null;
  try {
    db = new Database(file);
    // WAL lets readers (admin pages, a second process) run while a turn commits.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Several processes may share the file; wait for a writer instead of failing at once.
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (size !== null && options.checkIntegrity !== false) {
      const problems = (db.pragma('quick_check(5)') as Array<{ quick_check: string }>).map((row) => row.quick_check).filter((text) => text !== 'ok');
      if (problems.length > 0) throw new DatabaseFileError(file, `is damaged (SQLite's integrity check: ${problems.join('; ')})`);
    }
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    if (isDamagedDatabaseError(error)) throw new DatabaseFileError(file, `is not a usable SQLite database (${(error as Error).message})`);
    throw error;
  }
}

/**
 * SQLite creates a new database as a 0-byte file and writes its first page later, so a second
 * process starting at the same moment would find an empty file and refuse it as damaged. The new
 * database is made complete under a name of its own and linked into place only if no other
 * process got there first (link, unlike rename, never replaces an existing file).
 */
function createInPlace(file: string): void {
  const draft = `${file}.${process.pid}.${Date.now()}.new`;
  try {
    const db = new Database(draft);
    try {
      migrate(db);
    } finally {
      db.close();
    }
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  } finally {
    rmSync(draft, { force: true });
    rmSync(`${draft}-journal`, { force: true });
  }
}
