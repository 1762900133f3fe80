const normalise = (text: string) => text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
const hasHan = (text: string) => /\p{Script=Han}/u.test(text);

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

/** English function words (NLTK's list, abridged): "where is my order" and "where is my refund" share only these. */
const stopWords = new Set(
  (
    'i me my myself we our ours you your yours he him his she her it its they them their what which who whom this that these those ' +
    'am is are was were be been being have has had having do does did doing a an the and but if or because as until while of at by ' +
    'for with about against between into through during before after above below to from up down in out on off over under again ' +
    'further then once here there when where why how all any both each few more most other some such no nor not only own same so ' +
    'than too very s t can will just don should now would could may might must shall'
  ).split(' '),
);

const contentWords = (text: string) =>
  new Set(
    (
      text
        .toLowerCase()
        .replace(/’/g, "'")
        .match(/[a-z0-9']+/g) ?? []
    )
      .map((w) => w.replace(/'s$/, '').replace(/(?<=[a-z0-9]{3})s$/, ''))
      .filter((w) => w.length > 0 && !stopWords.has(w)),
  );

/**
 * How alike two messages are, 0..1: character bigrams for Chinese (no word boundaries to go
 * by), and content words for English, with plurals folded and function words ignored, so
 * "where is my order" ≈ "where's my order" but not "where is my refund".
 */
export function similarity(a: string, b: string): number {
  const x = normalise(a);
  const y = normalise(b);
  if (x.length < 2 || y.length < 2) return x === y && x.length > 0 ? 1 : 0;
  const chinese = hasHan(a) || hasHan(b) ? dice(bigrams(x), bigrams(y)) : 0;
  return Math.max(chinese, dice(contentWords(a), contentWords(b)));
}

export const normalisedLength = (text: string) => normalise(text).length;
