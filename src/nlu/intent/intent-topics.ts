import type { Logger } from '../../logger.js';
import { loadIntentModel } from './load-intent-model.js';
import { NgramIntentClassifier } from './ngram-classifier.js';

/** What a text is about, as the offline intent model reads it: every label with its probability. */
export interface IntentTopics {
  readonly id: string;
  topics(text: string): ReadonlyArray<{ label: string; probability: number }>;
}

/**
 * The offline intent model as a topic reader for the knowledge base: the same model reads the
 * customer's question and each policy passage, and passages about the question's intent rank
 * higher. Always the offline model (not an LLM classifier), so `kb search` and the bot rank the
 * same text the same way, whatever model is configured for replies.
 */
export async function loadIntentTopics(options: { extraExamplesDir?: string; cacheDir: string; logger?: Logger }): Promise<IntentTopics> {
  const loaded = await loadIntentModel(options);
  const classifier = new NgramIntentClassifier(loaded.model, { minConfidence: 0, rules: false });
  return { id: `intent-topics:${loaded.key.slice(0, 12)}`, topics: (text) => classifier.rank(text) };
}
