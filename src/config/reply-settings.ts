import { z } from 'zod';

/** How replies are written: the LLM's time budget, its memory, and the commitment guard. */
export const replySettings = {
  LLM_REPLY_BUDGET_MS: z.coerce.number().int().positive().default(6000),
  LLM_REPLY_MAX_TOKENS: z.coerce.number().int().min(50).max(4000).default(400),
  COMMITMENT_GUARD_ACTION: z.enum(['rewrite', 'escalate']).default('rewrite'),
  MEMORY_RECENT_TOKENS: z.coerce.number().int().min(100).default(1200),
  MEMORY_SUMMARY_TOKENS: z.coerce.number().int().min(50).default(300),
};
