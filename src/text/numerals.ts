/**
 * Numbers as people write them: Arabic digits (half- or full-width), Chinese numerals (七, 十五,
 * 两, 一百八十) and English number words (seven, twenty-four, a/an). The reply guard reads
 * quantities with them; the knowledge base's analyzer writes counted numbers as digits.
 */

export const chineseDigits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
export const chineseUnits: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const chineseBigUnits: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

export const chineseNumeralPattern = '[零〇一二两三四五六七八九十百千万亿]+';

/** 十五 → 15, 二十 → 20, 一百八十 → 180, 三 → 3; null when it is not a well-formed numeral. */
export function parseChineseNumeral(text: string): number | null {
  if (text === '半') return 0.5;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const char of text) {
    if (char in chineseDigits) {
      // 一二 (one-two) is not a numeral; 一〇八 (one-zero-eight) is read digit by digit.
      if (digit !== null && !/[〇零]/.test(text)) return null;
      digit = digit !== null ? digit * 10 + chineseDigits[char]! : chineseDigits[char]!;
    } else if (char in chineseUnits) {
      section += (digit ?? 1) * chineseUnits[char]!;
      digit = null;
    } else if (char in chineseBigUnits) {
      total += (section + (digit ?? 0)) * chineseBigUnits[char]!;
      section = 0;
      digit = null;
    } else {
      return null;
    }
  }
  return total + section + (digit ?? 0);
}

const englishSmall: Record<string, number> = {
  a: 1,
  an: 1,
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
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  half: 0.5,
  single: 1,
  couple: 2,
};
const englishTens: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const smallWords = Object.keys(englishSmall).filter((w) => !['a', 'an', 'half', 'single', 'couple'].includes(w));
const tensWords = Object.keys(englishTens);
/** A spelled-out English number up to the hundreds: "seven", "twenty-four", "one hundred eighty". */
export const englishNumberPattern = `(?:(?:${[...smallWords, ...tensWords].join('|')})(?:[- ](?:${smallWords.join('|')}))?(?: hundred(?:(?: and)? (?:${[...tensWords, ...smallWords].join('|')})(?:[- ](?:${smallWords.join('|')}))?)?)?)`;

export function parseEnglishNumber(text: string): number | null {
  const words = text
    .toLowerCase()
    .replace(/-/g, ' ')
    .split(/\s+/)
    .filter((w) => w && w !== 'and');
  if (words.length === 0) return null;
  let total = 0;
  let current = 0;
  for (const word of words) {
    if (word in englishSmall) current += englishSmall[word]!;
    else if (word in englishTens) current += englishTens[word]!;
    else if (word === 'hundred') current = (current || 1) * 100;
    else return null;
  }
  total += current;
  return total;
}

/** Digits, a Chinese numeral or English words, whichever `text` is. */
export function parseNumber(text: string): number | null {
  const clean = text.trim().replace(/,(?=\d{3}\b)/g, '');
  if (/^\d+(?:\.\d+)?$/.test(clean)) return Number(clean);
  if (new RegExp(`^${chineseNumeralPattern}$|^半$`).test(clean)) return parseChineseNumeral(clean);
  return parseEnglishNumber(clean);
}

/**
 * Half-width forms for full-width digits, letters and signs (１２３ → 123, ％ → %, ￥ → ¥),
 * character for character, so that positions in the text stay the same.
 */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000\uFFE5]/g, (char) => {
    if (char === '\u3000') return ' ';
    if (char === '\uFFE5') return '¥';
    return String.fromCharCode(char.charCodeAt(0) - 0xfee0);
  });
}
