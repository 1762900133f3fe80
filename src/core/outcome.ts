import type { Outcome } from '../domain/types.js';
import { conversationOf, type Turn } from './turn.js';

export function buildOutcome(turn: Turn): Outcome {
  const conversation = conversationOf(turn);
  const reply = turn.reply ?? { kind: 'none' as const, text: '', citations: [] };
  const sentiment = turn.sentiment ?? { label: 'neutral' as const, score: 0, polarity: 0, model: 'none' };
  const state = turn.nextState ?? conversation.state;
  return {
    conversation: conversation.conversationKey,
    messageId: turn.inbound.messageId,
    reply: reply.text,
    replyKind: reply.kind,
    language: turn.language,
    sentiment: { label: sentiment.label, score: sentiment.score, model: sentiment.model },
    intent: turn.intent?.label ?? 'other',
    escalated: state === 'escalated' || state === 'human',
    escalationReasons: turn.decision.reasons,
    citations: reply.citations,
    followUps: reply.followUps ?? [],
    handledBy: state === 'human' ? 'human' : 'bot',
    duplicate: false,
  };
}
