import type { QueryGroup, TextAnalyzer } from '../text/analyzer.js';
import type { Chunk } from '../types.js';
import type { Bm25Index } from './bm25-index.js';

/** One of an admin's phrasings of a passage, read as the keyword index reads text. */
export interface Phrasing {
  index: number;
  terms: ReadonlySet<string>;
}

/**
 * A question that says what one of its phrasings says at least this closely makes a passage a
 * candidate that passes the relevance check ("can I pop in on a saturday morning?" against an
 * admin's "Can I visit you on a saturday?" reads 0.67; sharing one detail word reads < 0.5).
 */
export const minPhrasingMatch = 0.6;

/** At least this close, the question is the one the admin attached (in other words): its passage ranks first. */
export const attachedPhrasingMatch = 0.8;

/** A version's phrasings, with every word they use (not in the keyword index: see indexTextOf). */
export interface Phrasings {
  list: readonly Phrasing[];
  vocabulary: ReadonlySet<string>;
}

export function phrasingsOf(chunks: readonly Chunk[], analyzer: TextAnalyzer): Phrasings {
  const list: Phrasing[] = [];
  chunks.forEach((chunk, index) => {
    for (const text of chunk.phrasings ?? []) list.push({ index, terms: new Set(analyzer.indexTerms(text)) });
  });
  return { list, vocabulary: new Set(list.flatMap((phrasing) => [...phrasing.terms])) };
}

/**
 * How closely the question says what one of a passage's phrasings says, 0..1, best phrasing per
 * passage: the harmonic mean of the share of the question's known content the phrasing holds
 * and the share of the phrasing's content the question holds, words weighted by idf. Both
 * shares must be high, so a phrasing that shares one detail word with the question ("kettle",
 * an order number) does not count, while a customer asking what an earlier one asked, in other
 * words around the same content, does.
 */
export function phrasingMatches(groups: readonly QueryGroup[], { list, vocabulary }: Phrasings, bm25: Bm25Index): Map<number, number> {
  const matches = new Map<number, number>();
  if (list.length === 0 || groups.length === 0) return matches;
  // A question's word counts when the documents or some phrasing use it: a word nothing uses
  // (a date, an order number) is detail, as in coverage.
  const counts = (term: string) => bm25.knows(term) || vocabulary.has(term);
  const units = groups
    .map((group) => {
      const terms = [...group.terms, ...(group.parts ?? [])].filter(counts);
      return { terms, weight: terms.length ? Math.max(...terms.map((term) => bm25.idf(term))) : 0 };
    })
    .filter((unit) => unit.weight > 0);
  const questionTotal = units.reduce((sum, unit) => sum + unit.weight, 0);
  if (questionTotal === 0) return matches;
  const asked = new Set(units.flatMap((unit) => unit.terms));
  for (const { index, terms } of list) {
    let held = 0;
    for (const unit of units) if (unit.terms.some((term) => terms.has(term))) held += unit.weight;
    const questionShare = held / questionTotal;
    let said = 0;
    let total = 0;
    for (const term of terms) {
      const weight = bm25.idf(term);
      total += weight;
      if (asked.has(term)) said += weight;
    }
    const phrasingShare = total > 0 ? said / total : 0;
    const match = questionShare + phrasingShare > 0 ? (2 * questionShare * phrasingShare) / (questionShare + phrasingShare) : 0;
    if (match > (matches.get(index) ?? 0)) matches.set(index, match);
  }
  return matches;
}
