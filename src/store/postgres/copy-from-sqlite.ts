import type { SqliteDatabase } from '../sqlite/open-database.js';
import type { PgDatabase } from './pg-database.js';

/**
 * The tables a SQLite store copies into Postgres, parents before children; `order` keeps
 * rows in insertion order, so Postgres' `seq` columns (SQLite's rowid) follow it. The demo
 * shop's tables stay in SQLite (each replica keeps the demo shop in a file of its own).
 */
const tables: ReadonlyArray<{ name: string; order: string; serial?: string }> = [
  { name: 'conversations', order: 'rowid' },
  { name: 'messages', order: 'id', serial: 'id' },
  { name: 'inbox', order: 'rowid' },
  { name: 'escalations', order: 'rowid' },
  { name: 'events', order: 'id', serial: 'id' },
  { name: 'deliveries', order: 'rowid' },
  { name: 'key_values', order: 'rowid' },
  { name: 'conversation_summaries', order: 'rowid' },
  { name: 'rate_limits', order: 'rowid' },
  { name: 'staff_accounts', order: 'rowid' },
  { name: 'audit_log', order: 'id', serial: 'id' },
  { name: 'staff_notes', order: 'id', serial: 'id' },
  { name: 'order_actions', order: 'rowid' },
  { name: 'kb_misses', order: 'id', serial: 'id' },
];

const batchSize = 500;

export interface CopyReport {
  table: string;
  rows: number;
}

/** Refuses a database that already holds conversations: a migration is into an empty store. */
export async function assertEmpty(pg: PgDatabase): Promise<void> {
  const rows = (await pg.one<{ n: number }>('SELECT (SELECT COUNT(*) FROM conversations) + (SELECT COUNT(*) FROM staff_accounts) AS n'))!.n;
  if (rows > 0) throw new Error('the Postgres database already holds conversations or staff accounts; migrate into an empty database');
}

/** Copies every row in one transaction: all or nothing. Locks are not copied (they belong to running processes). */
export async function copySqliteToPostgres(sqlite: SqliteDatabase, pg: PgDatabase, progress: (report: CopyReport) => void = () => undefined): Promise<CopyReport[]> {
  const reports: CopyReport[] = [];
  await pg.transaction(async (tx) => {
    for (const table of tables) {
      const columns = (sqlite.prepare(`PRAGMA table_info(${table.name})`).all() as Array<{ name: string }>).map((c) => c.name);
      const select = sqlite.prepare(`SELECT ${columns.join(', ')} FROM ${table.name} ORDER BY ${table.order}`);
      let batch: unknown[][] = [];
      let rows = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        const values: unknown[] = [];
        const tuples = batch.map((row) => `(${row.map((value) => (values.push(value), `$${values.length}`)).join(', ')})`);
        await tx.run(`INSERT INTO ${table.name} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
        rows += batch.length;
        batch = [];
      };
      for (const row of select.raw().iterate() as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length >= batchSize) await flush();
      }
      await flush();
      // New rows continue after the copied ids.
      if (table.serial)
        await tx.run(`SELECT setval(pg_get_serial_sequence('${table.name}', '${table.serial}'), GREATEST((SELECT MAX(${table.serial}) FROM ${table.name}), 1))`, []);
      const report = { table: table.name, rows };
      reports.push(report);
      progress(report);
    }
  });
  return reports;
}
