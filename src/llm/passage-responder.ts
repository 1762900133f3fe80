import type { Citation, Passage } from '../core/types.js';
import type { Responder, ResponderInput, ResponderResult } from './responder.js';
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

export function citationOf(passage: Passage): Citation {
  return passage.section ? { source: passage.source, section: passage.section } : { source: passage.source };
}

export function formatCitation(citation: Citation): string {
  return citation.section ? `${citation.source} § ${citation.section}` : citation.source;
}

/**
 * Answers without a language model by quoting the best passage: the embedded default, and
 * the fallback whenever the model is down, slow or its answer fails the guard. A passage in
 * the customer's language is preferred when it is nearly as relevant as the best one overall.
 */
export class PassageResponder implements Responder {
  readonly name = 'passage-quote';

  constructor(private readonly templates: Templates) {}

  async respond({ passages, language }: ResponderInput): Promise<ResponderResult> {
    const started = performance.now();
    const trace = () => ({ responder: this.name, ms: Math.round(performance.now() - started) });
    const best = passages[0];
    if (!best) return { reply: null, trace: trace() };
    // The knowledge base already prefers the customer's language (a rule held in both comes back in
    // theirs): the first passage is the one `kb search` ranks first, and the one quoted.
    const chosen = best;
    const citation = citationOf(chosen);
    const text = this.templates.render('replies/answer-from-passage', language, {
      passage: quote(chosen.text),
      citation: formatCitation(citation),
    });
    return { reply: { kind: 'answer', text, citations: [citation] }, trace: trace() };
  }
}
