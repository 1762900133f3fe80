import { z } from 'zod';

/** Language model settings; with neither a base URL nor a key, no LLM is used. */
export const llmSettings = {
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(1),
  LLM_BREAKER_ERROR_PERCENT: z.coerce.number().min(1).max(100).default(50),
  LLM_BREAKER_MIN_CALLS: z.coerce.number().int().min(1).default(4),
  LLM_BREAKER_RESET_MS: z.coerce.number().int().positive().default(30_000),
  LLM_BREAKER_WINDOW_MS: z.coerce.number().int().positive().default(60_000),
};
