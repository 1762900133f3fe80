import { z } from 'zod';

/** Intent recognition settings (src/nlu/intent). */
export const intentSettings = {
  INTENT_CLASSIFIER: z.enum(['auto', 'offline', 'llm', 'keyword']).default('auto'),
  INTENT_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.25),
  INTENT_EXAMPLES_DIR: z.string().min(1).optional(),
  INTENT_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(2000),
  INTENT_LLM_SKIP_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.95),
};
