import type { Segment } from './structure.js';

/**
 * Rough model tokens: a Han character is about one, an English word about 1.3. Counting in
 * characters would let an English rule be cut three times as often as its Chinese translation.
 */
export function approximateTokens(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = text.match(/[\p{L}\p{N}]+/gu)?.filter((w) => !/\p{Script=Han}/u.test(w)).length ?? 0;
  return Math.ceil(han + words * 1.3);
}

export interface SizeLimits {
  /** Segments longer than this (approximate tokens) are split; multilingual e5 reads 512 tokens. */
  maxTokens: number;
  overlapTokens: number;
}

export const defaultSizeLimits: SizeLimits = { maxTokens: 380, overlapTokens: 30 };

/** Splits segments that are too long for one embedding, at paragraph, line, then sentence ends. */
export async function splitBySize(segments: readonly Segment[], limits: SizeLimits = defaultSizeLimits): Promise<Segment[]> {
  const { RecursiveCharacterTextSplitter } = await import('@langchain/textsplitters');
  // LangChain keeps a separator at the start of the next piece; a sentence's full stop belongs
  // at the end of its own piece, so the split is made after the separator instead.
  class SentenceEndSplitter extends RecursiveCharacterTextSplitter {
    override splitOnSeparator(text: string, separator: string): string[] {
      if (!separator) return [...text];
      const escaped = separator.replace(/[/\-\\^$*+?.()|[\]{}]/g, '\\$&');
      return text.split(new RegExp(`(?<=${escaped})`)).filter((piece) => piece !== '');
    }
  }
  const splitter = new SentenceEndSplitter({
    chunkSize: limits.maxTokens,
    chunkOverlap: limits.overlapTokens,
    lengthFunction: approximateTokens,
    separators: ['\n\n', '\n', '。', '；', '. ', '; ', '，', ', ', ' ', ''],
    keepSeparator: true,
  });
  const result: Segment[] = [];
  for (const segment of segments) {
    if (approximateTokens(segment.text) <= limits.maxTokens) {
      result.push(segment);
      continue;
    }
    const parts = await splitter.splitText(segment.text);
    parts.forEach((text, index) => result.push({ ...segment, text: text.trim(), position: `${segment.position}/p${index + 1}` }));
  }
  return result.filter((segment) => segment.text.length > 0);
}
