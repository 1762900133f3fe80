import type { Tiktoken } from 'js-tiktoken/lite';

/**
 * Counts tokens as OpenAI's cl100k tokenizer does (js-tiktoken), to keep the prompt's memory
 * within its budget. Building the tokenizer blocks for most of a second, so it is built only
 * once a conversation is long enough for exact counts to matter (`warmUp`), in the
 * background; until then counts are a deliberately high estimate, which can only make the
 * memory smaller, never the prompt larger.
 */
export class TokenCounter {
  private encoder: Tiktoken | null = null;
  private loading: Promise<void> | null = null;
  /**
   * Exact counts of texts seen recently. Every turn recounts the conversation's history, and
   * cl100k encoding in JavaScript costs about a millisecond per kilobyte: without the cache a
   * long conversation spent tens of milliseconds per turn here (npm run bench).
   */
  private readonly exactCounts = new Map<string, number>();
  private static readonly cacheLimit = 4096;

  warmUp(): Promise<void> {
    this.loading ??= (async () => {
      const [{ Tiktoken }, { default: ranks }] = await Promise.all([import('js-tiktoken/lite'), import('js-tiktoken/ranks/cl100k_base')]);
      this.encoder = new Tiktoken(ranks);
    })();
    return this.loading;
  }

  get exact(): boolean {
    return this.encoder !== null;
  }

  count(text: string): number {
    if (this.encoder) {
      let tokens = this.exactCounts.get(text);
      if (tokens === undefined) {
        tokens = this.encoder.encode(text).length;
        if (this.exactCounts.size >= TokenCounter.cacheLimit) this.exactCounts.clear();
        this.exactCounts.set(text, tokens);
      }
      return tokens;
    }
    const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
    return Math.ceil(han * 1.5 + (text.length - han) / 3);
  }

  /** The longest prefix of `text` within `max` tokens, marked with "…" when cut. */
  truncate(text: string, max: number): string {
    if (this.count(text) <= max) return text;
    if (this.encoder) {
      // A cut can split a Chinese character's bytes; the broken tail is dropped.
      const head = this.encoder.decode(this.encoder.encode(text).slice(0, Math.max(0, max - 1))).replace(/\uFFFD+$/, '');
      return `${head}…`;
    }
    let low = 0;
    let high = text.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (this.count(text.slice(0, mid)) <= max - 1) low = mid;
      else high = mid - 1;
    }
    return `${text.slice(0, low)}…`;
  }
}
