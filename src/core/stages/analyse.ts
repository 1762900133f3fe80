import { detectLanguage } from '../../text/language.js';
import { redactPersonalData } from '../../text/redact.js';
import type { IntentClassifier, SentimentAnalyser } from '../ports/analysis.js';
import type { Language } from '../../domain/types.js';
import { conversationOf, type Stage } from '../turn.js';

export interface AnalyseDependencies {
  sentiment: SentimentAnalyser;
  intent: IntentClassifier;
  defaultLanguage: Language;
  /** Starts encoding the question for retrieval while sentiment and intent read it (Retriever.prepare). */
  prepareSearch?: (text: string) => void;
}

export function analyseStage({ sentiment, intent, defaultLanguage, prepareSearch }: AnalyseDependencies): Stage {
  return {
    name: 'analyse',
    async run(turn) {
      const conversation = conversationOf(turn);
      // "ok" or "12345" says nothing about language: keep the conversation's.
      const guess = detectLanguage(turn.inbound.text, conversation.language ?? defaultLanguage);
      turn.language = guess.language;
      turn.mixedLanguage = guess.mixed;
      turn.redaction = redactPersonalData(turn.inbound.text);
      const text = turn.redaction.text;
      prepareSearch?.(text);
      const [score, recognised] = await Promise.all([
        sentiment.analyse([{ text, language: turn.language }]).then((scores) => scores[0]!),
        intent.classify({ text, language: turn.language }),
      ]);
      turn.sentiment = score;
      turn.intent = recognised;
    },
  };
}
