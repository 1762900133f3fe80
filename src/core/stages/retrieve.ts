import type { Retriever } from '../../knowledge/retriever.js';
import { retrievalHint } from '../../nlu/intent/retrieval-hints.js';
import type { Stage } from '../turn.js';

/** Turns that will not be answered from policy (with staff, greetings) skip the search. */
export function retrieveStage(retriever: Retriever, k: number, trustIntentAt: number): Stage {
  return {
    name: 'retrieve',
    async run(turn) {
      if (turn.nextState !== 'bot' || turn.intent?.label === 'greeting') return;
      const text = turn.redaction?.text ?? turn.inbound.text;
      const hint = retrievalHint(turn.intent?.label, turn.language);
      const hintIsEvidence = turn.intent !== null && turn.intent.label !== 'other' && turn.intent.confidence >= trustIntentAt;
      turn.passages = await retriever.search(text, { k, language: turn.language, hint, hintIsEvidence, deadlineAt: turn.options.deadlineAt });
    },
  };
}
