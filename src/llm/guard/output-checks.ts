import { detectLanguage } from '../../text/language.js';
import type { Language } from '../../domain/types.js';

/**
 * Checks on what the model wrote that do not depend on policy: signs that it followed an
 * instruction hidden in the data instead of its own (it repeats its prompt, writes in
 * another language, sends the customer to a link or address nobody gave it).
 */
export type OutputProblem =
  { type: 'prompt_leak'; fragment: string } | { type: 'unknown_contact'; contact: string } | { type: 'wrong_language'; expected: Language } | { type: 'markup'; fragment: string };

const contactPattern =
  /\bhttps?:\/\/[^\s)\]】>]+|\bwww\.[^\s)\]】>]+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|cn|io|co|info|xyz|top|shop|store|link|app|me|ly|biz)\b(?:\/[^\s]*)?|(?:\+|00)\d[\d ()-]{7,}\d|\b1[3-9]\d{9}\b|\b\d{3}[ .-]\d{3}[ .-]\d{4}\b/giu;

const normaliseContact = (text: string) =>
  text
    .toLowerCase()
    .replace(/[\s()-]/g, '')
    .replace(/[.,;:!?。，]+$/, '');

/** Word n-grams (English) and character runs (Chinese) of a prompt, to spot it being repeated. */
export class PromptFingerprint {
  private readonly grams = new Set<string>();

  constructor(
    prompt: string,
    private readonly words = 8,
    private readonly chars = 14,
  ) {
    for (const gram of this.gramsOf(prompt)) this.grams.add(gram);
  }

  private *gramsOf(text: string): Iterable<string> {
    const latin = text.toLowerCase().match(/[a-z0-9_']+/g) ?? [];
    for (let i = 0; i + this.words <= latin.length; i++) yield `w:${latin.slice(i, i + this.words).join(' ')}`;
    for (const [run] of text.matchAll(/[\p{Script=Han}，、：；]+/gu)) {
      for (let i = 0; i + this.chars <= run.length; i++) yield `c:${run.slice(i, i + this.chars)}`;
    }
  }

  leakIn(text: string): string | null {
    for (const gram of this.gramsOf(text)) if (this.grams.has(gram)) return gram.slice(2);
    return null;
  }
}

export function checkOutputSentence(sentence: string, context: { language: Language; allowedText: string; fingerprint: PromptFingerprint }): OutputProblem[] {
  const problems: OutputProblem[] = [];
  const leak = context.fingerprint.leakIn(sentence);
  if (leak) problems.push({ type: 'prompt_leak', fragment: leak });
  // A placeholder still here after the customer's values were put back is one the model made up.
  const markup = /NO_ANSWER|<\/?\s*(?:customer_message|conversation_history|conversation_summary|passages?|system)\b[^>]*>?|\[(?:EMAIL|PHONE|CARD|CN_ID|ADDRESS)_\d+\]/i.exec(
    sentence,
  );
  if (markup) problems.push({ type: 'markup', fragment: markup[0] });
  const allowed = normaliseContact(context.allowedText);
  for (const [contact] of sentence.matchAll(contactPattern)) {
    if (!allowed.includes(normaliseContact(contact))) problems.push({ type: 'unknown_contact', contact });
  }
  const guess = detectLanguage(sentence.replace(contactPattern, ' '), context.language);
  const substantial = (sentence.match(/\p{Script=Han}/gu)?.length ?? 0) >= 4 || (sentence.match(/[a-z]{2,}/gi)?.length ?? 0) >= 4;
  if (guess.detected && substantial && guess.language !== context.language && !guess.mixed) {
    problems.push({ type: 'wrong_language', expected: context.language });
  }
  return problems;
}
