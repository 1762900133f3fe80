import { commitmentTerms, negated, type Claim, type CommitmentKind } from './commitment-terms.js';
import type { FactUnit, PassageFacts } from './passage-facts.js';
import { stem } from './tokens.js';
import { familyOf, supports, type Quantity } from './quantities.js';

/**
 * Checks that a fact the passages do state is used for the case they state it for, with
 * the sign they give it, and with their conditions: the mistakes a fluent model makes while
 * copying the right number.
 */

function shared(a: ReadonlySet<string>, b: ReadonlySet<string>, without: ReadonlySet<string>): string[] {
  return [...a].filter((token) => b.has(token) && !without.has(token));
}

/**
 * The passage states the quantity, but the reply's sentence talks about what another
 * statement (with a different value of the same kind) is about, more than about what only the
 * matching one is about: "card refunds take 1 to 3 business days" when 1 to 3 is PayPal's.
 */
export function misattribution(topic: Set<string>, quantity: Quantity, passages: readonly PassageFacts[]): string | null {
  const units = passages.flatMap((p) => p.units);
  const matching = units.filter((u) => u.quantities.some((q) => supports(q, quantity)));
  const rivals = units.filter((u) => !matching.includes(u) && u.quantities.some((q) => familyOf(q) === familyOf(quantity) && !supports(q, quantity)));
  if (matching.length === 0 || rivals.length === 0) return null;
  const overlap = (u: FactUnit) => shared(topic, u.tokens, new Set()).length;
  const best = matching.reduce((a, b) => (overlap(b) > overlap(a) ? b : a));
  const known = new Set(units.flatMap((u) => [...u.tokens]));
  for (const rival of rivals) {
    const towardsRival = shared(topic, rival.tokens, best.tokens);
    const towardsBest = shared(topic, best.tokens, rival.tokens);
    // Clearly more about the other case (a shared incidental word is not enough).
    if (towardsRival.length > 2 * towardsBest.length) return `${rival.text} (mentions ${towardsRival.join(', ')})`;
    // About neither case's specifics, but about something the policy never names ("phones"
    // when 2 years is for laptops and tablets): the number is lent to a new subject.
    const foreign = [...topic].filter((token) => (/^[a-z]/.test(token) ? token.length >= 4 : true) && !known.has(token) && !genericWords.has(token));
    const specifics = [...best.tokens].filter((token) => !rival.tokens.has(token));
    if (towardsRival.length === 0 && towardsBest.length === 0 && foreign.length > 0 && specifics.length > 0) {
      return `${best.text} (it says this of ${specifics.slice(0, 4).join(', ')}, not ${foreign.join(', ')})`;
    }
  }
  return null;
}

/** Words of a reply that say nothing about which case it means. */
const genericWords = new Set(
  [
    'your our mine get got usual normal general typical tend take need show land come reach arriv appear back should would will able',
    'hello thank sorry pleas happi help glad cours sure okai well anyth someth everyth anyon someon everyon whatev after befor later',
    'goe go went out right then also just still even',
  ]
    .join(' ')
    .split(' ')
    .map(stem),
);

/**
 * "不扣 12 元" / "we won't deduct the $6.95 fee" against a passage that deducts it: the number
 * matches, the meaning is the opposite. Amounts and percentages, where a flipped sign is a
 * flipped promise.
 */
export function contradiction(text: string, quantity: Quantity, passages: readonly PassageFacts[]): string | null {
  if (quantity.kind !== 'money' && quantity.kind !== 'percent') return null;
  const replyNegated = negated(text, quantity.start);
  const stated = passages.flatMap((p) => p.units).flatMap((u) => u.quantities.filter((q) => supports(q, quantity)).map((q) => ({ u, q })));
  if (stated.length === 0 || stated.some(({ u, q }) => negated(u.text, q.start) === replyNegated)) return null;
  return stated[0]!.u.text;
}

const universal =
  /\b(?:always|every|everyone|everybody|all|any|whatever|regardless|no matter|in all cases|in every case|however many|for everyone)\b|一律|所有|任何|无论|一概|全部|均可|都可以|都会|都能|都免费|都包邮/i;
// Conditions and restrictions a promise can hang on: "when faulty", "the first exchange", "orders over $49", "members".
const condition = /\b(?:if|when|unless|only|once|as long as|provided|in case|first|over|above|members?)\b|如果|若|只要|除非|的，|时，|的,|满|首次|第一次|会员/i;
const conditionalKinds: ReadonlySet<CommitmentKind> = new Set(['free', 'refund', 'full_refund', 'replacement']);

/**
 * "Return shipping is always free" when every passage statement that makes it free has a
 * condition ("when the item is faulty"): the reply drops the condition the promise hangs on.
 */
export function overgeneralised(text: string, claims: readonly Claim[], passages: readonly PassageFacts[]): { kind: CommitmentKind; condition: string } | null {
  if (!universal.test(text)) return null;
  for (const claim of claims) {
    if (!conditionalKinds.has(claim.kind)) continue;
    const terms = commitmentTerms.find((t) => t.kind === claim.kind)!;
    const backing = passages.flatMap((p) => p.units).filter((u) => new RegExp(terms.support.source, 'i').test(u.text));
    if (backing.length > 0 && backing.every((u) => condition.test(u.text))) return { kind: claim.kind, condition: backing[0]!.text };
  }
  return null;
}

const negation = /\b(?:not|no|never|cannot|can't|won't|doesn't|don't|isn't|aren't|excluded|except)\b|不|无法|没有|除外|非/i;
const affirmation = /\b(?:cover(?:s|ed)?|appl(?:y|ies)|eligible|include[sd]?|accept(?:s|ed)?|can (?:return|get|claim|apply)|also|too|as well)\b|可以|能|支持|适用|包括|包含|也/i;

/**
 * The reply grants what the passage excludes: "price protection also covers flash sales"
 * against "price protection does not apply to flash sales". Words only the exclusion uses,
 * in a sentence that affirms and does not negate.
 */
export function excludedCase(text: string, topic: Set<string>, passages: readonly PassageFacts[]): string | null {
  if (negation.test(text) || !affirmation.test(text)) return null;
  for (const passage of passages) {
    const hit = [...topic].filter((token) => passage.excluded.has(token));
    if (hit.length > 0) return hit.join(', ');
  }
  return null;
}
