import type { Conversation, ConversationState, Language, SentimentLabel, StoredMessage } from '../../domain/types.js';
import type { Escalation, EscalationStatus, InboxEntry, InboxStatus } from '../types.js';

/** What an anonymised conversation's customer id becomes; such conversations are not swept again. */
export const anonymisedUser = 'anonymised';

export interface ConversationRow {
  id: string;
  channel: string;
  conversation_key: string;
  user_id: string;
  language: string | null;
  state: string;
  reply_context: string | null;
  created_at: number;
  updated_at: number;
}

export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    channel: row.channel,
    conversationKey: row.conversation_key,
    userId: row.user_id,
    language: row.language as Language | null,
    state: row.state as ConversationState,
    replyContext: row.reply_context === null ? null : (JSON.parse(row.reply_context) as Record<string, unknown>),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export interface MessageRow {
  id: number;
  conversation_id: string;
  direction: 'in' | 'out';
  author: 'customer' | 'bot' | 'staff';
  text: string;
  language: string | null;
  sentiment_label: string | null;
  sentiment_score: number | null;
  sentiment_polarity: number | null;
  sentiment_model: string | null;
  intent: string | null;
  meta: string | null;
  created_at: number;
}

export function toMessage(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction,
    author: row.author,
    text: row.text,
    language: row.language as Language | null,
    sentiment:
      row.sentiment_label === null
        ? null
        : {
            label: row.sentiment_label as SentimentLabel,
            score: row.sentiment_score ?? 0,
            polarity: row.sentiment_polarity ?? 0,
            model: row.sentiment_model ?? 'unknown',
          },
    intent: row.intent,
    meta: row.meta === null ? null : (JSON.parse(row.meta) as Record<string, unknown>),
    createdAt: new Date(row.created_at),
  };
}

export interface InboxRow {
  channel: string;
  message_id: string;
  conversation_key: string;
  status: string;
  attempts: number;
  last_error: string | null;
  inbound: string;
  outcome: string | null;
  received_at: number;
  updated_at: number;
}

export function toInboxEntry(row: InboxRow): InboxEntry {
  const inbound = JSON.parse(row.inbound) as InboxEntry['inbound'] & { timestamp: string };
  return {
    channel: row.channel,
    messageId: row.message_id,
    conversationKey: row.conversation_key,
    status: row.status as InboxStatus,
    attempts: row.attempts,
    lastError: row.last_error,
    inbound: { ...inbound, timestamp: new Date(inbound.timestamp) },
    outcome: row.outcome === null ? null : (JSON.parse(row.outcome) as InboxEntry['outcome']),
    receivedAt: new Date(row.received_at),
    updatedAt: new Date(row.updated_at),
  };
}

export interface EscalationRow {
  id: string;
  conversation_id: string;
  reasons: string;
  evidence: string;
  status: string;
  assignee: string | null;
  assignee_name: string | null;
  taken_at: number | null;
  closed_at: number | null;
  closed_by: string | null;
  closed_by_name: string | null;
  staff_thread: string | null;
  staff_cursor: number;
  reminders_sent: number;
  last_reminder_at: number | null;
  rating_requested_at: number | null;
  rating: number | null;
  created_at: number;
  updated_at: number;
}

const dateOrNull = (value: number | null) => (value === null ? null : new Date(value));

export function toEscalation(row: EscalationRow): Escalation {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    reasons: JSON.parse(row.reasons) as Escalation['reasons'],
    evidence: JSON.parse(row.evidence) as string[],
    status: row.status as EscalationStatus,
    assignee: row.assignee,
    assigneeName: row.assignee_name,
    takenAt: dateOrNull(row.taken_at),
    closedAt: dateOrNull(row.closed_at),
    closedBy: row.closed_by,
    closedByName: row.closed_by_name,
    staffThread: row.staff_thread,
    staffCursor: row.staff_cursor,
    remindersSent: row.reminders_sent,
    lastReminderAt: dateOrNull(row.last_reminder_at),
    ratingRequestedAt: dateOrNull(row.rating_requested_at),
    rating: row.rating,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
