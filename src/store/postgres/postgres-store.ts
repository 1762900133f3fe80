import type { Store, TurnRecord } from '../types.js';
import { SqlBacklogRepository } from '../sql/backlog-repository.js';
import { PgConversationRepository } from './conversation-repository.js';
import { SqlDeliveryRepository } from '../sql/delivery-repository.js';
import { SqlInboxRepository } from '../sql/inbox-repository.js';
import { postgresDialect } from '../sql/dialect.js';
import { SqlReportRepository } from '../sql/report-repository.js';
import { SqlAuditRepository, SqlStaffAccountRepository, SqlStaffNoteRepository } from '../sql/staff-repositories.js';
import { commitTurnStatement } from './commit-turn.js';
import { PgCustomerDataRepository } from './customer-data-repository.js';
import { PgEscalationRepository } from './escalation-repository.js';
import { PgKbMissRepository } from './kb-miss-repository.js';
import { PgLeaseLockService } from './lease-lock-service.js';
import { PgMessageNotifications } from './message-notifications.js';
import { PgMessageRepository } from './message-repository.js';
import { migratePostgres } from './migrations.js';
import { PgOrderActionRepository } from './order-action-repository.js';
import { PgDatabase } from './pg-database.js';
import { PgKeyValueRepository, PgRateLimitRepository, PgEventRepository, PgSummaryRepository } from './small-repositories.js';

/** The store on a Postgres database every replica shares (DATABASE_URL=postgres://…). */
export class PostgresStore implements Store {
  readonly inbox: SqlInboxRepository;
  readonly conversations: PgConversationRepository;
  readonly messages: PgMessageRepository;
  readonly escalations: PgEscalationRepository;
  readonly events: PgEventRepository;
  readonly locks: PgLeaseLockService;
  readonly deliveries: SqlDeliveryRepository;
  readonly keyValues: PgKeyValueRepository;
  readonly summaries: PgSummaryRepository;
  readonly rateLimits: PgRateLimitRepository;
  readonly reports: SqlReportRepository;
  readonly backlog: SqlBacklogRepository;
  readonly staffAccounts: SqlStaffAccountRepository;
  readonly audit: SqlAuditRepository;
  readonly staffNotes: SqlStaffNoteRepository;
  readonly customerData: PgCustomerDataRepository;
  readonly orderActions: PgOrderActionRepository;
  readonly misses: PgKbMissRepository;
  readonly messageNotifications: PgMessageNotifications;

  private constructor(
    readonly db: PgDatabase,
    options: { lockLeaseMs: number },
  ) {
    this.inbox = new SqlInboxRepository(db);
    this.conversations = new PgConversationRepository(db);
    this.messages = new PgMessageRepository(db);
    this.escalations = new PgEscalationRepository(db);
    this.events = new PgEventRepository(db);
    this.locks = new PgLeaseLockService(db, options.lockLeaseMs);
    this.deliveries = new SqlDeliveryRepository(db);
    this.keyValues = new PgKeyValueRepository(db);
    this.summaries = new PgSummaryRepository(db);
    this.rateLimits = new PgRateLimitRepository(db);
    this.reports = new SqlReportRepository(db, postgresDialect);
    this.backlog = new SqlBacklogRepository(db);
    this.staffAccounts = new SqlStaffAccountRepository(db, postgresDialect);
    this.audit = new SqlAuditRepository(db, postgresDialect);
    this.staffNotes = new SqlStaffNoteRepository(db);
    this.customerData = new PgCustomerDataRepository(db);
    this.orderActions = new PgOrderActionRepository(db);
    this.misses = new PgKbMissRepository(db);
    this.messageNotifications = new PgMessageNotifications(db.url);
  }

  /** Connects, migrates (one replica at a time) and returns the store; the URL's password never reaches an error message. */
  static async open(url: string, options: { lockLeaseMs: number; poolSize?: number }): Promise<PostgresStore> {
    const db = new PgDatabase(url, { max: options.poolSize });
    try {
      await migratePostgres(db);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
    return new PostgresStore(db, options);
  }

  commitTurn(turn: TurnRecord): Promise<void> {
    return commitTurnStatement(this.db, turn);
  }

  /** One committed write and a read of each table a turn appends to, as the SQLite probe does. */
  async checkWritable(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(`SET LOCAL statement_timeout = 2000`);
      await tx.run(
        `INSERT INTO key_values (key, value, expires_at, updated_at) VALUES ('readiness-probe', ?, NULL, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [String(process.pid), Date.now()],
      );
      for (const table of ['messages', 'events']) await tx.run(`SELECT max(id) FROM ${table}`);
      for (const table of ['conversations', 'inbox']) await tx.run(`SELECT 1 FROM ${table} LIMIT 1`);
    });
  }

  async staffStateVersion(): Promise<string> {
    const row = (await this.db.one<{ escalations: number | null; count: number; message: number | null; note: number | null }>(
      `SELECT (SELECT MAX(updated_at) FROM escalations) AS escalations, (SELECT COUNT(*) FROM escalations) AS count,
              (SELECT MAX(id) FROM messages) AS message, (SELECT MAX(id) FROM staff_notes) AS note`,
    ))!;
    return `${row.escalations ?? 0}:${row.count}:${row.message ?? 0}:${row.note ?? 0}`;
  }

  async close(): Promise<void> {
    this.messageNotifications.close();
    await this.db.close();
  }
}
