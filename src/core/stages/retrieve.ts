import type { Retriever } from '../../knowledge/retriever.js';
import type { Stage } from '../turn.js';

/**
 * Turns that will not be answered from policy (with staff, greetings) skip the search. The
 * search is exactly what `aftercare kb search` runs for the same text and language (the
 * knowledge base reads the question's topic itself), so the bot answers from the passage the
 * admin sees ranked first.
 */
export function retrieveStage(retriever: Retriever, k: number): Stage {
  return {
    name: 'retrieve',
    async run(turn) {
      if (turn.nextState !== 'bot' || turn.intent?.label === 'greeting') return;
      const text = turn.redaction?.text ?? turn.inbound.text;
      turn.passages = await retriever.search(text, { k, language: turn.language });
    },
  };
}
