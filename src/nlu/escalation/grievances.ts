import type { EscalationReason } from '../../domain/types.js';
import type { LexiconSignals } from '../sentiment/lexicon/signals.js';
import { brokenPromisePatterns, compensationPatterns, fraudFalseFriends, fraudPatterns, noResponsePatterns, repeatedContactPatterns } from './grievance-phrases.js';
import { findPhrase, type PhraseMatch } from './match-phrases.js';
import { reportedAt } from './reported-speech.js';
import { aboutThirdParty, namesShop, namesThirdParty, promisedByThirdParty, sentenceNamesShop } from './whose-side.js';

export interface GrievanceInput {
  text: string;
  lexicon: LexiconSignals;
  /** The learned judgement's probability that the message needs a person. */
  needsPerson: number;
  /** The turn's polarity (model and lexicon blended, or the lexicon alone), -1..1. */
  polarity: number;
  /** Earlier customer turns come before this one: the customer is telling how things went. */
  laterTurn?: boolean;
}

export interface Finding {
  reason: EscalationReason;
  match: PhraseMatch;
  /** What besides the words made it count (for a demand: that it was made in anger). */
  because?: string;
}

/** The customer's own words, not a relative's retold ones. */
function ownPhrase(text: string, patterns: readonly RegExp[]): PhraseMatch | null {
  const match = findPhrase(text, patterns);
  return match && !reportedAt(text, match.index) ? match : null;
}

/**
 * A grievance against the shop, not one against the courier, the bank or a neighbour ("the
 * courier never picked up", "I called the carrier three times"). Later in a conversation the
 * customer narrates what happened to them at length ("the driver said he'd come Tuesday and
 * never did", "快递员电话打不通"): narration counts only when the shop or its people are the
 * ones who promised, were contacted or stayed silent.
 */
function againstShop(text: string, match: PhraseMatch | null, reason: 'repeated_contact' | 'broken_promise' | 'no_response', laterTurn: boolean): PhraseMatch | null {
  if (!match) return null;
  const { index, text: words } = match;
  // The contact is with whoever the clause names; a promise is the promiser's; silence is whoever the sentence says was silent.
  const someoneElse = reason === 'broken_promise' ? promisedByThirdParty(text, index) : aboutThirdParty(text, index, words.length, reason === 'no_response');
  if (someoneElse) return null;
  // Later in a conversation a silence said without a subject ("rang twice, no answer") belongs to whoever the message is about.
  if (reason === 'no_response' && laterTurn && !sentenceNamesShop(text, index, words.length) && namesThirdParty(text) && !namesShop(text)) return null;
  return match;
}

/** The match lies inside one of these phrases. */
function insideAny(text: string, match: PhraseMatch, phrases: readonly RegExp[]): boolean {
  return phrases.some((phrase) =>
    [...text.matchAll(new RegExp(phrase.source, `${phrase.flags.replace('g', '')}g`))].some((m) => m.index <= match.index && match.index < m.index + m[0].length),
  );
}

/** "You owe me", "必须赔", "不赔这事没完": a demand, not a request for goodwill. */
const demanding = /\b(?:owe|must|expect|demand|insist|least you|or else|unless|pay for|will pay|paying for|plus|double)\b|必须|得赔|要赔|赔我|不赔|少一分|没完|你们出|凭什么/i;

/**
 * Finds the grievances a supervisor takes over for: repeated contact, a broken promise, no
 * response, an accusation of cheating, and a compensation demand made in anger (a polite
 * request for a goodwill gesture stays with the bot).
 */
export function findGrievances(input: GrievanceInput, upsetAt: number): Finding[] {
  const { text } = input;
  const findings: Finding[] = [];
  const add = (reason: EscalationReason, match: PhraseMatch | null, because?: string) => {
    if (match) findings.push({ reason, match, ...(because ? { because } : {}) });
  };
  const later = input.laterTurn ?? false;
  add('repeated_contact', againstShop(text, ownPhrase(text, repeatedContactPatterns), 'repeated_contact', later));
  add('broken_promise', againstShop(text, ownPhrase(text, brokenPromisePatterns), 'broken_promise', later));
  add('no_response', againstShop(text, ownPhrase(text, noResponsePatterns), 'no_response', later));
  const fraud = ownPhrase(text, fraudPatterns);
  if (fraud && !insideAny(text, fraud, fraudFalseFriends)) add('fraud_accusation', fraud);
  const compensation = ownPhrase(text, compensationPatterns);
  if (compensation) {
    const demand = demanding.exec(text);
    if (demand) add('compensation_demand', compensation, `demanded: "${demand[0]}"`);
    else if (input.needsPerson >= upsetAt && input.polarity < 0) add('compensation_demand', compensation, `said upset (needs a person ${input.needsPerson.toFixed(2)})`);
  }
  return findings;
}
