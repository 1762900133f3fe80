import { toHalfWidth } from '../../text/numerals.js';

const stopwords = new Set(
  'a an the and or but if of to in on at by for with from as is are was were be been being do does did have has had i me my we our us you your it its they them their this that these those what which who when where how can could would should will may might must not no so than too very just also there here about into over under then once all any some such only own same other more most few both each up out off usually within per via'.split(
    ' ',
  ),
);
const numeral = /[零〇一二两三四五六七八九十百千万\d]/g;

/**
 * A light suffix stripper in the spirit of Porter's first steps, so that the reply's and the
 * policy's forms of a word meet: carries/carry → carri, placed/place → plac, shipping/ships → ship.
 */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}i`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('ied')) w = `${w.slice(0, -3)}i`;
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  if (/([bdfgkmnprt])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('y')) w = `${w.slice(0, -1)}i`;
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/**
 * The words that say what a sentence is about (payment methods, products, cases), for
 * telling which of a passage's sentences a reply sentence restates. Numbers are left out:
 * they are what is being checked. Chinese is read as overlapping character pairs.
 */
export function contentTokens(text: string): Set<string> {
  const tokens = new Set<string>();
  const clean = toHalfWidth(text).toLowerCase().replace(numeral, ' ');
  for (const [word] of clean.matchAll(/[a-z][a-z'-]*/g)) {
    const base = stem(word.replace(/'s$/, ''));
    if (base.length > 1 && !stopwords.has(word) && !stopwords.has(base)) tokens.add(base);
  }
  for (const [run] of clean.matchAll(/\p{Script=Han}+/gu)) {
    for (let i = 0; i + 1 < run.length; i++) tokens.add(run.slice(i, i + 2));
  }
  return tokens;
}
