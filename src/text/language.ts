import type { Language } from '../domain/types.js';

export interface LanguageGuess {
  language: Language;
  /** Both scripts carry real weight (e.g. "我的 order 还没到"). */
  mixed: boolean;
  /**
   * False when the text had nothing to go on (digits, emoji, "ok", a script we do not
   * answer in) and the fallback (the conversation's language) was kept.
   */
  detected: boolean;
}

const hanPattern = /\p{Script=Han}/gu;
const latinPattern = /\p{Script=Latin}/gu;
const latinWordPattern = /\p{Script=Latin}+/gu;
const otherScriptPattern =
  /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Thai}\p{Script=Devanagari}\p{Script=Hebrew}\p{Script=Greek}]/gu;

/**
 * Things that are written in Latin letters whatever the customer's language: links, e-mail
 * addresses, mentions, order and tracking numbers (letters mixed with digits), model names.
 */
const languageNeutral = [/\bhttps?:\/\/\S+|\bwww\.\S+/gi, /\S+@\S+\.\S+/g, /@\w+/g, /\b(?=[A-Za-z-]*\d)[A-Za-z0-9-]{4,}\b/g];

/** Chat fillers Chinese customers type as often as English ones: they say nothing of language. */
const fillers = new Set([
  'ok',
  'okay',
  'k',
  'kk',
  'okk',
  'thx',
  'ty',
  'lol',
  'hmm',
  'hm',
  'yes',
  'no',
  'yep',
  'nope',
  'y',
  'n',
  'hi',
  'hello',
  'hey',
  'bye',
  'sorry',
  'pls',
  'plz',
  'emm',
  'en',
  'ohh',
  'oh',
  'ah',
  'wow',
]);

function stripNeutral(text: string): string {
  return languageNeutral.reduce((rest, pattern) => rest.replace(pattern, ' '), text);
}

/**
 * Chinese and English are told apart by script, which is all two languages this different
 * need. A Han character carries about as much as a four-letter English word, hence the
 * weighting; digits, emoji, links and order numbers count for neither. Text in a script we
 * do not answer in (kana, Hangul, Cyrillic…) keeps the fallback rather than guessing.
 */
export function detectLanguage(text: string, fallback: Language): LanguageGuess {
  const content = stripNeutral(text);
  const han = content.match(hanPattern)?.length ?? 0;
  const latinWords = content.match(latinWordPattern) ?? [];
  const latin = (content.match(latinPattern)?.length ?? 0) / 4;
  const other = content.match(otherScriptPattern)?.length ?? 0;
  const undetected = { language: fallback, mixed: false, detected: false };
  if (han === 0 && latin === 0) return undetected;
  // Japanese is written with Han and kana; answering it in Chinese would be wrong.
  if (other > han + latin * 4) return undetected;
  if (han === 0 && latinWords.length <= 2 && latinWords.every((word) => fillers.has(word.toLowerCase()))) return undetected;
  const language: Language = han >= latin ? 'zh' : 'en';
  // One brand name ("iPhone") in a Chinese sentence is not mixed language; a clause is.
  const mixed = han >= 2 && latinWords.length >= 2 && Math.min(han, latin) / (han + latin) >= 0.2;
  return { language, mixed, detected: true };
}
