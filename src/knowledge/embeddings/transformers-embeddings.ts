import type { FeatureExtractionPipeline } from '@huggingface/transformers';
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

/** transformers.js `feature-extraction` as a LangChain `Embeddings`: pooled, L2-normalised, batched. */
export class TransformersEmbeddings extends KnowledgeEmbeddings {
  constructor(
    private readonly extractor: FeatureExtractionPipeline,
    private readonly family: ModelFamily,
    readonly info: EmbedderInfo,
    private readonly batchSize = 16,
  ) {
    super({});
  }

  private async run(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const output = await this.extractor(texts.slice(start, start + this.batchSize), { pooling: this.family.pooling, normalize: true });
      vectors.push(...(output.tolist() as number[][]));
    }
    return vectors;
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return this.run(texts.map((text) => this.family.passagePrefix + text));
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.run([this.family.queryPrefix + text]);
    return vector!;
  }

  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }
}
