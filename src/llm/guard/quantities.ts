import { chineseNumeralPattern, englishNumberPattern, parseNumber, toHalfWidth } from '../../text/numerals.js';

/**
 * A checkable fact in a sentence: a duration ("5 to 10 business days", "七天"), an amount
 * ("$6.95", "12 元"), a percentage, a time of day, a date, or a time word ("immediately",
 * "当天"). Values are normalised so that the English and Chinese ways of writing the same
 * thing compare equal: "3 business days" = "三个工作日" = "３个工作日".
 */
export interface Quantity {
  kind: 'duration' | 'money' | 'percent' | 'clock' | 'date' | 'time_word' | 'number';
  /** `business_day`, `day`, `hour`, `usd`, `cny`, `percent`, `date:11-20`, `time:immediate`… */
  unit: string;
  low: number;
  high: number;
  /** As written, for evidence and logs. */
  text: string;
  start: number;
  end: number;
}

const NUM_ZH = `(?:\\d+(?:\\.\\d+)?|${chineseNumeralPattern}|半)`;
const NUM_EN = `(?:\\d+(?:\\.\\d+)?|${englishNumberPattern}|an?)`;
const NUM_ANY = `(?:\\d+(?:\\.\\d+)?|${chineseNumeralPattern}|${englishNumberPattern})`;
const RANGE_EN = `\\s*(?:-|–|—|~|to|and|or)\\s*`;
const RANGE_ZH = `\\s*(?:至|到|-|–|—|~|或)\\s*`;

const englishDurationUnits: ReadonlyArray<[RegExp, string]> = [
  [/^(?:business|working)[ -]?days?$/, 'business_day'],
  [/^(?:calendar[ -]?)?days?$/, 'day'],
  [/^(?:hours?|hrs?)$/, 'hour'],
  [/^(?:minutes?|mins?)$/, 'minute'],
  [/^weeks?$/, 'week'],
  [/^months?$/, 'month'],
  [/^(?:years?|yrs?)$/, 'year'],
];
const chineseDurationUnits: Record<string, string> = {
  工作日: 'business_day',
  自然日: 'day',
  天: 'day',
  日: 'day',
  小时: 'hour',
  钟头: 'hour',
  分钟: 'minute',
  周: 'week',
  星期: 'week',
  礼拜: 'week',
  个月: 'month',
  年: 'year',
};
const currencyUnits: ReadonlyArray<[RegExp, string]> = [
  [/^(?:us\$|\$|usd|dollars?|bucks?)$/, 'usd'],
  [/^(?:¥|rmb|cny|yuan|元|块钱?|人民币)$/, 'cny'],
  [/^(?:€|eur|euros?)$/, 'eur'],
  [/^(?:£|gbp|pounds?)$/, 'gbp'],
];
const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const weekdaysEn = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const weekdaysZh: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

/** Time words that commit to a moment, each with the key both languages share. */
const timeWords: ReadonlyArray<[RegExp, string]> = [
  [/next (?:business|working) day|下一?个工作日|次一个?工作日/g, 'next_business_day'],
  [/\b(?:immediately|instant(?:ly)?|right away|straight away|at once|in no time)\b|立即|立刻|马上|即时|即刻|第一时间|秒到/g, 'immediate'],
  [/\bsame[ -]day\b|当天|当日/g, 'same_day'],
  [/\b(?:today|tonight)\b|今天|今日|今晚/g, 'today'],
  [/\btomorrow\b|明天|明日/g, 'tomorrow'],
  [/\bnext day\b|次日|第二天|隔天/g, 'next_day'],
  [/\bend of (?:the )?(?:business )?day\b|\bclose of business\b|下班前/g, 'end_of_day'],
  [/\b(?:this|within the) week\b|本周内?|这周内?|这个星期/g, 'this_week'],
  [/\b(?:within|in) (?:the )?(?:next )?(?:hour|few minutes)\b/g, 'within_hour'],
];

function durationUnitOf(word: string): string | null {
  const lower = word.toLowerCase();
  for (const [pattern, unit] of englishDurationUnits) if (pattern.test(lower)) return unit;
  return chineseDurationUnits[word] ?? null;
}

function currencyOf(word: string): string | null {
  const lower = word.toLowerCase().trim();
  for (const [pattern, unit] of currencyUnits) if (pattern.test(lower)) return unit;
  return null;
}

interface Matcher {
  pattern: RegExp;
  read(match: RegExpExecArray): Omit<Quantity, 'text' | 'start' | 'end'> | null;
}

const num = (text: string | undefined) => (text === undefined ? null : parseNumber(text));

function range(kind: Quantity['kind'], unit: string, a: string | undefined, b: string | undefined) {
  const low = num(a);
  const high = b === undefined ? low : num(b);
  if (low === null || high === null) return null;
  return { kind, unit, low: Math.min(low, high), high: Math.max(low, high) };
}

// Order matters: dates and time words are claimed before a bare "20日" or "一个工作日" inside them.
const matchers: Matcher[] = [
  {
    pattern: /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g,
    read: (m) => ({ kind: 'date', unit: `date:${Number(m[2])}-${Number(m[3])}`, low: 0, high: 0 }),
  },
  {
    pattern: new RegExp(`(${NUM_ZH})\\s*月\\s*(${NUM_ZH})\\s*[日号]`, 'g'),
    read: (m) => {
      const [month, day] = [num(m[1]), num(m[2])];
      return month && day && month <= 12 ? { kind: 'date', unit: `date:${month}-${day}`, low: 0, high: 0 } : null;
    },
  },
  {
    pattern: new RegExp(`\\b(${months.join('|')})[a-z]*\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`, 'g'),
    read: (m) => ({ kind: 'date', unit: `date:${months.indexOf(m[1]!) + 1}-${Number(m[2])}`, low: 0, high: 0 }),
  },
  {
    pattern: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${months.join('|')})[a-z]*\\b`, 'g'),
    read: (m) => ({ kind: 'date', unit: `date:${months.indexOf(m[2]!) + 1}-${Number(m[1])}`, low: 0, high: 0 }),
  },
  {
    // A weekday is a promise only as a deadline: "by Friday", "下周五前".
    pattern: new RegExp(`\\b(?:by|before|until|no later than|this|next|on or before)\\s+(${weekdaysEn.join('|')})\\b`, 'g'),
    read: (m) => ({ kind: 'date', unit: `weekday:${weekdaysEn.indexOf(m[1]!) + 1}`, low: 0, high: 0 }),
  },
  {
    pattern: /(?:[这本下]个?(?:周|星期|礼拜)([一二三四五六日天]))|(?:(?:周|星期|礼拜)([一二三四五六日天])(?:前|之前|以前|内))/g,
    read: (m) => ({ kind: 'date', unit: `weekday:${weekdaysZh[(m[1] ?? m[2])!]}`, low: 0, high: 0 }),
  },
  ...timeWords.map(([pattern, key]) => ({
    pattern,
    read: () => ({ kind: 'time_word' as const, unit: `time:${key}`, low: 0, high: 0 }),
  })),
  {
    // "Half the price", "一半" is an amount of money as much as 50% is.
    pattern: /\bhalf (?:of )?(?:the |your )?(?:price|amount|refund|cost|money|order)\b|一半|半价|半额/g,
    read: () => ({ kind: 'percent', unit: 'percent', low: 50, high: 50 }),
  },
  {
    pattern: /\bhalf an? (hour|day)\b|半(?:个)?(小时|天)/g,
    read: (m) => ({ kind: 'duration', unit: durationUnitOf(m[1] ?? m[2]!)!, low: 0.5, high: 0.5 }),
  },
  {
    // Money before durations, so "$12.90" is not read as "12.90 …".
    pattern: new RegExp(
      `(us\\$|\\$|usd\\s?|€|eur\\s?|£|gbp\\s?|¥|rmb\\s?|cny\\s?|人民币\\s?)\\s*(\\d+(?:,\\d{3})*(?:\\.\\d+)?)(?:\\s*(?:-|–|to)\\s*(?:us\\$|\\$|¥|€|£)?\\s*(\\d+(?:\\.\\d+)?))?`,
      'g',
    ),
    read: (m) => range('money', currencyOf(m[1]!)!, m[2]!.replace(/,/g, ''), m[3]),
  },
  {
    pattern: new RegExp(
      `(?<![\\w.])(${NUM_ANY})(?:${RANGE_EN}|${RANGE_ZH})?(${NUM_ANY})?\\s*(dollars?|bucks?|usd|euros?|eur|pounds?|gbp|yuan|rmb|cny|元|块钱?|人民币)(?![a-z])`,
      'g',
    ),
    read: (m) => range('money', currencyOf(m[3]!)!, m[1], m[2]),
  },
  {
    pattern: new RegExp(`(?<![\\w.])(${NUM_EN})(?:${RANGE_EN}(${NUM_EN}))?\\s*(?:%|percent\\b|per cent\\b)`, 'g'),
    read: (m) => range('percent', 'percent', m[1], m[2]),
  },
  {
    pattern: new RegExp(`百分之(${NUM_ZH})`, 'g'),
    read: (m) => range('percent', 'percent', m[1], undefined),
  },
  {
    pattern: new RegExp(`打?(${NUM_ZH})\\s*折`, 'g'),
    read: (m) => range('percent', 'discount_tenths', m[1], undefined),
  },
  {
    pattern: /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)(?![a-z])/g,
    read: (m) => {
      const hour = (Number(m[1]) % 12) + (m[3]!.startsWith('p') ? 12 : 0) + Number(m[2] ?? 0) / 60;
      return { kind: 'clock', unit: 'clock', low: hour, high: hour };
    },
  },
  {
    // "一点" alone means "a little"; a clock time has digits or a part of the day.
    pattern: new RegExp(`(?:(上午|早上|中午|下午|晚上)\\s*(${NUM_ZH})|(\\d{1,2}))\\s*点(半)?`, 'g'),
    read: (m) => {
      const base = num(m[2] ?? m[3]);
      if (base === null || base > 24) return null;
      const hour = base + (m[1] && /下午|晚上/.test(m[1]) && base < 12 ? 12 : 0) + (m[4] ? 0.5 : 0);
      return { kind: 'clock', unit: 'clock', low: hour, high: hour };
    },
  },
  {
    pattern: new RegExp(
      `(?<![\\w.])(?:between\\s+)?(${NUM_EN})(?:${RANGE_EN}(${NUM_EN}))?[\\s-]*(?:(?:extra|more|additional|full|whole|consecutive)\\s+)?((?:business|working)[ -]?days?|calendar[ -]?days?|days?|hours?|hrs?|minutes?|mins?|weeks?|months?|years?|yrs?)\\b`,
      'g',
    ),
    read: (m) => range('duration', durationUnitOf(m[3]!)!, m[1], m[2]),
  },
  {
    pattern: new RegExp(`(${NUM_ZH})(?:${RANGE_ZH}(${NUM_ZH}))?\\s*多?\\s*(?:个\\s*)?(工作日|自然日|个月|小时|钟头|分钟|星期|礼拜|周|天|日|年)`, 'g'),
    read: (m) => {
      const value = num(m[1]);
      // "2026年" is a year, not a duration.
      if (m[3] === '年' && value !== null && value >= 1900) return { kind: 'date', unit: `year:${value}`, low: 0, high: 0 };
      return range('duration', durationUnitOf(m[3]!)!, m[1], m[2]);
    },
  },
];

/** A number that is a reference, not a promise: order numbers, model numbers, placeholders. */
const bareNumberPattern = /(?<![\w$¥€£#.[\-/:])\d{1,4}(?:\.\d+)?(?![\w%\]./:-])/g;

function overlaps(taken: ReadonlyArray<[number, number]>, start: number, end: number): boolean {
  return taken.some(([s, e]) => start < e && end > s);
}

/** Normalised text the matchers run on: half-width, lower case, same length as the input. */
export function normaliseForMatching(text: string): string {
  return toHalfWidth(text).toLowerCase();
}

export function extractQuantities(text: string, options: { bareNumbers?: boolean } = {}): Quantity[] {
  const normalised = normaliseForMatching(text);
  const found: Quantity[] = [];
  const taken: Array<[number, number]> = [];
  for (const matcher of matchers) {
    matcher.pattern.lastIndex = 0;
    for (const match of normalised.matchAll(matcher.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (match[0].trim() === '' || overlaps(taken, start, end)) continue;
      const read = matcher.read(match as RegExpExecArray);
      if (!read) continue;
      taken.push([start, end]);
      found.push({ ...read, text: text.slice(start, end).trim(), start, end });
    }
  }
  if (options.bareNumbers) {
    for (const match of normalised.matchAll(bareNumberPattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (overlaps(taken, start, end)) continue;
      const value = Number(match[0]);
      found.push({ kind: 'number', unit: 'number', low: value, high: value, text: match[0], start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Every number written in the text, whatever its unit: what a bare number in a reply may echo. */
export function numbersIn(quantities: readonly Quantity[]): Set<number> {
  const values = new Set<number>();
  for (const q of quantities) {
    if (q.kind === 'date' || q.kind === 'time_word') continue;
    values.add(q.low);
    values.add(q.high);
  }
  return values;
}

/**
 * Whether a passage's quantity backs the reply's. A range must be stated as the passage
 * states it; a single value may be the passage's exact value or the upper end of its range
 * ("within 10 business days" for "5 to 10 business days"), never the lower end, which
 * would promise more than the policy gives.
 */
export function supports(passage: Quantity, reply: Quantity): boolean {
  if (passage.unit !== reply.unit) return false;
  if (reply.low !== reply.high) return passage.low === reply.low && passage.high === reply.high;
  return passage.high === reply.high;
}

/** Quantities that can stand for one another in a wrong claim: "instant" for "5 to 10 days". */
export function familyOf(q: Quantity): string {
  if (q.kind === 'duration' || q.kind === 'time_word' || q.kind === 'clock' || q.kind === 'date') return 'timing';
  return q.kind === 'number' ? 'number' : q.unit;
}
