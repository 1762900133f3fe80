import type { MessageReading } from '../ports/analysis.js';
import type { Retriever } from '../ports/retriever.js';
import type { Stage } from '../turn.js';

/**
 * Turns that will not be answered from policy (with staff, greetings) skip the search; safety
 * reports do not. The search is exactly what `aftercare kb search` runs for the same text and
 * language (the knowledge base reads the question's topic itself), so the bot answers from the
 * passage the admin sees ranked first.
 */
export function retrieveStage(retriever: Retriever, k: number, reading: MessageReading): Stage {
  return {
    name: 'retrieve',
    async run(turn) {
      // A safety report is escalated, but its policy passage is still looked up: its steps go with the hand-over.
      const text = turn.redaction?.text ?? turn.inbound.text;
      const safetyReport = turn.nextState === 'escalated' && turn.decision.reasons.includes('high_risk_topic') && reading.isPhysicalHazard(text);
      if ((turn.nextState !== 'bot' && !safetyReport) || turn.intent?.label === 'greeting') return;
      turn.passages = safetyReport
        ? await retriever.search(text, { k, language: turn.language, hint: reading.safetyHint(turn.language), hintIsEvidence: true })
        : await retriever.search(text, { k, language: turn.language, deadlineAt: turn.options.deadlineAt });
    },
  };
}
