import { resolve, join } from 'node:path';
import type { Command } from 'commander';
import { SharedVersionMirror } from '../knowledge/index/shared-versions.js';
import { PgKnowledgeVersionStorage } from '../store/postgres/kb-version-storage.js';
import { assertEmpty, copySqliteToPostgres } from '../store/postgres/copy-from-sqlite.js';
import { PostgresStore } from '../store/postgres/postgres-store.js';
import { withoutPassword } from '../store/open-store.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { CliError, commandContext } from './context.js';

/**
 * `aftercare store migrate --to postgres://…`: copies the SQLite store of AFTERCARE_DATA_DIR
 * (conversations, inbox, escalations, staff accounts, …) and the live knowledge-base version
 * into an empty Postgres database. Stop every aftercare process on the data directory first.
 */
async function migrateStore(options: { to: string }): Promise<void> {
  const { config, logger } = commandContext('tool');
  if (!/^postgres(ql)?:\/\//.test(options.to)) throw new CliError('--to must be a postgres:// (or postgresql://) URL');
  const dataDir = resolve(config.AFTERCARE_DATA_DIR);
  const sqlite = SqliteStore.open(dataDir, { lockLeaseMs: config.TURN_LOCK_TIMEOUT_MS });
  let postgres: PostgresStore | null = null;
  try {
    postgres = await PostgresStore.open(options.to, { lockLeaseMs: config.TURN_LOCK_TIMEOUT_MS, poolSize: 2 }).catch((error: unknown) => {
      throw new CliError(`could not open ${withoutPassword(options.to)}: ${(error as Error).message}`);
    });
    await assertEmpty(postgres.db).catch((error: unknown) => {
      throw new CliError((error as Error).message);
    });
    process.stdout.write(`Copying ${join(dataDir, 'aftercare.sqlite')} into ${withoutPassword(options.to)}…\n`);
    const reports = await copySqliteToPostgres(sqlite.db, postgres.db, (report) => process.stdout.write(`  ${report.table}: ${report.rows} rows\n`));
    const mirror = new SharedVersionMirror(new PgKnowledgeVersionStorage(postgres.db), join(dataDir, 'knowledge'), logger);
    await mirror.pushIfMissing();
    const total = reports.reduce((sum, r) => sum + r.rows, 0);
    process.stdout.write(`Done: ${total} rows and the live knowledge-base version. Start aftercare with DATABASE_URL set to this database.\n`);
  } finally {
    await postgres?.close();
    await sqlite.close();
  }
}

export function registerStoreCommands(program: Command): void {
  const store = program.command('store').description('the database aftercare keeps its data in');
  store
    .command('migrate')
    .description('copy the SQLite store under AFTERCARE_DATA_DIR (and the live knowledge base) into an empty Postgres database')
    .requiredOption('--to <url>', 'the Postgres database, postgres://user:password@host:5432/db')
    .action((options: { to: string }) => migrateStore(options));
}
