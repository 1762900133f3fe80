import type { SqlParams, SqlQueries } from '../sql/queries.js';
import type { SqliteDatabase } from './open-database.js';

const bind = (params?: SqlParams): unknown[] => (params === undefined ? [] : Array.isArray(params) ? [...(params as readonly unknown[])] : [params]);

/** A SQLite database seen as `SqlQueries`; the statements still run synchronously underneath. */
export function sqliteQueries(db: SqliteDatabase): SqlQueries {
  return {
    async all<T>(sql: string, params?: SqlParams) {
      return db.prepare<unknown[], T>(sql).all(...bind(params));
    },
    async one<T>(sql: string, params?: SqlParams) {
      return db.prepare<unknown[], T>(sql).get(...bind(params)) ?? null;
    },
    async run(sql: string, params?: SqlParams) {
      return db.prepare(sql).run(...bind(params)).changes;
    },
  };
}
