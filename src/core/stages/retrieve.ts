import type { Retriever } from '../../knowledge/retriever.js';
import { isPhysicalHazard } from '../../nlu/escalation/phrases.js';
import { retrievalHint, safetyHint } from '../../nlu/intent/retrieval-hints.js';
import type { Stage } from '../turn.js';

/** Turns that will not be answered from policy (with staff, greetings) skip the search; safety reports do not. */
export function retrieveStage(retriever: Retriever, k: number, trustIntentAt: number): Stage {
  return {
    name: 'retrieve',
    async run(turn) {
      // A safety report is escalated, but its policy passage is still looked up: its steps go with the hand-over.
      const text = turn.redaction?.text ?? turn.inbound.text;
      const safetyReport = turn.nextState === 'escalated' && turn.decision.reasons.includes('high_risk_topic') && isPhysicalHazard(text);
      if ((turn.nextState !== 'bot' && !safetyReport) || turn.intent?.label === 'greeting') return;
      const hint = safetyReport ? safetyHint[turn.language] : retrievalHint(turn.intent?.label, turn.language);
      const hintIsEvidence = safetyReport || (turn.intent !== null && turn.intent.label !== 'other' && turn.intent.confidence >= trustIntentAt);
      turn.passages = await retriever.search(text, { k, language: turn.language, hint, hintIsEvidence });
    },
  };
}
