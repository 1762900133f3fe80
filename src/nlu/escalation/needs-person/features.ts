import { featuresOf } from '../../intent/features.js';

/** Redaction placeholders ("[EMAIL_1]") and raw addresses say who the customer is, not how they feel. */
const contactDetails = /\[(?:EMAIL|PHONE|CARD|CN_ID|ADDRESS)_\d+\]|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const withoutContactDetails = (text: string) => text.replace(contactDetails, ' ');

/**
 * The intent model's n-grams (Chinese character 1–3-grams; English words, word pairs and
 * character 3–5-grams; message shape) without its topic concepts: whether a message needs a
 * person depends on how it is said, not on whether it is about a refund or a parcel.
 */
export function needsPersonFeatures(text: string): string[] {
  return featuresOf(withoutContactDetails(text)).filter((feature) => !feature.startsWith('k:') && !feature.startsWith('kk:'));
}

/** Words that carry no meaning on their own: "a, the" is no reason a supervisor can read (nor one to escalate on). */
const functionWords = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'to',
  'of',
  'in',
  'on',
  'at',
  'for',
  'with',
  'is',
  'it',
  'its',
  'i',
  'im',
  'my',
  'me',
  'this',
  'that',
  'be',
  'was',
  'are',
  'as',
  'by',
  'so',
  'if',
  'do',
]);

/**
 * A feature as words a supervisor can read on the escalation card: `wb:never_called` →
 * "never called", `t:骗子我` → "骗子我". Character n-grams of English words and shape
 * features say nothing to a reader and are left out.
 */
export function readableFeature(feature: string): string | null {
  const [kind, value] = [feature.slice(0, feature.indexOf(':')), feature.slice(feature.indexOf(':') + 1)];
  if (value.includes('§')) return null;
  switch (kind) {
    case 'w':
      return functionWords.has(value) ? null : value;
    case 'wb':
      return value.replace('_', ' ');
    case 'b':
    case 't':
      return value.includes('^') || value.includes('$') ? null : value;
    default:
      return null;
  }
}
