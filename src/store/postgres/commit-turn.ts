import { randomUUID } from 'node:crypto';
import type { NewMessage, TurnRecord } from '../types.js';
import { messageParameters } from '../sql/message-statements.js';
import { ClaimLostError } from '../../core/errors.js';
import type { PgDatabase } from './pg-database.js';

const messageColumns = [
  'conversationId',
  'direction',
  'author',
  'text',
  'channelMessageId',
  'language',
  'sentimentLabel',
  'sentimentScore',
  'sentimentPolarity',
  'sentimentModel',
  'intent',
  'meta',
  'createdAt',
] as const;

/**
 * A finished turn as one statement (data-modifying CTEs) instead of one per row. The customer's
 * message and the reply are one multi-row insert, so the reply's id follows the message's. The
 * same rows as the SQLite transaction writes; a second copy of the customer's message is
 * skipped by its unique index. Fenced on the turn's inbox claim: the inbox update re-checks a
 * row another replica changed meanwhile, and a turn whose claim was taken over writes nothing.
 */
export async function commitTurnStatement(db: PgDatabase, turn: TurnRecord): Promise<void> {
  const { conversationId } = turn;
  const now = Date.now();
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const messages: NewMessage[] = [
    { ...turn.inboundMessage, conversationId, direction: 'in', author: 'customer', channelMessageId: turn.inbound.messageId, createdAt: turn.inbound.timestamp },
  ];
  if (turn.outboundMessage) messages.push({ ...turn.outboundMessage, conversationId, direction: 'out', author: 'bot' });
  const rows = messages.map((message) => {
    const values = messageParameters(message);
    return `(${messageColumns.map((column) => p(values[column])).join(', ')})`;
  });
  const parts = [
    `new_messages AS (INSERT INTO messages (conversation_id, direction, author, text, channel_message_id, language,
       sentiment_label, sentiment_score, sentiment_polarity, sentiment_model, intent, meta, created_at)
     VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING RETURNING id)`,
    `conversation AS (UPDATE conversations SET language = ${p(turn.conversationLanguage)}, state = ${p(turn.nextState)},
       reply_context = COALESCE(${p(turn.inbound.replyContext ? JSON.stringify(turn.inbound.replyContext) : null)}::text, reply_context), updated_at = ${p(now)}
     WHERE id = ${p(conversationId)} RETURNING id)`,
  ];
  if (turn.escalation) {
    parts.push(`escalation AS (INSERT INTO escalations (id, conversation_id, reasons, evidence, status, created_at, updated_at)
       VALUES (${p(randomUUID())}, ${p(conversationId)}, ${p(JSON.stringify(turn.escalation.reasons))}, ${p(JSON.stringify(turn.escalation.evidence))}, 'open', ${p(now)}, ${p(now)})
       ON CONFLICT DO NOTHING RETURNING id)`);
  }
  if (turn.summary) {
    parts.push(`summary AS (INSERT INTO conversation_summaries AS s (conversation_id, text, through_message_id, updated_at)
       VALUES (${p(conversationId)}, ${p(turn.summary.text)}, ${p(turn.summary.throughMessageId)}, ${p(now)})
       ON CONFLICT (conversation_id) DO UPDATE SET text = excluded.text, through_message_id = excluded.through_message_id, updated_at = excluded.updated_at
       WHERE excluded.through_message_id > s.through_message_id RETURNING 1)`);
  }
  if (turn.miss) {
    parts.push(`miss AS (INSERT INTO kb_misses (conversation_id, message_id, question, language, kind, intent, created_at)
       VALUES (${p(conversationId)}, ${p(turn.inbound.messageId)}, ${p(turn.miss.question)}, ${p(turn.miss.language)}, ${p(turn.miss.kind)}, ${p(turn.miss.intent)}, ${p(now)})
       ON CONFLICT DO NOTHING RETURNING id)`);
  }
  parts.push(`new_events AS (INSERT INTO events (type, conversation_id, data, created_at)
     SELECT type, ${p(conversationId)}, data, ${p(now)} FROM unnest(${p(turn.events.map((e) => e.type))}::text[], ${p(turn.events.map((e) => (e.data ? JSON.stringify(e.data) : null)))}::text[]) AS e(type, data)
     RETURNING id)`);
  if (turn.lock) parts.push(`released_lock AS (DELETE FROM locks WHERE key = ${p(turn.lock.key)} AND owner = ${p(turn.lock.owner)} RETURNING 1)`);
  parts.push(`inbox_done AS (UPDATE inbox SET status = 'done', outcome = ${p(JSON.stringify(turn.outcome))}, last_error = NULL, lease_until = NULL, updated_at = ${p(now)}
     WHERE channel = ${p(turn.inbound.channel)} AND message_id = ${p(turn.inbound.messageId)} AND status = 'processing' AND attempts = ${p(turn.attempt)} RETURNING 1)`);
  // One statement is one transaction: no BEGIN and COMMIT round trips. When the claim was lost,
  // dividing by the zero claims aborts the statement, and with it every row the CTEs wrote.
  try {
    await db.one(`WITH ${parts.join(',\n')} SELECT 1 / count(*)::int AS claims FROM inbox_done`, params);
    turn.lock?.releasedWithCommit();
  } catch (error) {
    if ((error as { code?: unknown }).code === divisionByZero) throw new ClaimLostError(turn.inbound.channel, turn.inbound.messageId, turn.attempt);
    throw error;
  }
}

/** SQLSTATE 22012: the fence's signal that the turn's inbox claim belongs to someone else now. */
const divisionByZero = '22012';
