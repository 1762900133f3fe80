import type { EscalationPolicy } from '../ports/analysis.js';
import { conversationOf, isWithStaff, type Stage } from '../turn.js';

export function decideStage(policy: EscalationPolicy): Stage {
  return {
    name: 'decide',
    async run(turn) {
      const conversation = conversationOf(turn);
      if (isWithStaff(conversation.state)) {
        // Staff own it until they hand it back; nothing here can take it away from them.
        turn.nextState = conversation.state;
        return;
      }
      turn.decision = policy.decide({
        text: turn.inbound.text,
        sentiment: turn.sentiment,
        history: turn.history,
        now: turn.inbound.timestamp,
        intent: turn.intent,
      });
      turn.nextState = turn.decision.escalate ? 'escalated' : 'bot';
    },
  };
}
