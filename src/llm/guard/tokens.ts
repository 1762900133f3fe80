import { toHalfWidth } from './numerals.js';

const stopwords = new Set(
  'a an the and or but if of to in on at by for with from as is are was were be been being do does did have has had i me my we our us you your it its they them their this that these those what which who when where how can could would should will may might must not no so than too very just also there here about into over under then once all any some such only own same other more most few both each up out off usually within after before until per via'.split(
    ' ',
  ),
);
const numeral = /[零〇一二两三四五六七八九十百千万\d]/g;

/**
 * The words that say what a sentence is about (payment methods, products, cases), for
 * telling which of a passage's sentences a reply sentence restates. Numbers are left out:
 * they are what is being checked. Chinese is read as overlapping character pairs.
 */
export function contentTokens(text: string): Set<string> {
  const tokens = new Set<string>();
  const clean = toHalfWidth(text).toLowerCase().replace(numeral, ' ');
  for (const [word] of clean.matchAll(/[a-z][a-z'-]*/g)) {
    const base = word.replace(/'s$/, '').replace(/(?<=[a-z]{3})(?:es|s)$/, '');
    if (base.length > 1 && !stopwords.has(word) && !stopwords.has(base)) tokens.add(base);
  }
  for (const [run] of clean.matchAll(/\p{Script=Han}+/gu)) {
    for (let i = 0; i + 1 < run.length; i++) tokens.add(run.slice(i, i + 2));
  }
  return tokens;
}
