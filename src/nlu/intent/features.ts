/**
 * Turns a message into the sparse features the intent model weighs (each present once,
 * except concepts, listed `conceptWeight` times so they outweigh single n-grams). One feature set
 * serves both languages and any mix of them ("我的order还没到"):
 * - Chinese runs: character 1-, 2- and 3-grams (no segmenter needed, robust to typos such
 *   as 快地 for 快递: the other characters still match);
 * - Latin words: the word, word bigrams, and character 3–5-grams of the word with its edges
 *   marked (`<refund>`), which carries "refnd", "refunds" and "refunded" to the same place;
 * - domain concepts and pairs of them (`concepts.ts`), shared by both languages;
 * - message shape: length bucket, question mark, an order-number-like run, and for very
 *   short messages the whole message ("ok", "好的"), which is a strong cue by itself.
 * Numbers and redaction placeholders become class tokens so "order 1234567" and
 * "order 7654321" look alike.
 */

import { conceptsOf } from './concepts.js';

/** A concept counts as much as this many n-grams: measured best by cross-validation (2–4 alike). */
const conceptWeight = 3;
const placeholderPattern = /\[(EMAIL|PHONE|CARD|CN_ID|ADDRESS)_\d+\]/g;
const tokenPattern = /\p{Script=Han}+|[\p{L}\p{N}§']+|[?？!！]/gu;
const hanPattern = /^\p{Script=Han}/u;

export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(placeholderPattern, (_, kind: string) => ` §${kind.toLowerCase()} `)
    .replace(/https?:\/\/\S+/g, ' §url ')
    .replace(/[a-z]*\d[\da-z-]{4,}/g, (run) => (/\d{5}/.test(run.replace(/-/g, '')) ? ' §longnum ' : run))
    .replace(/\d+(?:[.,]\d+)?/g, ' §num ')
    .replace(/[’`]/g, "'");
}

function lengthBucket(units: number): string {
  if (units <= 1) return '1';
  if (units <= 2) return '2';
  if (units <= 4) return '3-4';
  if (units <= 8) return '5-8';
  if (units <= 16) return '9-16';
  return '17+';
}

export function featuresOf(text: string): string[] {
  const normal = normalise(text);
  const features = new Set<string>();
  const words: string[] = [];
  let units = 0;
  for (const token of normal.match(tokenPattern) ?? []) {
    if (token === '?' || token === '？') {
      features.add('p:?');
      continue;
    }
    if (token === '!' || token === '！') {
      features.add('p:!');
      continue;
    }
    if (hanPattern.test(token)) {
      units += token.length;
      const run = `^${token}$`;
      for (let i = 1; i < run.length - 1; i++) features.add(`c:${run[i]}`);
      for (let i = 0; i + 2 <= run.length; i++) features.add(`b:${run.slice(i, i + 2)}`);
      for (let i = 1; i + 3 <= run.length - 1; i++) features.add(`t:${run.slice(i, i + 3)}`);
      words.push('¶');
      continue;
    }
    const word = token.replace(/'/g, '');
    if (!word) continue;
    units++;
    words.push(word);
    features.add(`w:${word}`);
    if (word.startsWith('§')) continue;
    const edged = `<${word}>`;
    for (let n = 3; n <= 5; n++) {
      for (let i = 0; i + n <= edged.length; i++) features.add(`g:${edged.slice(i, i + n)}`);
    }
  }
  for (let i = 0; i + 1 < words.length; i++) {
    if (words[i] !== '¶' && words[i + 1] !== '¶') features.add(`wb:${words[i]}_${words[i + 1]}`);
  }
  features.add(`len:${lengthBucket(units)}`);
  if (normal.includes('§longnum')) features.add('has:longnum');
  // The literal message, digits and all: "88" is goodbye, "12345" is not.
  if (units <= 3)
    features.add(
      `whole:${text
        .normalize('NFKC')
        .toLowerCase()
        .replace(/[\s,.!?，。！？~～]+/g, ' ')
        .trim()}`,
    );
  const conceptFeatures: string[] = [];
  const found = conceptsOf(normal);
  found.forEach((concept, i) => {
    conceptFeatures.push(`k:${concept}`);
    for (const other of found.slice(i + 1)) conceptFeatures.push(`kk:${concept}+${other}`);
  });
  return [...features, ...Array.from({ length: conceptWeight }, () => conceptFeatures).flat()];
}
