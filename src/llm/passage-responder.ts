import type { FollowUp, Passage } from '../domain/types.js';
import { citationOf, formatCitation } from '../domain/citation.js';
import type { Responder, ResponderInput, ResponderResult } from '../core/ports/responder.js';
import type { Templates } from './templates.js';

const maxQuoteChars = 700;

/** Cuts at a sentence end near the limit, so a quoted rule is never cut mid-clause. */
export function quote(text: string, limit = maxQuoteChars): string {
  const clean = text.replace(/\n{3,}/g, '\n\n').trim();
  if (clean.length <= limit) return clean;
  const head = clean.slice(0, limit);
  const end = Math.max(...['. ', '。', '！', '？', '; ', '；', '\n'].map((mark) => head.lastIndexOf(mark)));
  return `${end > limit / 2 ? head.slice(0, end + 1).trimEnd() : head.trimEnd()}…`;
}

/** A second rule this close to the best (score ratio) is offered as a follow-up rather than dropped. */
const followUpRatio = 0.9;
const maxFollowUps = 2;

const sectionKey = (p: Passage) => `${p.source}§${(p.section ?? '').split(' › ')[0]}`;

/** Close runners-up from other sections, by their heading: what the customer may have meant instead. */
export function followUpsFor(passages: readonly Passage[]): FollowUp[] {
  const best = passages[0];
  if (!best || best.score <= 0) return [];
  const seen = new Set([sectionKey(best)]);
  const followUps: FollowUp[] = [];
  for (const passage of passages.slice(1)) {
    if (followUps.length >= maxFollowUps || passage.score < best.score * followUpRatio) break;
    const title = (passage.section ?? '').split(' › ')[0]!.trim();
    if (!title || seen.has(sectionKey(passage)) || /^第.+条$|^§/.test(title)) continue;
    seen.add(sectionKey(passage));
    followUps.push({ title, text: title });
  }
  return followUps;
}

/**
 * Answers without a language model: the embedded default, and the fallback whenever the model
 * is down, slow or its answer fails the guard. It quotes the passage `kb search` ranks first
 * (the knowledge base already prefers the customer's language), narrowed to the sentences that
 * answer the question when the knowledge base found them, and offers close runners-up from
 * other sections as follow-ups.
 */
export class PassageResponder implements Responder {
  readonly name = 'passage-quote';

  constructor(private readonly templates: Templates) {}

  async respond({ passages, language }: ResponderInput): Promise<ResponderResult> {
    const started = performance.now();
    const trace = () => ({ responder: this.name, ms: Math.round(performance.now() - started) });
    const chosen = passages[0];
    if (!chosen) return { reply: null, trace: trace() };
    const citation = citationOf(chosen);
    const text = this.templates.render('replies/answer-from-passage', language, {
      passage: quote(chosen.answer ?? chosen.text),
      citation: formatCitation(citation),
    });
    const followUps = followUpsFor(passages);
    return { reply: { kind: 'answer', text, citations: [citation], ...(followUps.length ? { followUps } : {}) }, trace: trace() };
  }
}
