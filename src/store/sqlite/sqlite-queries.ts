import type { Statement } from 'better-sqlite3';
import type { SqlParams, SqlQueries } from '../sql/queries.js';
import type { SqliteDatabase } from './open-database.js';

const bind = (params?: SqlParams): unknown[] => (params === undefined ? [] : Array.isArray(params) ? [...(params as readonly unknown[])] : [params]);

/** Enough for every constant statement of the shared repositories; the cache starts again when full. */
const cacheSize = 200;

/**
 * A SQLite database seen as `SqlQueries`; the statements still run synchronously underneath.
 * Prepared statements are kept, as the hand-written repositories kept theirs: some run for
 * every message.
 */
export function sqliteQueries(db: SqliteDatabase): SqlQueries {
  const statements = new Map<string, Statement<unknown[], unknown>>();
  const statement = <T>(sql: string) => {
    let found = statements.get(sql);
    if (!found) {
      if (statements.size >= cacheSize) statements.clear();
      found = db.prepare<unknown[], unknown>(sql);
      statements.set(sql, found);
    }
    return found as Statement<unknown[], T>;
  };
  return {
    async all<T>(sql: string, params?: SqlParams) {
      return statement<T>(sql).all(...bind(params));
    },
    async one<T>(sql: string, params?: SqlParams) {
      return statement<T>(sql).get(...bind(params)) ?? null;
    },
    async run(sql: string, params?: SqlParams) {
      return statement(sql).run(...bind(params)).changes;
    },
  };
}
