import type { Config } from '../config/schema.js';
import type { ChatModel } from './chat-model.js';
import { OpenAiCompatibleChatModel } from './providers/openai-compatible.js';

/** The configured language model, or null when none is configured (the bot then quotes passages). */
export function createChatModel(config: Config): ChatModel | null {
  if (!config.OPENAI_BASE_URL && !config.OPENAI_API_KEY) return null;
  return new OpenAiCompatibleChatModel({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.LLM_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxRetries: config.LLM_MAX_RETRIES,
  });
}
