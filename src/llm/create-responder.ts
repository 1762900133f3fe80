import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { ChatModel } from './chat-model.js';
import { LlmResponder } from './llm-responder.js';
import { TokenCounter } from './memory/token-counter.js';
import { PassageResponder } from './passage-responder.js';
import { ResilientResponder } from './resilient-responder.js';
import type { Responder } from '../core/ports/responder.js';
import type { Templates } from './templates.js';

/**
 * The passage quote when no model is configured (the embedded default); otherwise the
 * model's guarded answer, with the passage quote as its fallback.
 */
export function createResponder(config: Config, chatModel: ChatModel | null, templates: Templates, logger?: Logger): Responder {
  const passages = new PassageResponder(templates);
  if (!chatModel) return passages;
  const counter = new TokenCounter();
  // Building the tokenizer blocks the event loop for about half a second: do it while the
  // process starts, not in the middle of a customer's turn once a conversation grows long.
  counter.warmUp().catch((error: unknown) => logger?.warn({ err: error }, 'token counter unavailable; using estimates'));
  const llm = new LlmResponder(chatModel, templates, counter, {
    memory: { recentTokens: config.MEMORY_RECENT_TOKENS, summaryTokens: config.MEMORY_SUMMARY_TOKENS },
    maxOutputTokens: config.LLM_REPLY_MAX_TOKENS,
    guardAction: config.COMMITMENT_GUARD_ACTION,
  });
  return new ResilientResponder(llm, passages, logger);
}
