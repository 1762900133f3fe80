const digitValues: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const unitValues: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 二十五 → 25, 一百零八 → 108, 十五 → 15; null when the characters are not a number. */
export function parseChineseNumber(text: string): number | null {
  let total = 0;
  let pending = 0;
  let seen = false;
  for (const char of text) {
    if (char in digitValues) {
      pending = digitValues[char]!;
      seen = true;
    } else if (char in unitValues) {
      total += (pending || 1) * unitValues[char]!;
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

const englishNumbers: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  sixty: 60,
  ninety: 90,
};
const englishCounted = new RegExp(
  `\\b(${Object.keys(englishNumbers).join('|')})(?=[\\s-]+(?:business |working |calendar )?(?:days?|weeks?|months?|years?|hours?|times)\\b)`,
  'giu',
);

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
    .replace(englishCounted, (word: string) => String(englishNumbers[word.toLowerCase()]));
}
