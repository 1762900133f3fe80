import type { Citation, EscalationReason, StoredMessage } from '../domain/types.js';
import type { Escalation, Store } from '../store/types.js';
import { EscalationNotFoundError } from './errors.js';
import type { EscalationCard, SentimentDirection, TranscriptLine } from './staff-desk.js';

/** How much history the card looks at for the sentiment trend and cited passages. */
const lookback = 40;
const trendPoints = 6;
/** A change in polarity smaller than this between first and last point is "steady". */
const trendThreshold = 0.25;

function reasonsWithEvidence(escalation: Escalation): EscalationCard['reasons'] {
  return escalation.reasons.map((reason: EscalationReason) => {
    const line = escalation.evidence.find((e) => e.startsWith(`${reason}:`));
    return { reason, evidence: line ? line.slice(reason.length + 1).trim() : null };
  });
}

function sentimentOf(messages: readonly StoredMessage[]): EscalationCard['sentiment'] {
  const points = messages
    .filter((m) => m.direction === 'in' && m.sentiment)
    .slice(-trendPoints)
    .map((m) => ({ label: m.sentiment!.label, polarity: m.sentiment!.polarity }));
  let direction: SentimentDirection = 'unknown';
  if (points.length >= 2) {
    const change = points.at(-1)!.polarity - points[0]!.polarity;
    direction = change <= -trendThreshold ? 'worsening' : change >= trendThreshold ? 'improving' : 'steady';
  }
  return { points, direction };
}

function citationsOf(messages: readonly StoredMessage[]): Citation[] {
  const seen = new Map<string, Citation>();
  for (const message of messages) {
    if (message.author !== 'bot') continue;
    const citations = (message.meta?.citations as Citation[] | undefined) ?? [];
    for (const citation of citations) seen.set(`${citation.source}#${citation.section ?? ''}`, citation);
  }
  return [...seen.values()];
}

const isNotice = (message: StoredMessage) => message.meta?.kind === 'handoff_notice';

function lineOf(message: StoredMessage): TranscriptLine {
  const name = typeof message.meta?.staffName === 'string' ? message.meta.staffName : undefined;
  return { author: message.author, text: message.text, at: message.createdAt, ...(name ? { name } : {}) };
}

/** Builds what staff see from the store; also returns the id of the newest message it shows. */
export async function buildEscalationCard(
  store: Store,
  escalationId: string,
  transcriptMessages: number,
): Promise<{ card: EscalationCard; escalation: Escalation; lastMessageId: number }> {
  const escalation = await store.escalations.get(escalationId);
  if (!escalation) throw new EscalationNotFoundError(escalationId);
  const conversation = await store.conversations.get(escalation.conversationId);
  if (!conversation) throw new EscalationNotFoundError(`${escalationId} (its conversation is gone)`);
  const messages = await store.messages.recent(conversation.id, Math.max(lookback, transcriptMessages));
  const total = await store.messages.countInbound(conversation.id);
  const conversationMessages = messages.filter((m) => !isNotice(m));
  const shown = conversationMessages.slice(-transcriptMessages);
  const shownInbound = shown.filter((m) => m.direction === 'in').length;
  const prepared = (await store.orderActions.listForConversation(conversation.id, 20)).filter((a) => a.status === 'awaiting_staff');
  const card: EscalationCard = {
    preparedActions: prepared.map((a) => ({ id: a.id, description: a.description })),
    escalationId: escalation.id,
    status: escalation.status,
    customer: { channel: conversation.channel, conversationKey: conversation.conversationKey, userId: conversation.userId },
    language: conversation.language,
    openedAt: escalation.createdAt,
    reasons: reasonsWithEvidence(escalation),
    sentiment: sentimentOf(messages),
    transcript: shown.map(lineOf),
    earlierCustomerMessages: Math.max(0, total - shownInbound),
    citations: citationsOf(messages),
    assignee: escalation.assignee && escalation.takenAt ? { id: escalation.assignee, name: escalation.assigneeName ?? escalation.assignee, at: escalation.takenAt } : null,
    closedBy: escalation.closedBy && escalation.closedAt ? { id: escalation.closedBy, name: escalation.closedByName ?? escalation.closedBy, at: escalation.closedAt } : null,
    rating: escalation.rating,
    ratingRequested: escalation.ratingRequestedAt !== null,
    remindersSent: escalation.remindersSent,
  };
  return { card, escalation, lastMessageId: messages.at(-1)?.id ?? 0 };
}
