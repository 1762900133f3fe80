import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

export type ChineseSegmentation = 'jieba' | 'bigram' | 'jieba+bigram';

// Function words and particles that carry no retrieval signal on their own.
const stopWords = new Set(
  '的 了 吗 呢 吧 啊 呀 哦 嘛 么 是 在 我 你 他 她 它 们 我们 你们 这 那 这个 那个 有 和 与 及 或 或者 就 都 也 还 要 会 能 可以 请 请问 一下 个 些 吗 么 呢 怎么 怎样 如何 什么 哪 哪里 吗 被 把 对 从 向 为 因为 所以 如果 但是 而 并 并且 其 之 以 于 等 不 没 没有 已经 可 该 应当 应该 由 将 又 再 很 太 想 让 给 到 说 问 好 得 地 着 过 啦 哈 嗯'.split(
    /\s+/,
  ),
);

let jieba: Jieba | null = null;

/** The jieba dictionary ships inside @node-rs/jieba (5 MB, ~150 ms to load), so it loads on first use. */
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

export function isChineseStopWord(word: string): boolean {
  return stopWords.has(word);
}

function bigrams(run: string): string[] {
  const chars = [...run];
  const terms: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (!stopWords.has(chars[i]!)) terms.push(chars[i]!);
    if (i + 1 < chars.length) terms.push(chars[i]! + chars[i + 1]!);
  }
  return terms;
}

/**
 * Index terms of a run of Han characters. jieba's search mode gives whole words and the
 * shorter words inside them (消费者 → 消费, 消费者); bigrams need no dictionary and catch
 * words jieba does not know. Which serves better is measured by `npm run eval:retrieval`.
 */
export function segmentChinese(run: string, mode: ChineseSegmentation): string[] {
  const terms: string[] = [];
  if (mode !== 'bigram') {
    for (const word of segmenter().cutForSearch(run, true)) {
      if (word.trim() && !stopWords.has(word)) terms.push(word);
    }
  }
  if (mode === 'bigram') return bigrams(run);
  if (mode === 'jieba+bigram') {
    const words = new Set(terms);
    terms.push(...bigrams(run).filter((term) => !words.has(term)));
  }
  return terms;
}

/**
 * A question's words: jieba's precise mode, one reading of the sentence, so 消费者权益保护法
 * counts as three words rather than every fragment search mode would index; bigrams alone
 * (no unigrams) without a dictionary.
 */
export function segmentChineseQuery(run: string, mode: ChineseSegmentation): string[] {
  if (mode === 'bigram') {
    const chars = [...run];
    if (chars.length === 1) return isChineseStopWord(run) ? [] : [run];
    return chars.slice(0, -1).map((char, i) => char + chars[i + 1]!);
  }
  return segmenter()
    .cut(run, true)
    .filter((word) => word.trim() && !stopWords.has(word));
}

/**
 * The pieces a question's Chinese word is also looked up by, as Lucene's CJK analyser indexes
 * text: its character bigrams (a word of three or more characters) or its characters (a word
 * of two), so 换码 still meets 换尺码 and 退 meets 退货 when the dictionary cuts differently.
 */
export function piecesOfWord(word: string): string[] {
  const chars = [...word];
  if (chars.length < 2) return [];
  if (chars.length === 2) return chars.filter((char) => !stopWords.has(char));
  return chars.slice(0, -1).map((char, i) => char + chars[i + 1]!);
}

/** Loads the dictionary now (e.g. while a server starts) instead of during the first customer turn. */
export function warmUpChineseSegmenter(): void {
  segmenter();
}
