export type PersonalDataKind = 'EMAIL' | 'PHONE' | 'CARD' | 'CN_ID' | 'ADDRESS';

export interface Redaction {
  /** Text with each personal datum replaced by a placeholder such as `[PHONE_1]`. */
  text: string;
  /** Placeholder → original value, kept in memory only so a reply can put the value back. */
  values: Map<string, string>;
  counts: Partial<Record<PersonalDataKind, number>>;
}

interface Detector {
  kind: PersonalDataKind;
  pattern: RegExp;
  accept?: (match: string) => boolean;
  /** A cheap test that must pass before the pattern is worth running (the e-mail pattern backtracks on every word). */
  mayMatch?: (text: string) => boolean;
}

const digitsOf = (value: string) => value.replace(/\D/g, '');

function luhnValid(value: string): boolean {
  const digits = digitsOf(value);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

// GB 11643: the 18th character is a weighted checksum of the first 17 digits.
function chineseIdValid(value: string): boolean {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const checks = '10X98765432';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * weights[i]!;
  return checks[sum % 11] === value[17]!.toUpperCase();
}

const streetSuffix = 'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Close|Crescent|Square|Sq|Highway|Hwy|Parkway|Pkwy';
const usStates = 'AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC';

// Order matters: the more specific kinds claim their text first, so that an ID number is not
// taken for a phone number, and order numbers (long digit runs that fail these checks) stay
// readable. Detectors run on a half-width copy, so "１３８１２３４５６７８" is a phone too.
const detectors: Detector[] = [
  { kind: 'EMAIL', pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, mayMatch: (text) => text.includes('@') },
  { kind: 'CN_ID', pattern: /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, accept: chineseIdValid },
  { kind: 'CARD', pattern: /(?<![\d+])\d(?:[ -]?\d){12,18}(?!\d)/g, accept: luhnValid },
  // Chinese mobiles, with or without +86 / 0086, grouped 3-4-4 or not.
  { kind: 'PHONE', pattern: /(?<!\d)(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g },
  // Chinese landlines need their separator ("010-12345678", "(0571) 8888 8888"): bare digit runs are order numbers.
  { kind: 'PHONE', pattern: /(?<![\d-])(?:\(0\d{2,3}\)\s?|0\d{2,3}[ -])\d{3,4}[ -]?\d{4}(?![\d-])/g },
  {
    kind: 'PHONE',
    pattern: /(?<![\w+])(?:\+|00)\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?!\d)/g,
    accept: (match) => digitsOf(match).length >= 8 && digitsOf(match).length <= 15,
  },
  // UK mobiles written nationally: 07700 900123.
  { kind: 'PHONE', pattern: /(?<!\d)07\d{3}[ ]?\d{6}(?!\d)/g },
  { kind: 'PHONE', pattern: /(?<!\d)\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)/g },
  {
    kind: 'ADDRESS',
    pattern: /[\p{Script=Han}\d]{2,}(?:省|市|区|县|镇)[\p{Script=Han}\d]*?(?:路|街|道|巷|弄)[\d\p{Script=Han}-]*?\s*\d+\s*[号栋幢室]?(?:[\d-]+(?:室|号))?/gu,
  },
  // A residential compound with building and flat: "阳光花园 3 栋 2 单元 501 室".
  {
    kind: 'ADDRESS',
    pattern: /[\p{Script=Han}]{2,}(?:小区|花园|公寓|大厦|家园|新村|苑)\s*\d+\s*(?:栋|幢|号楼|座)(?:\s*\d+\s*单元)?(?:\s*\d+\s*(?:室|号))?/gu,
  },
  // A street and house number without the city: "文三路 90 号".
  { kind: 'ADDRESS', pattern: /[\p{Script=Han}]{2,}(?:路|街|大道|巷|弄)\s*\d+\s*号(?:\s*\d+\s*(?:室|号楼|栋))?/gu },
  {
    kind: 'ADDRESS',
    pattern: new RegExp(`\\b\\d{1,6}[A-Za-z]?\\s+(?:[A-Za-z][a-z]+\\s){1,4}(?:${streetSuffix})\\b\\.?(?:,?\\s*(?:Apt|Unit|Suite|Flat)\\.?\\s*\\w+)?`, 'gi'),
  },
  { kind: 'ADDRESS', pattern: new RegExp(`\\b(?:${usStates})\\s+\\d{5}(?:-\\d{4})?\\b`, 'g') },
  // UK postcodes: "SW1A 1AA", "M1 1AE".
  { kind: 'ADDRESS', pattern: /\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b/g },
];

const placeholderPattern = /\[(?:EMAIL|PHONE|CARD|CN_ID|ADDRESS)_\d+\]/g;

/** Half-width digits, letters and signs, character for character, so positions line up. */
function halfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (char) => (char === '\u3000' ? ' ' : String.fromCharCode(char.charCodeAt(0) - 0xfee0)));
}

function normalisedValue(kind: PersonalDataKind, value: string): string {
  const half = halfWidth(value);
  return kind === 'PHONE' || kind === 'CARD' ? digitsOf(half).replace(/^(?:00|\+)?86(?=1[3-9]\d{9}$)/, '') : half.toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Replaces personal data with placeholders across several texts, the same value always
 * getting the same placeholder, so a prompt made of a summary, earlier turns and the new
 * message reads consistently, and the model's reply can be given its values back.
 */
export class RedactionSession {
  readonly values = new Map<string, string>();
  readonly counts: Partial<Record<PersonalDataKind, number>> = {};
  private readonly byValue = new Map<string, string>();

  redact(text: string): string {
    const scan = halfWidth(text);
    const taken: Array<[number, number]> = [...scan.matchAll(placeholderPattern)].map((m) => [m.index, m.index + m[0].length]);
    const spans: Array<{ start: number; end: number; kind: PersonalDataKind }> = [];
    for (const detector of detectors) {
      if (detector.mayMatch && !detector.mayMatch(scan)) continue;
      for (const match of scan.matchAll(detector.pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        if (taken.some(([s, e]) => start < e && end > s)) continue;
        if (detector.accept && !detector.accept(match[0])) continue;
        taken.push([start, end]);
        spans.push({ start, end, kind: detector.kind });
      }
    }
    spans.sort((a, b) => a.start - b.start);
    let out = '';
    let cursor = 0;
    for (const span of spans) {
      const value = text.slice(span.start, span.end);
      out += text.slice(cursor, span.start) + this.placeholderFor(span.kind, value);
      cursor = span.end;
    }
    return out + text.slice(cursor);
  }

  private placeholderFor(kind: PersonalDataKind, value: string): string {
    const key = `${kind}:${normalisedValue(kind, value)}`;
    const known = this.byValue.get(key);
    if (known) return known;
    const n = (this.counts[kind] ?? 0) + 1;
    this.counts[kind] = n;
    const placeholder = `[${kind}_${n}]`;
    this.byValue.set(key, placeholder);
    this.values.set(placeholder, value);
    return placeholder;
  }

  restore(text: string): string {
    return restorePersonalData(text, this.values);
  }
}

export function redactPersonalData(text: string): Redaction {
  const session = new RedactionSession();
  return { text: session.redact(text), values: session.values, counts: session.counts };
}

/** Puts the customer's own values back where a reply repeats a placeholder. */
export function restorePersonalData(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(placeholderPattern, (placeholder) => values.get(placeholder) ?? placeholder);
}

/** Text that may end in the first part of a placeholder ("… call [PHO"), held back while streaming. */
export function endsInPartialPlaceholder(text: string): boolean {
  return /\[(?:[A-Z]{0,7}(?:_\d*)?)?$/.test(text) && !/\[(?:EMAIL|PHONE|CARD|CN_ID|ADDRESS)_\d+\]$/.test(text);
}
