import { chineseDigits, chineseUnits, parseEnglishNumber } from '../../text/numerals.js';

/**
 * 二十五 → 25, 一百零八 → 108, 十五 → 15; null when the characters are not a number.
 * More lenient than the reply guard's `parseChineseNumeral` (a digit after a digit replaces
 * it): the terms of every index built with analyzer-v2 were made with this reading.
 */
export function parseChineseNumber(text: string): number | null {
  let total = 0;
  let pending = 0;
  let seen = false;
  for (const char of text) {
    if (char in chineseDigits) {
      pending = chineseDigits[char]!;
      seen = true;
    } else if (char in chineseUnits) {
      total += (pending || 1) * chineseUnits[char]!;
      pending = 0;
      seen = true;
    } else {
      return null;
    }
  }
  return seen ? total + pending : null;
}

const numeral = '[零〇一二三四五六七八九十百千两]+';
// Only numerals that count something are rewritten: 七日 and 第二十五条 are numbers, while
// 一般, 统一 and 三包 are words and stay as they are.
const counted = new RegExp(`(第)?(${numeral})(?=(?:个)?(?:条|章|节|款|项|日|天|小时|个月|月|年|周|星期|工作日|倍|件|次|元))`, 'gu');

// The number words the index rewrites; a wider list would change the terms of built indexes.
const englishCountedWords = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen twenty thirty sixty ninety'.split(' ');
const englishCounted = new RegExp(`\\b(${englishCountedWords.join('|')})(?=[\\s-]+(?:business |working |calendar )?(?:days?|weeks?|months?|years?|hours?|times)\\b)`, 'giu');

/**
 * Writes counted numbers as digits, in both languages, so "7天", "七日" and "seven days" meet
 * on the same term and "第25条" finds 第二十五条.
 */
export function normaliseNumbers(text: string): string {
  return text
    .replace(counted, (match, prefix: string | undefined, digits: string) => {
      const value = parseChineseNumber(digits);
      return value === null ? match : `${prefix ?? ''}${value}`;
    })
    .replace(englishCounted, (word: string) => String(parseEnglishNumber(word)));
}
