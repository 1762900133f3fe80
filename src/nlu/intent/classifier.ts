import type { IntentResult, Language } from '../../domain/types.js';

export interface IntentInput {
  text: string;
  language: Language;
}

/** Any intent recogniser: keyword rules, nearest examples, an LLM. */
export interface IntentClassifier {
  readonly name: string;
  classify(input: IntentInput): Promise<IntentResult>;
}
