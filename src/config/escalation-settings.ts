import { z } from 'zod';
import { ESCALATION_REASONS } from '../domain/enums.js';

const reason = z.enum(ESCALATION_REASONS);

/** Escalation rules beyond the core thresholds in schema.ts (anger, trend length, unanswered turns). */
export const escalationSettings = {
  ESCALATION_TREND_MIN_RISE: z.coerce.number().min(0).max(1).default(0.2),
  ESCALATION_TREND_WINDOW_MINUTES: z.coerce.number().int().positive().default(120),
  ESCALATION_REPEAT_SIMILARITY: z.coerce.number().min(0).max(1).default(0.7),
  ESCALATION_REPEAT_LOOKBACK: z.coerce.number().int().positive().default(3),
  ESCALATION_HUMAN_INTENT_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.95),
  // Chosen on the v4 dev part for the model trained with v2 and v3 (0.7–0.8 gave the same figures; 0.85 lost recall).
  ESCALATION_NEEDS_PERSON_THRESHOLD: z.coerce.number().min(0).max(1).default(0.75),
  ESCALATION_DISABLED_REASONS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(reason)),
};
