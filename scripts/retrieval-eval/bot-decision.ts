import { resolve } from 'node:path';
import type { Passage } from '../../src/domain/types.js';
import { retrieveStage } from '../../src/core/stages/retrieve.js';
import { newTurn } from '../../src/core/turn.js';
import { loadConfig } from '../../src/config/load-config.js';
import { PassageResponder } from '../../src/llm/passage-responder.js';
import { Templates } from '../../src/llm/templates.js';
import { createLogger } from '../../src/logger.js';
import type { IntentClassifier } from '../../src/nlu/intent/classifier.js';
import { createIntentClassifier } from '../../src/nlu/intent/create-intent-classifier.js';
import { messageReading } from '../../src/nlu/message-reading.js';
import { redactPersonalData } from '../../src/text/redact.js';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import type { Language } from '../../src/domain/types.js';

const root = resolve(import.meta.dirname, '../..');

export interface BotDecision {
  /** The passages the retrieve stage handed the reply stage, best first. */
  passages: Passage[];
  /** The passage the offline reply quotes (null: "I couldn't find that"). */
  answeredFrom: Passage | null;
}

/**
 * What the bot does with a message without a language model: the product's intent classifier,
 * the retrieve stage and the passage responder, run as the pipeline runs them (language given
 * by the question set rather than detected).
 */
export class BotDecider {
  private constructor(
    private readonly kb: KnowledgeBase,
    private readonly intent: IntentClassifier,
    private readonly responder: PassageResponder,
    private readonly topK: number,
  ) {}

  static async create(kb: KnowledgeBase): Promise<BotDecider> {
    const config = loadConfig({ INTENT_CLASSIFIER: 'offline', AFTERCARE_DATA_DIR: '/tmp/aftercare-eval-intent' });
    const intent = await createIntentClassifier(config, null, createLogger({ level: 'silent' }));
    const templates = await Templates.load(resolve(root, 'prompts'));
    return new BotDecider(kb, intent, new PassageResponder(templates), config.RETRIEVAL_TOP_K);
  }

  /** The ranking the retrieve stage searches with, before the relevance check decides what counts. */
  async rank(text: string, language: Language, k: number): Promise<Passage[]> {
    return this.kb.search(redactPersonalData(text).text, { k, language, relevanceGate: false });
  }

  async decide(text: string, language: Language): Promise<BotDecision> {
    const redaction = redactPersonalData(text);
    // A real turn, so the stage sees every field it reads (a hand-made partial one broke when the stage grew).
    const turn = newTurn({ channel: 'eval', conversationKey: 'eval', userId: 'eval', messageId: 'eval', text, timestamp: new Date() }, language);
    turn.redaction = redaction;
    turn.nextState = 'bot';
    turn.intent = await this.intent.classify({ text: redaction.text, language });
    await retrieveStage(this.kb, this.topK, messageReading).run(turn);
    const result = await this.responder.respond({
      text,
      language,
      intent: turn.intent!,
      sentiment: { label: 'neutral', score: 0, polarity: 0, model: 'none' },
      passages: turn.passages,
      history: [],
      summary: null,
      budgetMs: 1000,
    });
    const cited = result.reply?.citations[0];
    const answeredFrom = cited ? (turn.passages.find((p) => p.source === cited.source && p.section === cited.section) ?? null) : null;
    return { passages: turn.passages, answeredFrom };
  }
}
