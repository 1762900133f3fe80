import { RedactionSession } from '../../text/redact.js';
import { stripCitationMarkers } from './citations.js';
import { contradiction, excludedCase, misattribution, overgeneralised } from './binding.js';
import { claimsIn, commitmentContext, type CommitmentKind } from './commitment-terms.js';
import { factsOf, topicTokens, type PassageFacts } from './passage-facts.js';
import { extractQuantities, familyOf, supports, type Quantity } from './quantities.js';
import { splitSentences } from './sentences.js';
import { actionClaimsIn, type ClaimedAction } from './action-claims.js';

export { factsOf, type PassageFacts } from './passage-facts.js';

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
  | { type: 'contradicted_quantity'; quantity: string; passage: string }
  /** "Always free" where the policy makes it free only under a condition. */
  | { type: 'overgeneralised_commitment'; kind: CommitmentKind; condition: string }
  /** The reply grants a case the policy excludes ("also covers flash sales"). */
  | { type: 'excluded_case'; mentions: string }
  /** The reply says an order action happened ("I've refunded you") that the action log does not have done. */
  | { type: 'unperformed_action'; action: ClaimedAction; phrase: string };

export interface SentenceVerdict {
  /** The sentence without citation markers. */
  text: string;
  problems: GuardProblem[];
}

/**
 * What the reply says a quantity is about: its sentence, or, when the sentence states several
 * of the same kind ("we reply within 1 business day, and repair it within 10"), its clause.
 */
function topicOf(text: string, quantity: Quantity, all: readonly Quantity[]): Set<string> {
  const siblings = all.filter((q) => familyOf(q) === familyOf(quantity));
  if (siblings.length < 2) return topicTokens(text, all);
  const cuts = [...text.matchAll(/[,，;；]|\band\b|并且?|然后/g)].map((m) => m.index);
  const start = Math.max(0, ...cuts.filter((i) => i < quantity.start));
  const end = Math.min(text.length, ...cuts.filter((i) => i >= quantity.end));
  const clause = text.slice(start, end);
  const inClause = all.filter((q) => q.start >= start && q.end <= end).map((q) => ({ ...q, start: q.start - start, end: q.end - start }));
  return topicTokens(clause, inClause);
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
  const loose = overgeneralised(
    text,
    claims.filter((c) => !reported.has(c.kind)),
    passages,
  );
  if (loose) problems.push({ type: 'overgeneralised_commitment', ...loose });
  const excluded = excludedCase(text, topicTokens(text, []), passages);
  if (excluded) problems.push({ type: 'excluded_case', mentions: excluded });
  const quantities = extractQuantities(text, { bareNumbers: isCommitment });
  for (const quantity of quantities) {
    // "Today" or "immediately" in "I'll pass this on immediately" promises nothing about policy.
    if (quantity.kind === 'time_word' && !isCommitment) continue;
    const backed = quantity.kind === 'number' ? passages.some((p) => p.numbers.has(quantity.low)) : passages.some((p) => p.quantities.some((q) => supports(q, quantity)));
    if (!backed) {
      const passageSays = passages.flatMap((p) => p.quantities.filter((q) => q.kind === quantity.kind).map((q) => q.text));
      problems.push({ type: 'unsupported_quantity', quantity: quantity.text, unit: quantity.unit, passageSays: [...new Set(passageSays)] });
      continue;
    }
    if (quantity.kind !== 'number') {
      const other = misattribution(topicOf(text, quantity, quantities), quantity, passages);
      if (other) problems.push({ type: 'misattributed_quantity', quantity: quantity.text, belongsTo: other });
      const opposite = contradiction(text, quantity, passages);
      if (opposite) problems.push({ type: 'contradicted_quantity', quantity: quantity.text, passage: opposite });
    }
  }
  return problems;
}

/** Claims that an order action happened, each checked against what the action log has done. */
export function checkActionClaims(sentence: string, done: ReadonlySet<ClaimedAction>): GuardProblem[] {
  return actionClaimsIn(sentence)
    .filter((claim) => !done.has(claim.action))
    .map((claim) => ({ type: 'unperformed_action' as const, action: claim.action, phrase: claim.phrase }));
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
    case 'overgeneralised_commitment':
      return `${problem.kind.replace('_', ' ')} holds only under a condition in the policy: ${problem.condition}`;
    case 'excluded_case':
      return `the policy excludes what this grants (${problem.mentions})`;
    case 'unperformed_action':
      return `says "${problem.phrase}", but no ${problem.action} was done for this conversation`;
  }
}
