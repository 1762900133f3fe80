import pg from 'pg';
import type { SqlParams, SqlQueries } from '../sql/queries.js';

export type { SqlParams };

/** Something that runs queries: the pool, or one client inside a transaction. */
export type PgQueryable = SqlQueries;

const translations = new Map<string, { text: string; names: string[] | null; statement: string }>();

/**
 * Rewrites `?` and `@name` placeholders to Postgres' `$n`, outside quoted strings, so the
 * statements read like their SQLite twins. Cached: the statement texts are a fixed set.
 */
export function translate(sql: string, named: boolean): { text: string; names: string[] | null; statement: string } {
  const cacheKey = `${named ? 'n' : 'p'}:${sql}`;
  const cached = translations.get(cacheKey);
  if (cached) return cached;
  const names: string[] = [];
  let position = 0;
  let out = '';
  let quoted = false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'") quoted = !quoted;
    if (!quoted && !named && c === '?') {
      out += `$${++position}`;
      continue;
    }
    if (!quoted && named && c === '@') {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))?.[0];
      if (name) {
        let index = names.indexOf(name);
        if (index < 0) index = names.push(name) - 1;
        out += `$${index + 1}`;
        i += name.length;
        continue;
      }
    }
    out += c;
  }
  // A named statement is parsed and planned once per connection, not on every turn.
  const result = { text: out, names: named ? names : null, statement: `aftercare_${translations.size + 1}` };
  translations.set(cacheKey, result);
  return result;
}

function valuesOf(params: SqlParams | undefined, names: string[] | null): unknown[] {
  if (!params) return [];
  if (Array.isArray(params)) return params as unknown[];
  const record = params as Record<string, unknown>;
  return (names ?? []).map((name) => {
    if (!(name in record)) throw new Error(`missing SQL parameter @${name}`);
    return record[name];
  });
}

type Runner = Pick<pg.Pool | pg.PoolClient, 'query'>;

class Queries implements PgQueryable {
  constructor(private readonly runner: Runner) {}

  private async query<T>(sql: string, params?: SqlParams): Promise<pg.QueryResult<T & pg.QueryResultRow>> {
    // Statements without parameters (migrations, several statements at once) cannot be prepared.
    if (params === undefined) return this.runner.query<T & pg.QueryResultRow>(sql);
    const { text, names, statement } = translate(sql, !Array.isArray(params));
    return this.runner.query<T & pg.QueryResultRow>({ name: statement, text, values: valuesOf(params, names) });
  }

  async all<T>(sql: string, params?: SqlParams): Promise<T[]> {
    return (await this.query<T>(sql, params)).rows;
  }

  async one<T>(sql: string, params?: SqlParams): Promise<T | null> {
    return (await this.query<T>(sql, params)).rows[0] ?? null;
  }

  async run(sql: string, params?: SqlParams): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }
}

// BIGINT (times in ms, ids, counts) and NUMERIC (averages) arrive as strings by default; every
// value the store keeps fits a double, as it does in SQLite.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** A connection pool with the SQLite repositories' query shapes, and transactions. */
export class PgDatabase extends Queries {
  readonly pool: pg.Pool;

  constructor(
    readonly url: string,
    options: { max?: number } = {},
  ) {
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
    super(pool);
    this.pool = pool;
    // An idle client losing its connection (a database restart) must not crash the process.
    pool.on('error', () => undefined);
  }

  /** Runs `work` in one transaction on one client; rolls back when it throws. */
  async transaction<T>(work: (tx: PgQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(new Queries(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private closing: Promise<void> | null = null;

  /** Idempotent, as closing the SQLite store is. */
  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }
}
