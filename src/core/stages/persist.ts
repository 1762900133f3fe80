import type { Store } from '../../store/types.js';
import { buildOutcome } from '../outcome.js';
import { conversationOf, type Stage } from '../turn.js';

/** Commits the whole turn in one transaction: a crash before this point stores nothing half-done. */
export function persistStage(store: Store): Stage {
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
        ...(turn.decision.escalate
          ? [{ type: 'escalation', data: { reasons: turn.decision.reasons, evidence: turn.decision.evidence } }]
          : []),
      ];
      await store.commitTurn({
        inbound: turn.inbound,
        conversationId: conversation.id,
        inboundMessage: {
          text: turn.inbound.text,
          language: turn.language,
          sentiment: turn.sentiment,
          intent: turn.intent?.label ?? null,
          meta: { entities: turn.intent?.entities ?? {}, escalationReasons: turn.decision.reasons },
        },
        outboundMessage:
          reply && reply.kind !== 'none'
            ? { text: reply.text, language: turn.language, meta: { replyKind: reply.kind, citations: reply.citations } }
            : null,
        conversationLanguage: turn.language,
        nextState: turn.nextState ?? conversation.state,
        escalation: turn.decision.escalate ? { reasons: turn.decision.reasons, evidence: turn.decision.evidence } : null,
        events: [...turn.events, ...events],
        outcome,
        summary: turn.summary,
      });
      turn.outcome = outcome;
    },
  };
}
