/** Parameters by position (`?`) or by name (`@name`), as both stores' repositories write them. */
export type SqlParams = readonly unknown[] | Record<string, unknown>;

/**
 * What a repository written once for both stores needs: Postgres' pool or transaction client
 * answers it directly, SQLite through `sqliteQueries` (sqlite/sqlite-queries.ts).
 */
export interface SqlQueries {
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  one<T>(sql: string, params?: SqlParams): Promise<T | null>;
  /** Rows changed. */
  run(sql: string, params?: SqlParams): Promise<number>;
}
