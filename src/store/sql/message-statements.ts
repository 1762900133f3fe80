import type { NewMessage } from '../types.js';

// The statements that append and read messages, the same text in SQLite and Postgres.

/** A conversation's latest messages (`?` of them), oldest first. */
export const latestMessagesSql = 'SELECT * FROM (SELECT * FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ?) AS latest ORDER BY id';

/** A platform message is stored once (a unique index on its channel id): a second copy returns no row. */
export const insertMessageSql = `INSERT INTO messages (conversation_id, direction, author, text, channel_message_id, language,
    sentiment_label, sentiment_score, sentiment_polarity, sentiment_model, intent, meta, created_at)
  VALUES (@conversationId, @direction, @author, @text, @channelMessageId, @language,
    @sentimentLabel, @sentimentScore, @sentimentPolarity, @sentimentModel, @intent, @meta, @createdAt)
  ON CONFLICT DO NOTHING
  RETURNING *`;

export function messageParameters(message: NewMessage) {
  return {
    conversationId: message.conversationId,
    direction: message.direction,
    author: message.author,
    text: message.text,
    channelMessageId: message.channelMessageId ?? null,
    language: message.language ?? null,
    sentimentLabel: message.sentiment?.label ?? null,
    sentimentScore: message.sentiment?.score ?? null,
    sentimentPolarity: message.sentiment?.polarity ?? null,
    sentimentModel: message.sentiment?.model ?? null,
    intent: message.intent ?? null,
    meta: message.meta ? JSON.stringify(message.meta) : null,
    createdAt: (message.createdAt ?? new Date()).getTime(),
  };
}

/** The copy the unique index kept, when `insertMessageSql` returned no row. */
export const sameMessageSql = 'SELECT * FROM messages WHERE conversation_id = ? AND channel_message_id = ? AND direction = ? AND author = ?';

export const sameMessageParams = (message: NewMessage) => [message.conversationId, message.channelMessageId ?? '', message.direction, message.author];
