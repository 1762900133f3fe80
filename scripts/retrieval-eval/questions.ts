import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Language } from '../../src/domain/types.js';

/** One line of a retrieval test set: a customer's question and the passage that answers it (null: nothing does). */
const questionSchema = z.object({
  q: z.string().min(1),
  lang: z.enum(['en', 'zh']),
  source: z.string().nullable(),
  section: z.string().optional(),
  contains: z.string().optional(),
  /** Asked in one language about a passage written in the other. */
  cross: z.boolean().optional(),
});
export type RetrievalQuestion = z.infer<typeof questionSchema>;

export function readQuestions(file: string): RetrievalQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      const parsed = questionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      return parsed.data;
    });
}

interface PassageLike {
  source: string;
  section?: string;
  text: string;
  language?: Language;
  translation?: { source: string; section?: string; text: string };
}

const sameRule = (question: RetrievalQuestion, passage: { source: string; section?: string; text: string }) =>
  passage.source === question.source &&
  (question.section === undefined || passage.section === question.section) &&
  (question.contains === undefined || passage.text.includes(question.contains));

/**
 * A result answers the question when it is the expected passage, or when its attached
 * translation is (a rule held in both languages comes back once, in the customer's language).
 */
export function answers(question: RetrievalQuestion, passage: PassageLike): boolean {
  return sameRule(question, passage) || (passage.translation !== undefined && sameRule(question, passage.translation));
}
