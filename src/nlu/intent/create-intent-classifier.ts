import { join, resolve } from 'node:path';
import type { Config } from '../../config/schema.js';
import type { ChatModel } from '../../llm/chat-model.js';
import type { Logger } from '../../logger.js';
import type { IntentClassifier } from './classifier.js';
import { KeywordIntentClassifier } from './keyword-classifier.js';
import { LlmIntentClassifier } from './llm-classifier.js';
import { loadIntentModel } from './load-intent-model.js';
import { NgramIntentClassifier } from './ngram-classifier.js';

/** The configured intent classifier; logs which one, and which model file, is in use. */
export async function createIntentClassifier(config: Config, chatModel: ChatModel | null, logger: Logger): Promise<IntentClassifier> {
  if (config.INTENT_CLASSIFIER === 'keyword') {
    logger.info({ intent: 'keyword-rules' }, 'intent classifier: keyword rules only');
    return new KeywordIntentClassifier();
  }
  const loaded = await loadIntentModel({
    extraExamplesDir: config.INTENT_EXAMPLES_DIR ? resolve(config.INTENT_EXAMPLES_DIR) : undefined,
    cacheDir: join(resolve(config.AFTERCARE_DATA_DIR), 'models'),
    logger,
  });
  const offline = new NgramIntentClassifier(loaded.model, { minConfidence: config.INTENT_MIN_CONFIDENCE });
  logger.info({ model: loaded.origin, file: loaded.file, examples: loaded.examples }, `intent classifier: ${offline.name}`);
  const wantsLlm = config.INTENT_CLASSIFIER === 'llm' || config.INTENT_CLASSIFIER === 'auto';
  if (!wantsLlm) return offline;
  if (!chatModel) {
    if (config.INTENT_CLASSIFIER === 'llm') logger.warn('INTENT_CLASSIFIER=llm but no language model is configured; using the offline classifier');
    return offline;
  }
  logger.info({ model: chatModel.id, skipAbove: config.INTENT_LLM_SKIP_CONFIDENCE }, 'intent classifier: LLM, offline classifier as fallback');
  return new LlmIntentClassifier(chatModel, offline, {
    timeoutMs: config.INTENT_LLM_TIMEOUT_MS,
    skipAboveConfidence: config.INTENT_LLM_SKIP_CONFIDENCE,
    logger,
  });
}
