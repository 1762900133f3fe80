import { join } from 'node:path';
import type { Store, TurnRecord } from '../types.js';
import { SqliteConversationRepository } from './conversation-repository.js';
import { SqliteDeliveryRepository } from './delivery-repository.js';
import { SqliteEscalationRepository } from './escalation-repository.js';
import { SqliteEventRepository } from './event-repository.js';
import { SqliteInboxRepository } from './inbox-repository.js';
import { SqliteKbMissRepository } from './kb-miss-repository.js';
import { SqliteKeyValueRepository } from './key-value-repository.js';
import { SqliteLeaseLockService } from './lease-lock-service.js';
import { SqliteMessageRepository } from './message-repository.js';
import { SqliteRateLimitRepository } from './rate-limit-repository.js';
import { SqliteReportRepository } from './report-repository.js';
import { SqliteSummaryRepository } from './summary-repository.js';
import { openDatabase, type SqliteDatabase } from './open-database.js';

export class SqliteStore implements Store {
  readonly inbox: SqliteInboxRepository;
  readonly conversations: SqliteConversationRepository;
  readonly messages: SqliteMessageRepository;
  readonly escalations: SqliteEscalationRepository;
  readonly events: SqliteEventRepository;
  readonly locks: SqliteLeaseLockService;
  readonly deliveries: SqliteDeliveryRepository;
  readonly keyValues: SqliteKeyValueRepository;
  readonly summaries: SqliteSummaryRepository;
  readonly rateLimits: SqliteRateLimitRepository;
  readonly reports: SqliteReportRepository;
  readonly misses: SqliteKbMissRepository;

  constructor(
    readonly db: SqliteDatabase,
    options: { lockLeaseMs: number },
  ) {
    this.inbox = new SqliteInboxRepository(db);
    this.conversations = new SqliteConversationRepository(db);
    this.messages = new SqliteMessageRepository(db);
    this.escalations = new SqliteEscalationRepository(db);
    this.events = new SqliteEventRepository(db);
    this.locks = new SqliteLeaseLockService(db, options.lockLeaseMs);
    this.deliveries = new SqliteDeliveryRepository(db);
    this.keyValues = new SqliteKeyValueRepository(db);
    this.summaries = new SqliteSummaryRepository(db);
    this.rateLimits = new SqliteRateLimitRepository(db);
    this.reports = new SqliteReportRepository(db);
    this.misses = new SqliteKbMissRepository(db);
  }

  static open(dataDir: string, options: { lockLeaseMs: number }): SqliteStore {
    return new SqliteStore(openDatabase(join(dataDir, 'aftercare.sqlite')), options);
  }

  async commitTurn(turn: TurnRecord): Promise<void> {
    const { conversationId } = turn;
    this.db
      .transaction(() => {
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
          .run(
            turn.conversationLanguage,
            turn.nextState,
            turn.inbound.replyContext ? JSON.stringify(turn.inbound.replyContext) : null,
            Date.now(),
            conversationId,
          );
        if (turn.escalation) {
          this.escalations.openIfNoneSync(conversationId, turn.escalation.reasons, turn.escalation.evidence);
        }
        if (turn.summary) this.summaries.saveSync(conversationId, turn.summary);
        if (turn.miss) this.misses.recordSync(conversationId, turn.inbound.messageId, turn.miss);
        for (const event of turn.events) this.events.recordSync({ ...event, conversationId });
        this.db
          .prepare(
            `UPDATE inbox SET status = 'done', outcome = ?, last_error = NULL, lease_until = NULL, updated_at = ?
             WHERE channel = ? AND message_id = ?`,
          )
          .run(JSON.stringify(turn.outcome), Date.now(), turn.inbound.channel, turn.inbound.messageId);
      })
      .immediate();
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
