import { z } from 'zod';
import { bool } from './settings-helpers.js';

/** Knowledge base settings: the embedding model, index versions, uploads. */
export const knowledgeSettings = {
  EMBEDDING_MODEL: z.string().min(1).default('Xenova/multilingual-e5-small'),
  EMBEDDING_DTYPE: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16']).default('q8'),
  EMBEDDING_ALLOW_DOWNLOAD: bool.default(true),
  /** `child`: the embedding model runs in a process of its own, so encoding never holds the serving thread; `inline`: in the serving process. */
  EMBEDDING_PROCESS: z.enum(['child', 'inline']).default('child'),
  EMBEDDING_LOAD_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  RETRIEVAL_MIN_SIMILARITY: z.coerce.number().min(0).max(1).optional(),
  KB_RELOAD_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  KB_KEEP_VERSIONS: z.coerce.number().int().min(1).default(5),
  KB_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Characters of text one document may unpack to (a small PDF can hold megabytes of text). */
  KB_MAX_TEXT_CHARS: z.coerce.number().int().positive().default(2_000_000),
  KB_MAX_CHUNKS_PER_DOCUMENT: z.coerce.number().int().positive().default(2_000),
  KB_MAX_HTML_DEPTH: z.coerce.number().int().positive().max(10_000).default(256),
  /** Builds (extraction, splitting, embedding, indexing) run in a worker thread so serving never stalls. */
  KB_BUILD_IN_WORKER: bool.default(true),
  KB_BUILD_MAX_MEMORY_MB: z.coerce.number().int().min(64).default(2048),
  KB_BUILD_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
  KB_MISSES_LIST_LIMIT: z.coerce.number().int().min(1).max(20_000).default(2000),
  KB_MISSES_GROUP_SIMILARITY: z.coerce.number().min(0).max(1).default(0.5),
  KB_DOC2QUERY: bool.default(true),
  KB_DOC2QUERY_QUESTIONS: z.coerce.number().int().min(1).max(10).default(3),
  KB_DOC2QUERY_MAX_PASSAGES: z.coerce.number().int().min(0).max(5000).default(200),
  KB_DOC2QUERY_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  KB_MULTI_QUERY: bool.default(true),
  KB_MULTI_QUERY_QUERIES: z.coerce.number().int().min(1).max(6).default(3),
  KB_MULTI_QUERY_TIMEOUT_MS: z.coerce.number().int().positive().default(2500),
  KB_MULTI_QUERY_BELOW: z.coerce.number().min(0).max(1).default(0.6),
};
