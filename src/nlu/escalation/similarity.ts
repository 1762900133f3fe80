const normalise = (text: string) => text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');

function bigrams(text: string): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i < text.length - 1; i++) grams.add(text.slice(i, i + 2));
  return grams;
}

/** Dice's coefficient: kinder than Jaccard to short texts that differ by a word ("到哪了" / "到哪里了"). */
function dice<T>(x: Set<T>, y: Set<T>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const item of x) if (y.has(item)) shared++;
  return (2 * shared) / (x.size + y.size);
}

const englishWords = (text: string) =>
  new Set((text.toLowerCase().replace(/’/g, "'").match(/[a-z0-9']+/g) ?? []).map((w) => w.replace(/'s$/, '').replace(/(?<=[a-z0-9]{3})s$/, '')));

/**
 * How alike two messages are, 0..1: character bigrams (which suit Chinese and typos) or,
 * for English, the word sets with plurals folded ("where's my order" ≈ "where is my order").
 */
export function similarity(a: string, b: string): number {
  const x = normalise(a);
  const y = normalise(b);
  if (x.length < 2 || y.length < 2) return x === y && x.length > 0 ? 1 : 0;
  return Math.max(dice(bigrams(x), bigrams(y)), dice(englishWords(a), englishWords(b)));
}

export const normalisedLength = (text: string) => normalise(text).length;
