import { RedactionSession } from '../../nlu/redact.js';
import { stripCitationMarkers } from './citations.js';
import { claimsIn, commitmentContext, kindsSupportedBy, negated, type CommitmentKind } from './commitment-terms.js';
import { extractQuantities, familyOf, numbersIn, supports, type Quantity } from './quantities.js';
import { splitSentences } from './sentences.js';
import { contentTokens } from './tokens.js';

export interface GuardPassage {
  id: string;
  text: string;
}

export type GuardProblem =
  /** A number, duration, amount, date or time word that no cited passage states. */
  | { type: 'unsupported_quantity'; quantity: string; unit: string; passageSays: string[] }
  /** A refund, replacement, compensation, fee or guarantee that no cited passage speaks of. */
  | { type: 'unsupported_commitment'; kind: CommitmentKind; phrase: string }
  /** The number is in the passage, but for another case ("1 to 3 days" is PayPal's, not cards'). */
  | { type: 'misattributed_quantity'; quantity: string; belongsTo: string }
  /** The passage charges the amount; the reply says it is not charged, or the other way round. */
  | { type: 'contradicted_quantity'; quantity: string; passage: string };

export interface SentenceVerdict {
  /** The sentence without citation markers. */
  text: string;
  problems: GuardProblem[];
}

export interface PassageFacts {
  id: string;
  kinds: Set<CommitmentKind>;
  quantities: Quantity[];
  numbers: Set<number>;
  sentences: Array<{ text: string; quantities: Quantity[]; tokens: Set<string> }>;

}

export function factsOf(passage: GuardPassage): PassageFacts {
  const quantities = extractQuantities(passage.text, { bareNumbers: true });
  return {
    id: passage.id,
    kinds: kindsSupportedBy(passage.text),
    quantities,
    numbers: numbersIn(quantities),
    sentences: splitSentences(passage.text).map((s) => ({
      text: s.text,
      quantities: extractQuantities(s.text),
      tokens: contentTokens(s.text),
    })),
  };
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((token) => b.has(token));
}

/**
 * The passage states the reply's quantity, but the reply's sentence talks about what
 * another of its sentences (with a different value) talks about, and about nothing that
 * only the matching sentence mentions: e.g. "card refunds take 1 to 3 business days" when
 * 1 to 3 is PayPal's and cards get 5 to 10.
 */
function misattribution(sentenceTokens: Set<string>, quantity: Quantity, passages: readonly PassageFacts[]): string | null {
  const all = passages.flatMap((p) => p.sentences);
  const matching = all.filter((s) => s.quantities.some((q) => supports(q, quantity)));
  const rivals = all.filter(
    (s) => !matching.includes(s) && s.quantities.some((q) => familyOf(q) === familyOf(quantity) && !supports(q, quantity)),
  );
  if (matching.length === 0 || rivals.length === 0) return null;
  const overlap = (s: { tokens: Set<string> }) => intersect(sentenceTokens, s.tokens).length;
  const best = matching.reduce((a, b) => (overlap(b) > overlap(a) ? b : a));
  for (const rival of rivals) {
    const onlyRival = new Set([...rival.tokens].filter((t) => !best.tokens.has(t)));
    const onlyBest = new Set([...best.tokens].filter((t) => !rival.tokens.has(t)));
    const pointsToRival = intersect(sentenceTokens, onlyRival);
    if (pointsToRival.length > 0 && intersect(sentenceTokens, onlyBest).length === 0) {
      return `${rival.text} (mentions ${pointsToRival.join(', ')})`;
    }
  }
  return null;
}

/**
 * "不扣 12 元" / "there is no $6.95 fee" against a passage that deducts 12 元 / $6.95: the
 * number matches, the meaning is the opposite. Amounts and percentages only, where a flipped
 * sign is a flipped promise.
 */
function contradiction(text: string, quantity: Quantity, passages: readonly PassageFacts[]): string | null {
  if (quantity.kind !== 'money' && quantity.kind !== 'percent') return null;
  const replyNegated = negated(text, quantity.start);
  const stated = passages.flatMap((p) => p.sentences).flatMap((s) => s.quantities.filter((q) => supports(q, quantity)).map((q) => ({ s, q })));
  if (stated.length === 0 || stated.some(({ s, q }) => negated(s.text, q.start) === replyNegated)) return null;
  return stated[0]!.s.text;
}

/** The words of a sentence without its quantities: what it is about, not what it claims. */
function topicTokens(text: string, quantities: readonly Quantity[]): Set<string> {
  let topic = text;
  for (const q of [...quantities].reverse()) topic = `${topic.slice(0, q.start)} ${topic.slice(q.end)}`;
  return contentTokens(topic);
}

/** The problems of one sentence (without citation markers) against the passages it may rest on. */
export function checkSentenceAgainst(sentence: string, passages: readonly PassageFacts[]): GuardProblem[] {
  // A phone number or card the customer gave is not a promise of an amount: read around it.
  const text = new RedactionSession().redact(sentence);
  const problems: GuardProblem[] = [];
  const claims = claimsIn(text);
  const isCommitment = claims.length > 0 || commitmentContext.test(text);
  const supportedKinds = new Set(passages.flatMap((p) => [...p.kinds]));
  const reported = new Set<CommitmentKind>();
  for (const claim of claims) {
    if (supportedKinds.has(claim.kind) || reported.has(claim.kind)) continue;
    reported.add(claim.kind);
    problems.push({ type: 'unsupported_commitment', kind: claim.kind, phrase: claim.phrase });
  }
  const quantities = extractQuantities(text, { bareNumbers: isCommitment });
  const tokens = topicTokens(text, quantities);
  for (const quantity of quantities) {
    // "Today" or "immediately" in "I'll pass this on immediately" promises nothing about policy.
    if (quantity.kind === 'time_word' && !isCommitment) continue;
    const backed =
      quantity.kind === 'number'
        ? passages.some((p) => p.numbers.has(quantity.low))
        : passages.some((p) => p.quantities.some((q) => supports(q, quantity)));
    if (!backed) {
      const passageSays = passages.flatMap((p) => p.quantities.filter((q) => q.kind === quantity.kind).map((q) => q.text));
      problems.push({ type: 'unsupported_quantity', quantity: quantity.text, unit: quantity.unit, passageSays: [...new Set(passageSays)] });
      continue;
    }
    if (quantity.kind !== 'number') {
      const other = misattribution(tokens, quantity, passages);
      if (other) problems.push({ type: 'misattributed_quantity', quantity: quantity.text, belongsTo: other });
      const opposite = contradiction(text, quantity, passages);
      if (opposite) problems.push({ type: 'contradicted_quantity', quantity: quantity.text, passage: opposite });
    }
  }
  return problems;
}

/**
 * The commitment guard: every statement of a refund, replacement, compensation, fee,
 * deadline, amount or duration in a reply must be backed by one of the passages the reply
 * cites. Numbers must match what the passage says (in either language and any numeral
 * style); kinds of commitment the passages never mention are unsupported.
 */
export class CommitmentGuard {
  check(sentences: readonly string[], cited: readonly GuardPassage[]): SentenceVerdict[] {
    const facts = cited.map(factsOf);
    return sentences.map((sentence) => {
      const text = stripCitationMarkers(sentence).trim();
      return { text, problems: checkSentenceAgainst(text, facts) };
    });
  }

  /** Convenience for a whole reply: split, then check each sentence. */
  checkText(reply: string, cited: readonly GuardPassage[]): SentenceVerdict[] {
    return this.check(
      splitSentences(reply).map((s) => s.text),
      cited,
    );
  }
}

export function describeProblem(problem: GuardProblem): string {
  switch (problem.type) {
    case 'unsupported_quantity':
      return `"${problem.quantity}" is not in the cited policy${problem.passageSays.length ? ` (it says ${problem.passageSays.join(', ')})` : ''}`;
    case 'unsupported_commitment':
      return `${problem.kind.replace('_', ' ')} ("${problem.phrase}") is not in the cited policy`;
    case 'misattributed_quantity':
      return `"${problem.quantity}" applies to another case in the policy: ${problem.belongsTo}`;
    case 'contradicted_quantity':
      return `"${problem.quantity}" is stated the other way round in the policy: ${problem.passage}`;
  }
}
