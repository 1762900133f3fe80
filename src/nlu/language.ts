import type { Language } from '../core/types.js';

export interface LanguageGuess {
  language: Language;
  /** Both scripts carry real weight (e.g. "我的 order 还没到"). */
  mixed: boolean;
  /** False when the text had nothing to go on (digits, emoji) and the fallback was used. */
  detected: boolean;
}

const hanPattern = /\p{Script=Han}/gu;
const latinPattern = /\p{Script=Latin}/gu;
const latinWordPattern = /\p{Script=Latin}+/gu;

/**
 * Chinese and English are told apart by script, which is all two languages this different
 * need. A Han character carries about as much as a four-letter English word, hence the
 * weighting; digits and emoji count for neither.
 */
export function detectLanguage(text: string, fallback: Language): LanguageGuess {
  const han = text.match(hanPattern)?.length ?? 0;
  const latin = (text.match(latinPattern)?.length ?? 0) / 4;
  if (han === 0 && latin === 0) return { language: fallback, mixed: false, detected: false };
  const language: Language = han >= latin ? 'zh' : 'en';
  // One brand name ("iPhone") in a Chinese sentence is not mixed language; a clause is.
  const latinWords = text.match(latinWordPattern)?.length ?? 0;
  const mixed = han >= 2 && latinWords >= 2 && Math.min(han, latin) / (han + latin) >= 0.2;
  return { language, mixed, detected: true };
}
