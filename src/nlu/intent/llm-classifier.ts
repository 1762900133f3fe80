import type { IntentResult } from '../../domain/types.js';
import { LlmError, type ChatModel } from '../../llm/chat-model.js';
import type { Logger } from '../../logger.js';
import type { IntentClassifier, IntentInput } from './classifier.js';
import { extractEntities } from './entities.js';
import { InvalidLlmAnswerError, parseLlmAnswer, type LlmAnswer } from './llm-answer.js';
import { classificationMessages } from './llm-prompt.js';

export interface LlmClassifierOptions {
  /** Budget for the model's answer; past it the offline classifier answers. */
  timeoutMs: number;
  /**
   * When the offline classifier is at least this sure, the model is not asked: it saves a
   * call (and its latency) on the many turns that are plain. 1 asks the model every time.
   */
  skipAboveConfidence: number;
  logger?: Logger;
}

const exactEntities = new Set(['orderNumber', 'trackingNumber', 'amount']);

/** Why the LLM's answer was not used, for logs and the result's `source`. */
function failureKind(error: unknown): string {
  if (error instanceof LlmError) return error.kind;
  if (error instanceof InvalidLlmAnswerError) return 'invalid_answer';
  return 'error';
}

/** Keeps an entity only if the message contains it: a model may "extract" what is not there. */
function groundedEntities(answer: LlmAnswer, text: string): Record<string, string> {
  const lower = text.toLowerCase();
  const entities: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.entities ?? {})) {
    if (typeof value === 'string' && lower.includes(value.toLowerCase())) entities[name] = value;
  }
  return entities;
}

/**
 * Classifies with the configured language model (label and entities as validated JSON),
 * and falls back to the offline classifier on any model error, timeout or invalid answer,
 * so a turn never waits on or fails because of the model.
 */
export class LlmIntentClassifier implements IntentClassifier {
  readonly name: string;

  constructor(
    private readonly chatModel: ChatModel,
    private readonly fallback: IntentClassifier,
    private readonly options: LlmClassifierOptions,
  ) {
    this.name = `llm:${chatModel.id}, fallback ${fallback.name}`;
  }

  async classify(input: IntentInput): Promise<IntentResult> {
    const offline = this.options.skipAboveConfidence < 1 ? await this.fallback.classify(input) : null;
    if (offline && offline.confidence >= this.options.skipAboveConfidence) return offline;
    try {
      const response = await this.chatModel.complete({
        messages: classificationMessages(input),
        json: true,
        temperature: 0,
        maxTokens: 200,
        timeoutMs: this.options.timeoutMs,
      });
      const answer = parseLlmAnswer(response.text);
      // Regular expressions copy order numbers and amounts exactly; the model knows products
      // and dates the lexicon and patterns miss.
      const found = extractEntities(input.text);
      const exact = Object.fromEntries(Object.entries(found).filter(([name]) => exactEntities.has(name)));
      const entities = { ...found, ...groundedEntities(answer, input.text), ...exact };
      return { label: answer.intent, confidence: answer.confidence ?? 0.8, entities, source: `llm:${this.chatModel.id}` };
    } catch (error) {
      const kind = failureKind(error);
      const log = kind === 'error' ? this.options.logger?.error.bind(this.options.logger) : this.options.logger?.warn.bind(this.options.logger);
      log?.({ err: error, kind, model: this.chatModel.id }, 'intent from the LLM unavailable; using the offline classifier');
      const result = offline ?? (await this.fallback.classify(input));
      return { ...result, source: `${result.source} (llm ${kind})` };
    }
  }
}
