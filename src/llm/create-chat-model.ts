import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { ChatModel } from './chat-model.js';
import { CircuitBreakerChatModel } from './circuit-breaker-chat-model.js';
import { OpenAiCompatibleChatModel } from './providers/openai-compatible.js';
import { RedactingChatModel } from './redacting-chat-model.js';

/**
 * The configured language model, or null when none is configured (the bot then quotes
 * passages). Every caller gets the same stack: redaction outermost (nothing leaves with
 * personal data), then the circuit breaker, then the provider with its timeout and retries.
 */
export function createChatModel(config: Config, logger?: Logger, options: { wrapProvider?: (provider: ChatModel) => ChatModel } = {}): ChatModel | null {
  if (!config.OPENAI_BASE_URL && !config.OPENAI_API_KEY) return null;
  const provider = new OpenAiCompatibleChatModel({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.LLM_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    maxRetries: config.LLM_MAX_RETRIES,
  });
  const guarded = new CircuitBreakerChatModel(
    options.wrapProvider ? options.wrapProvider(provider) : provider,
    {
      errorThresholdPercentage: config.LLM_BREAKER_ERROR_PERCENT,
      volumeThreshold: config.LLM_BREAKER_MIN_CALLS,
      resetTimeoutMs: config.LLM_BREAKER_RESET_MS,
      rollingWindowMs: config.LLM_BREAKER_WINDOW_MS,
    },
    logger,
  );
  return new RedactingChatModel(guarded);
}
