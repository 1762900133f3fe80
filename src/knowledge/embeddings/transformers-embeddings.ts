import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import type { LocalOnnxModel } from '../../models/local-onnx-model.js';
import { KnowledgeEmbeddings, type EmbedderInfo } from './knowledge-embeddings.js';

/** How a model family wants its text and its pooling; e5 is trained with these prefixes. */
export interface ModelFamily {
  queryPrefix: string;
  passagePrefix: string;
  pooling: 'mean' | 'cls';
  minSimilarity: number;
}

/**
 * e5 models need "query: " / "passage: " and mean pooling, and score unrelated text around
 * 0.7–0.8 cosine; BGE pools the [CLS] token. Anything else gets mean pooling and no prefix.
 */
export function modelFamily(model: string): ModelFamily {
  if (/e5/i.test(model)) return { queryPrefix: 'query: ', passagePrefix: 'passage: ', pooling: 'mean', minSimilarity: 0.84 };
  if (/bge/i.test(model)) return { queryPrefix: '', passagePrefix: '', pooling: 'cls', minSimilarity: 0.6 };
  return { queryPrefix: '', passagePrefix: '', pooling: 'mean', minSimilarity: 0.6 };
}

/** Texts in, one pooled, L2-normalised vector each out. */
export interface PooledEncoder {
  embed(texts: string[]): Promise<number[][]>;
  dispose(): Promise<void>;
}

/** transformers.js's feature-extraction pipeline (a model from the Hub). */
export function pipelineEncoder(extractor: FeatureExtractionPipeline, pooling: ModelFamily['pooling']): PooledEncoder {
  return {
    embed: async (texts) => (await extractor(texts, { pooling, normalize: true })).tolist() as number[][],
    dispose: () => extractor.dispose(),
  };
}

/** A model folder run directly (see LocalOnnxModel), pooled and normalised as the pipeline does. */
export function localEncoder(model: LocalOnnxModel, pooling: ModelFamily['pooling']): PooledEncoder {
  return {
    async embed(texts) {
      const { data, dims, attentionMask } = await model.run(texts, 'last_hidden_state');
      const [batch, tokens, width] = dims as [number, number, number];
      return Array.from({ length: batch }, (_, row) => {
        const vector = new Float64Array(width);
        let counted = 0;
        for (let token = 0; token < (pooling === 'cls' ? 1 : tokens); token++) {
          if (pooling === 'mean' && attentionMask[row * tokens + token] === 0n) continue;
          const offset = (row * tokens + token) * width;
          for (let i = 0; i < width; i++) vector[i]! += data[offset + i]!;
          counted++;
        }
        let norm = 0;
        for (let i = 0; i < width; i++) {
          vector[i]! /= Math.max(counted, 1);
          norm += vector[i]! * vector[i]!;
        }
        const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        return Array.from(vector, (value) => value * scale);
      });
    },
    dispose: () => model.dispose(),
  };
}

const recentQueryLimit = 256;

/** A transformer encoder as a LangChain `Embeddings`: pooled, L2-normalised, batched. */
export class TransformersEmbeddings extends KnowledgeEmbeddings {
  private readonly recentQueries = new Map<string, Promise<number[]>>();

  constructor(
    private readonly encoder: PooledEncoder,
    private readonly family: ModelFamily,
    readonly info: EmbedderInfo,
    private readonly batchSize = 16,
  ) {
    super({});
  }

  private async run(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...(await this.encoder.embed(texts.slice(start, start + this.batchSize))));
    }
    return vectors;
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return this.run(texts.map((text) => this.family.passagePrefix + text));
  }

  /**
   * A question's vector is kept for a while: a turn starts encoding it while it reads the
   * message (KnowledgeBase.prepare), its search then takes the same promise, and a question
   * asked again costs nothing. Failures are not kept.
   */
  embedQuery(text: string): Promise<number[]> {
    const known = this.recentQueries.get(text);
    if (known) {
      this.recentQueries.delete(text);
      this.recentQueries.set(text, known);
      return known;
    }
    const vector = this.run([this.family.queryPrefix + text]).then(([first]) => first!);
    this.recentQueries.set(text, vector);
    if (this.recentQueries.size > recentQueryLimit) this.recentQueries.delete(this.recentQueries.keys().next().value!);
    vector.catch(() => {
      if (this.recentQueries.get(text) === vector) this.recentQueries.delete(text);
    });
    return vector;
  }

  async dispose(): Promise<void> {
    await this.encoder.dispose();
  }
}
