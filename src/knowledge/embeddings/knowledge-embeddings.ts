import { Embeddings } from '@langchain/core/embeddings';

/** Which embedder serves, for logs, /readyz and the index manifest. */
export interface EmbedderInfo {
  /** Changes whenever vectors would: model, precision, pooling, glossary. An index built with another id is re-embedded. */
  id: string;
  kind: 'transformers' | 'hashed';
  dimensions: number;
  /** Where the weights came from: a local folder, the Hugging Face Hub (or its cache), or none needed. */
  source: 'local' | 'hub' | 'builtin';
  /** True when a configured model could not be loaded and the weight-free embedder stands in. */
  fallback: boolean;
  /** Why this embedder serves; the load error when it is a fallback. */
  note: string;
  /** Cosine similarity at which a passage counts as relevant on the vector side alone. */
  minSimilarity: number;
}

/** A LangChain `Embeddings` that says what it is, so indexes record which model built them. */
export abstract class KnowledgeEmbeddings extends Embeddings {
  abstract readonly info: EmbedderInfo;
}
