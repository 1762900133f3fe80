import { z } from 'zod';

/** Language model settings; with neither a base URL nor a key, no LLM is used. */
export const llmSettings = {
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(1),
};
