import type { EmbedderInfo } from '../embeddings/knowledge-embeddings.js';
import { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import { yieldToLoop } from './vector-view.js';

/**
 * Passage vectors the serving thread computed for a change before handing it to the build
 * worker: onnxruntime-node 1.21 aborts the process when a worker thread runs a session while
 * the serving thread holds one (microsoft/onnxruntime#24486), and the serving thread needs its
 * encoder for questions. So the serving thread embeds the few changed passages (one call per
 * passage, the event loop let in between, so searches wait for one passage at most) and the
 * worker, which then never loads the model, does everything else.
 */
export interface PrecomputedVectors {
  /** The embedder that made them (the worker's stands in for it without loading the model). */
  info: EmbedderInfo;
  texts: string[];
  /** texts.length × dimensions. */
  vectors: Float32Array;
  dimensions: number;
}

export async function precompute(embeddings: KnowledgeEmbeddings, texts: readonly string[]): Promise<PrecomputedVectors> {
  const { dimensions } = embeddings.info;
  const unique = [...new Set(texts)];
  const vectors = new Float32Array(unique.length * dimensions);
  for (let i = 0; i < unique.length; i++) {
    const [vector] = await embeddings.embedDocuments([unique[i]!]);
    if (!vector || vector.length !== dimensions) throw new Error(`embedder returned ${vector?.length ?? 0} dimensions, expected ${dimensions}`);
    vectors.set(vector, i * dimensions);
    await yieldToLoop();
  }
  return { info: { ...embeddings.info }, texts: unique, vectors, dimensions };
}

/** The vectors found in `precomputed`, the rest from `embedder` (loaded only if some are missing). */
class PrecomputedEmbeddings extends KnowledgeEmbeddings {
  private readonly rows: Map<string, number>;

  constructor(
    private readonly embedder: KnowledgeEmbeddings | (() => Promise<KnowledgeEmbeddings>),
    readonly info: EmbedderInfo,
    private readonly precomputed: PrecomputedVectors,
  ) {
    super({});
    this.rows = new Map(precomputed.texts.map((text, i) => [text, i]));
  }

  private async inner(): Promise<KnowledgeEmbeddings> {
    return typeof this.embedder === 'function' ? this.embedder() : this.embedder;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const missing = texts.filter((text) => !this.rows.has(text));
    const computed = missing.length > 0 ? await (await this.inner()).embedDocuments(missing) : [];
    const byText = new Map(missing.map((text, i) => [text, computed[i]!]));
    const { vectors, dimensions } = this.precomputed;
    return texts.map((text) => {
      const row = this.rows.get(text);
      return row === undefined ? byText.get(text)! : Array.from(vectors.subarray(row * dimensions, (row + 1) * dimensions));
    });
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.inner()).embedQuery(text);
  }
}

/** `embedder` answering from `precomputed` where it can (when both are the same embedder). */
export function withPrecomputed(embedder: KnowledgeEmbeddings, precomputed: PrecomputedVectors): KnowledgeEmbeddings {
  if (embedder.info.id !== precomputed.info.id) return embedder;
  return new PrecomputedEmbeddings(embedder, embedder.info, precomputed);
}

/** For the worker: answers from `precomputed` without loading the model unless a vector is missing. */
export function lazyWithPrecomputed(load: () => Promise<KnowledgeEmbeddings>, precomputed: PrecomputedVectors): KnowledgeEmbeddings {
  return new PrecomputedEmbeddings(load, precomputed.info, precomputed);
}
