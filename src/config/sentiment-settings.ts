import { z } from 'zod';
import { bool } from './settings-helpers.js';

/** Sentiment model: which one, where it lives, how it batches. */
export const sentimentSettings = {
  SENTIMENT_MODEL: z.string().min(1).default('Xenova/distilbert-base-multilingual-cased-sentiments-student'),
  SENTIMENT_ALLOW_DOWNLOAD: bool.default(true),
  SENTIMENT_FALLBACK_MODEL: z.string().min(1).default('bundled'),
  SENTIMENT_DTYPE: z.enum(['auto', 'fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4']).default('q8'),
  SENTIMENT_BATCH_SIZE: z.coerce.number().int().min(1).max(256).default(32),
  SENTIMENT_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(1000).default(0),
  SENTIMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(1000),
  /** ONNX Runtime threads per local model (sentiment, embedding); 0 = half the machine's cores. */
  MODEL_THREADS: z.coerce.number().int().min(0).max(256).default(0),
};
