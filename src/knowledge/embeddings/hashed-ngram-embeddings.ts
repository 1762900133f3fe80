import type { TextAnalyzer } from '../text/analyzer.js';
import { englishStopwords, latinWords, stem } from '../text/english.js';
import { isChineseStopWord } from '../text/chinese-segmenter.js';
import { KnowledgeEmbeddings, type EmbedderInfo } from './knowledge-embeddings.js';

// FNV-1a: fast, well spread, and the same on every machine, so stored vectors stay valid.
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const weights = { word: 1, trigram: 0.25, hanBigram: 1, hanChar: 0.35, concept: 1.5, article: 2 };

/**
 * An embedder that needs no model weights: words, character n-grams and glossary concepts,
 * hashed into a fixed number of dimensions (signed, so collisions cancel out rather than add
 * up). It knows no paraphrase beyond the glossary, but it is instant, deterministic and
 * crosses languages wherever the glossary does. It stands in when no model can be loaded.
 */
export class HashedNgramEmbeddings extends KnowledgeEmbeddings {
  readonly info: EmbedderInfo;

  private readonly dimensions: number;

  constructor(
    private readonly analyzer: TextAnalyzer,
    options: { dimensions?: number; note?: string; fallback?: boolean; minSimilarity?: number } = {},
  ) {
    super({});
    this.dimensions = options.dimensions ?? 512;
    this.info = {
      id: `hashed-ngrams-v1:${this.dimensions}:glossary-${analyzer.glossary.fingerprint}`,
      kind: 'hashed',
      dimensions: this.dimensions,
      source: 'builtin',
      fallback: options.fallback ?? false,
      note: options.note ?? 'configured (EMBEDDING_MODEL=hashed)',
      // Hashed n-gram similarity is word overlap, not meaning: alone it admits only near-copies.
      minSimilarity: options.minSimilarity ?? 0.65,
    };
  }

  private features(text: string): Map<string, number> {
    const counts = new Map<string, number>();
    const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
    const normalised = this.analyzer.normalise(text);
    for (const match of normalised.matchAll(/第(\d+)条|\barticle\s+(\d+)\b/g)) add(`§${match[1] ?? match[2]}`, weights.article);
    for (const [token] of normalised.matchAll(/[a-z0-9][a-z0-9'’-]*|\p{Script=Han}+/gu)) {
      if (/^\p{Script=Han}/u.test(token)) {
        const chars = [...token];
        chars.forEach((char, i) => {
          if (!isChineseStopWord(char)) add(`c:${char}`, weights.hanChar);
          if (i + 1 < chars.length) add(`b:${char}${chars[i + 1]}`, weights.hanBigram);
        });
        continue;
      }
      for (const word of latinWords(token)) {
        if (word.length < 2 || englishStopwords.has(word)) continue;
        add(`w:${/\d/.test(word) ? word : stem(word)}`, weights.word);
        const padded = `<${word}>`;
        for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`, weights.trigram);
      }
    }
    for (const concept of this.analyzer.concepts(text)) add(concept, weights.concept);
    return counts;
  }

  embed(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    for (const [feature, count] of this.features(text)) {
      const hash = fnv1a(feature);
      const sign = fnv1a(`${feature}#`) & 1 ? 1 : -1;
      // Sublinear term frequency: a word said five times is not five times the topic.
      vector[hash % this.dimensions]! += sign * (count > 1 ? 1 + Math.log(count) : count);
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    return Array.from(vector, (value) => value / norm);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embed(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }
}
