import type { PhraseMatch } from './match-phrases.js';

/**
 * A deadline the shop gave and the time since, compared: "'within 1 business day' — that was 6
 * business days ago", "说收到后10个工作日修好 … 一个多月了" is a broken promise; "told 3 days, it's
 * been 2, is that normal?" is not yet. Numbers are read in words and figures in both languages.
 */
const numbers: Record<string, number> = {
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
  several: 3,
  few: 3,
  couple: 2,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  几: 3,
  半: 0.5,
};

const numberEn = String.raw`(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a\s+few|a\s+couple\s+of)`;
const unitEn = String.raw`(business\s+days?|working\s+days?|days?|hours?|hrs?|weeks?|fortnight|months?)`;
const numberZh = String.raw`(\d+|[一二两三四五六七八九十几半]+)`;
const unitZh = String.raw`(工作日|天|日|小时|周|星期|礼拜|月)`;

/** The deadline: "within 3 days", "by 48 hours", "1个工作日内", "说…3天". */
const promisedEn = new RegExp(
  String.raw`\b(?:said|told|promised|assured|guaranteed|confirmed|would|will|'ll|'d|supposed\s+to|meant\s+to)\b[^.!?]{0,80}?\b(?:within|in|by|under)\s+(?:the\s+next\s+)?${numberEn}\s+${unitEn}\b`,
  'i',
);
const quotedEn = new RegExp(String.raw`["“'‘][^"”’]{0,80}?\b(?:within|in|by)\s+${numberEn}\s+${unitEn}\b[^"”’]{0,40}["”'’]`, 'i');
const promisedZh = new RegExp(String.raw`(?:说|答应|承诺|保证|告诉我|约好|讲好)[^。！？]{0,16}?${numberZh}\s*个?${unitZh}(?:内|之内|以内|就|会|能)?`);
/** The time since: "that was 6 days ago", "it's been 2 weeks", "三天了还", "一个多月了". */
const elapsedEn = new RegExp(
  String.raw`\b(?:that\s+was|it'?s\s+been|it\s+has\s+been|now\s+it'?s|been|waited|waiting)\s+(?:over\s+|more\s+than\s+|almost\s+|nearly\s+|about\s+)?${numberEn}\s+(?:more\s+)?${unitEn}\b`,
  'i',
);
const elapsedZh = new RegExp(String.raw`(?:过了|等了|已经|都|快)?${numberZh}\s*个?多?${unitZh}多?了`);

function value(word: string): number | null {
  const w = word
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^a (?:few|couple of)$/, (m) => (m.includes('few') ? 'few' : 'couple'));
  if (/^\d+$/.test(w)) return Number(w);
  if (w in numbers) return numbers[w]!;
  // 十二, 二十, 三十五
  const m = /^([二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(w);
  if (m) return (m[1] ? numbers[m[1]]! : 1) * 10 + (m[2] ? numbers[m[2]]! : 0);
  return null;
}

function days(unit: string): number {
  const u = unit.toLowerCase();
  if (/business|working|工作日/.test(u)) return 7 / 5;
  if (/^(?:hours?|hrs?|小时)$/.test(u)) return 1 / 24;
  if (/^(?:weeks?|周|星期|礼拜)$/.test(u)) return 7;
  if (/^fortnight$/.test(u)) return 14;
  if (/^(?:months?|月)$/.test(u)) return 30;
  return 1;
}

/** The deadline the shop gave has passed, by the customer's count; the match spans promise to elapsed time. */
export function deadlinePassed(text: string): PhraseMatch | null {
  const promise = promisedEn.exec(text) ?? quotedEn.exec(text) ?? promisedZh.exec(text);
  if (!promise) return null;
  const promised = value(promise[1]!);
  if (promised === null) return null;
  const after = text.slice(promise.index + promise[0].length);
  const since = elapsedEn.exec(after) ?? elapsedZh.exec(after);
  if (!since) return null;
  const elapsed = value(since[1]!);
  if (elapsed === null) return null;
  if (elapsed * days(since[2]!) <= promised * days(promise[2]!)) return null;
  const end = promise.index + promise[0].length + since.index + since[0].length;
  return { text: text.slice(promise.index, end), index: promise.index };
}
