import type { TurnStore } from '../ports/store.js';
import { buildOutcome } from '../outcome.js';
import type { NewKbMiss } from '../ports/store.js';
import { conversationOf, type Stage, type Turn } from '../turn.js';

/**
 * A question the knowledge base did not answer: the bot said it did not know, or handed over
 * because it kept not knowing. Stored redacted, for the misses list admins learn from.
 */
function missOf(turn: Turn): NewKbMiss | null {
  const unanswered = turn.decision.reasons.includes('unanswered');
  if (turn.reply?.kind !== 'no_answer' && !unanswered) return null;
  const question = (turn.redaction?.text ?? '').trim();
  if (!question) return null;
  return { question, language: turn.language, kind: unanswered ? 'unanswered' : 'no_answer', intent: turn.intent?.label ?? null };
}

/** Commits the whole turn in one transaction: a crash before this point stores nothing half-done. */
export function persistStage(store: TurnStore): Stage {
  return {
    name: 'persist',
    async run(turn) {
      const conversation = conversationOf(turn);
      const outcome = buildOutcome(turn);
      const latencyMs = Math.round(performance.now() - turn.startedAt);
      const reply = turn.reply;
      const events = [
        {
          type: 'turn',
          data: {
            channel: turn.inbound.channel,
            intent: outcome.intent,
            intentConfidence: turn.intent?.confidence ?? null,
            intentSource: turn.intent?.source ?? null,
            sentiment: outcome.sentiment.label,
            polarity: turn.sentiment?.polarity ?? 0,
            language: outcome.language,
            replyKind: outcome.replyKind,
            citations: outcome.citations.length,
            redactions: turn.redaction?.counts ?? {},
            latencyMs,
            attempt: turn.attempt,
          },
        },
        ...(turn.decision.escalate ? [{ type: 'escalation', data: { reasons: turn.decision.reasons, evidence: turn.decision.evidence } }] : []),
      ];
      await store.commitTurn({
        inbound: turn.inbound,
        attempt: turn.attempt,
        conversationId: conversation.id,
        inboundMessage: {
          text: turn.inbound.text,
          language: turn.language,
          sentiment: turn.sentiment,
          intent: turn.intent?.label ?? null,
          meta: { entities: turn.intent?.entities ?? {}, escalationReasons: turn.decision.reasons },
        },
        outboundMessage: reply && reply.kind !== 'none' ? { text: reply.text, language: turn.language, meta: { replyKind: reply.kind, citations: reply.citations } } : null,
        conversationLanguage: turn.language,
        nextState: turn.nextState ?? conversation.state,
        escalation: turn.decision.escalate ? { reasons: turn.decision.reasons, evidence: turn.decision.evidence } : null,
        events: [...turn.events, ...events],
        outcome,
        summary: turn.summary,
        miss: missOf(turn),
        lock: turn.lock,
      });
      turn.outcome = outcome;
    },
  };
}
