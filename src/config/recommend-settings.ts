import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Product suggestions after a solved question (src/recommend, docs/recommendations.md). */
export const recommendSettings = {
  RECOMMENDATIONS: bool.default(true),
  /** An order history in the Online Retail columns to learn from; the demo shop uses its bundled history when unset. */
  RECOMMEND_HISTORY_FILE: z.string().min(1).optional(),
  /** How many customers must have bought both products before a suggestion says they are "often bought" together. */
  RECOMMEND_MIN_BOUGHT_TOGETHER: z.coerce.number().int().min(1).max(1000).default(3),
};
