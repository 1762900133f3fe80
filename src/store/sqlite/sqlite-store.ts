import { join } from 'node:path';
import { ClaimLostError } from '../../core/errors.js';
import type { Store, TurnRecord } from '../types.js';
import { SqlBacklogRepository } from '../sql/backlog-repository.js';
import { SqlConversationRepository } from '../sql/conversation-repository.js';
import { SqlDeliveryRepository } from '../sql/delivery-repository.js';
import { SqlInboxRepository } from '../sql/inbox-repository.js';
import { sqliteDialect } from '../sql/dialect.js';
import { SqlReportRepository } from '../sql/report-repository.js';
import { SqlAuditRepository, SqlStaffAccountRepository, SqlStaffNoteRepository } from '../sql/staff-repositories.js';
import { SqliteEscalationRepository } from './escalation-repository.js';
import { SqliteEventRepository } from './event-repository.js';
import { SqliteKbMissRepository } from './kb-miss-repository.js';
import { SqliteKeyValueRepository } from './key-value-repository.js';
import { SqliteLeaseLockService } from './lease-lock-service.js';
import { SqliteMessageRepository } from './message-repository.js';
import { SqliteOrderActionRepository } from './order-action-repository.js';
import { SqliteRateLimitRepository } from './rate-limit-repository.js';
import { sqliteQueries } from './sqlite-queries.js';
import { SqliteSummaryRepository } from './summary-repository.js';
import { SqliteCustomerDataRepository } from './customer-data-repository.js';
import { openDatabase, type SqliteDatabase } from './open-database.js';

export class SqliteStore implements Store {
  readonly inbox: SqlInboxRepository;
  readonly conversations: SqlConversationRepository;
  readonly messages: SqliteMessageRepository;
  readonly escalations: SqliteEscalationRepository;
  readonly events: SqliteEventRepository;
  readonly locks: SqliteLeaseLockService;
  readonly deliveries: SqlDeliveryRepository;
  readonly keyValues: SqliteKeyValueRepository;
  readonly summaries: SqliteSummaryRepository;
  readonly rateLimits: SqliteRateLimitRepository;
  readonly reports: SqlReportRepository;
  readonly backlog: SqlBacklogRepository;
  readonly staffAccounts: SqlStaffAccountRepository;
  readonly audit: SqlAuditRepository;
  readonly staffNotes: SqlStaffNoteRepository;
  readonly customerData: SqliteCustomerDataRepository;
  readonly orderActions: SqliteOrderActionRepository;
  readonly misses: SqliteKbMissRepository;

  constructor(
    readonly db: SqliteDatabase,
    options: { lockLeaseMs: number },
  ) {
    // The repositories written once for both stores share one statement cache.
    const queries = sqliteQueries(db);
    this.inbox = new SqlInboxRepository(queries);
    this.conversations = new SqlConversationRepository(queries, sqliteDialect);
    this.messages = new SqliteMessageRepository(db);
    this.escalations = new SqliteEscalationRepository(db);
    this.events = new SqliteEventRepository(db);
    this.locks = new SqliteLeaseLockService(db, options.lockLeaseMs);
    this.deliveries = new SqlDeliveryRepository(queries);
    this.keyValues = new SqliteKeyValueRepository(db);
    this.summaries = new SqliteSummaryRepository(db);
    this.rateLimits = new SqliteRateLimitRepository(db);
    this.reports = new SqlReportRepository(queries, sqliteDialect);
    this.backlog = new SqlBacklogRepository(queries);
    this.staffAccounts = new SqlStaffAccountRepository(queries, sqliteDialect);
    this.audit = new SqlAuditRepository(queries, sqliteDialect);
    this.staffNotes = new SqlStaffNoteRepository(queries);
    this.customerData = new SqliteCustomerDataRepository(db);
    this.orderActions = new SqliteOrderActionRepository(db);
    this.misses = new SqliteKbMissRepository(db);
  }

  static open(dataDir: string, options: { lockLeaseMs: number; checkIntegrity?: boolean }): SqliteStore {
    return new SqliteStore(openDatabase(join(dataDir, 'aftercare.sqlite'), { checkIntegrity: options.checkIntegrity }), options);
  }

  async commitTurn(turn: TurnRecord): Promise<void> {
    const { conversationId } = turn;
    this.db
      .transaction(() => {
        // The fence first: a turn whose claim was taken over writes nothing (the transaction rolls back).
        const fenced = this.db
          .prepare(
            `UPDATE inbox SET status = 'done', outcome = ?, last_error = NULL, lease_until = NULL, updated_at = ?
             WHERE channel = ? AND message_id = ? AND status = 'processing' AND attempts = ?`,
          )
          .run(JSON.stringify(turn.outcome), Date.now(), turn.inbound.channel, turn.inbound.messageId, turn.attempt);
        if (fenced.changes !== 1) throw new ClaimLostError(turn.inbound.channel, turn.inbound.messageId, turn.attempt);
        this.messages.appendSync({
          ...turn.inboundMessage,
          conversationId,
          direction: 'in',
          author: 'customer',
          channelMessageId: turn.inbound.messageId,
          createdAt: turn.inbound.timestamp,
        });
        if (turn.outboundMessage) {
          this.messages.appendSync({ ...turn.outboundMessage, conversationId, direction: 'out', author: 'bot' });
        }
        this.db
          .prepare(
            `UPDATE conversations SET language = ?, state = ?, reply_context = COALESCE(?, reply_context), updated_at = ?
             WHERE id = ?`,
          )
          .run(turn.conversationLanguage, turn.nextState, turn.inbound.replyContext ? JSON.stringify(turn.inbound.replyContext) : null, Date.now(), conversationId);
        if (turn.escalation) {
          this.escalations.openIfNoneSync(conversationId, turn.escalation.reasons, turn.escalation.evidence);
        }
        if (turn.summary) this.summaries.saveSync(conversationId, turn.summary);
        if (turn.miss) this.misses.recordSync(conversationId, turn.inbound.messageId, turn.miss);
        for (const event of turn.events) this.events.recordSync({ ...event, conversationId });
      })
      .immediate();
  }

  /**
   * Proves a turn could be written now: one committed write (so a read-only file, a full disk
   * or a lock held too long shows) and a read of the last page of each table a turn appends
   * to (where damage would make the turn's own write fail).
   */
  async checkWritable(): Promise<void> {
    // SQLite waits for a busy lock synchronously, holding up the event loop: the probe waits briefly.
    const busyTimeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 250');
    try {
      this.probeWrite();
    } finally {
      this.db.pragma(`busy_timeout = ${busyTimeout}`);
    }
  }

  private probeWrite(): void {
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `INSERT INTO key_values (key, value, expires_at, updated_at) VALUES ('readiness-probe', ?, NULL, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          )
          .run(String(process.pid), Date.now());
        for (const table of ['messages', 'conversations', 'inbox', 'events']) this.db.prepare(`SELECT max(rowid) FROM ${table}`).get();
      })
      .immediate();
  }

  async staffStateVersion(): Promise<string> {
    const row = this.db
      .prepare<[], { escalations: number | null; count: number; message: number | null; note: number | null }>(
        `SELECT (SELECT MAX(updated_at) FROM escalations) AS escalations, (SELECT COUNT(*) FROM escalations) AS count,
                (SELECT MAX(id) FROM messages) AS message, (SELECT MAX(id) FROM staff_notes) AS note`,
      )
      .get()!;
    return `${row.escalations ?? 0}:${row.count}:${row.message ?? 0}:${row.note ?? 0}`;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
