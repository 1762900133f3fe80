import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Chunk } from '../../src/knowledge/types.js';

/**
 * One line of a customer question set (tests/fixtures/retrieval/customer-*): a message as a
 * customer writes it and the passages that answer it (none: the policies do not).
 */
const answerSchema = z.object({ source: z.string().min(1), section: z.string().optional(), evidence: z.string().optional() });
const customerQuestionSchema = z.object({
  id: z.string().min(1),
  lang: z.enum(['en', 'zh']),
  q: z.string().min(1),
  answers: z.array(answerSchema),
  tags: z.array(z.string()).optional(),
});
export type CustomerQuestion = z.infer<typeof customerQuestionSchema>;
export type LabelledAnswer = z.infer<typeof answerSchema>;

export function readCustomerQuestions(file: string): CustomerQuestion[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      const parsed = customerQuestionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return parsed.data;
    });
}

const squash = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
/** Markdown emphasis and list marks differ between a document and the chunk text made from it. */
const plain = (text: string) => squash(text.replace(/[*_`>#]+/g, '').replace(/^\s*[-•]\s+/gm, ''));

function sameSource(label: string, chunk: Chunk): boolean {
  const name = basename(label);
  return chunk.source === name || chunk.documentId === label || chunk.documentId.endsWith(`/${label}`) || label.endsWith(`/${chunk.documentId}`);
}

function sectionMatches(label: string, chunk: Chunk): boolean {
  const wanted = squash(label.replace(/^#+\s*/, ''));
  const section = squash(chunk.section ?? '');
  return section === wanted || section.startsWith(`${wanted} ›`) || chunk.headings.some((h) => squash(h) === wanted);
}

/**
 * The chunk ids that hold a labelled answer: the chunks of its source whose text contains the
 * evidence (verbatim, whitespace and markdown marks aside); if none does (evidence spanning a
 * split, or none given), the chunks of its section.
 */
export function goldChunkIds(answer: LabelledAnswer, chunks: readonly Chunk[]): Set<string> {
  const ofSource = chunks.filter((chunk) => sameSource(answer.source, chunk));
  if (answer.evidence) {
    const evidence = plain(answer.evidence);
    const holding = ofSource.filter((chunk) => plain(chunk.text).includes(evidence) || plain(`${chunk.section ?? ''} ${chunk.text}`).includes(evidence));
    if (holding.length > 0) return new Set(holding.map((c) => c.id));
  }
  return new Set(answer.section ? ofSource.filter((chunk) => sectionMatches(answer.section!, chunk)).map((c) => c.id) : []);
}

export interface GoldQuestion extends CustomerQuestion {
  /** Chunk ids any of which answers the question; empty for an unanswerable one. */
  gold: Set<string>;
  /** Answers whose passage could not be found in the corpus (a labelling or ingest problem). */
  unmapped: number;
}

export function withGold(questions: readonly CustomerQuestion[], chunks: readonly Chunk[]): GoldQuestion[] {
  return questions.map((question) => {
    const gold = new Set<string>();
    let unmapped = 0;
    for (const answer of question.answers) {
      const ids = goldChunkIds(answer, chunks);
      if (ids.size === 0) unmapped++;
      for (const id of ids) gold.add(id);
    }
    return { ...question, gold, unmapped };
  });
}
