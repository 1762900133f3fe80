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

// Order matters: the more specific kinds run first so that an ID number is not taken for a
// phone number, and order numbers (long digit runs that fail these checks) stay readable.
const detectors: Detector[] = [
  { kind: 'EMAIL', pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu },
  { kind: 'CN_ID', pattern: /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, accept: chineseIdValid },
  { kind: 'CARD', pattern: /(?<![\d+])\d(?:[ -]?\d){12,18}(?!\d)/g, accept: luhnValid },
  { kind: 'PHONE', pattern: /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g },
  {
    kind: 'PHONE',
    pattern: /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?!\d)/g,
    accept: (match) => digitsOf(match).length >= 8 && digitsOf(match).length <= 15,
  },
  { kind: 'PHONE', pattern: /(?<!\d)\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)/g },
  {
    kind: 'ADDRESS',
    pattern: /[\p{Script=Han}\d]{2,}(?:省|市|区|县|镇)[\p{Script=Han}\d]*?(?:路|街|道|巷|弄)[\d\p{Script=Han}-]*?\s*\d+\s*[号栋幢室]?(?:[\d-]+(?:室|号))?/gu,
  },
  {
    kind: 'ADDRESS',
    pattern:
      /\b\d{1,6}\s+(?:[A-Z][a-z]+\s){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl)\b\.?(?:,?\s*(?:Apt|Unit|Suite)\.?\s*\w+)?/g,
  },
];

export function redactPersonalData(text: string): Redaction {
  const values = new Map<string, string>();
  const counts: Partial<Record<PersonalDataKind, number>> = {};
  let redacted = text;
  for (const detector of detectors) {
    redacted = redacted.replace(detector.pattern, (match) => {
      if (detector.accept && !detector.accept(match)) return match;
      const n = (counts[detector.kind] ?? 0) + 1;
      counts[detector.kind] = n;
      const placeholder = `[${detector.kind}_${n}]`;
      values.set(placeholder, match);
      return placeholder;
    });
  }
  return { text: redacted, values, counts };
}

/** Puts the customer's own values back where a reply repeats a placeholder. */
export function restorePersonalData(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(/\[(?:EMAIL|PHONE|CARD|CN_ID|ADDRESS)_\d+\]/g, (placeholder) => values.get(placeholder) ?? placeholder);
}
