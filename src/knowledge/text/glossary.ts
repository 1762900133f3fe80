import { createHash } from 'node:crypto';
import { normaliseNumbers } from './numerals.js';

/** A concept found in a text: its token and the surface words that expressed it. */
export interface ConceptHit {
  token: string;
  /** For English, the matched stems; for Chinese, the matched characters. */
  phrase: string;
  language: 'en' | 'zh';
}

interface CompiledPhrase {
  stems: string[];
  token: string;
}

/**
 * The bilingual glossary compiled for matching. English phrases are matched on word stems
 * (so "refunded" finds "refund"), Chinese terms as substrings of the normalised text.
 */
export class Glossary {
  private readonly byFirstStem = new Map<string, CompiledPhrase[]>();
  private readonly chinese: Array<{ term: string; token: string }> = [];
  /** Changes whenever the glossary does, so indexes built with another glossary are rebuilt. */
  readonly fingerprint: string;

  constructor(
    concepts: ReadonlyArray<{ en: readonly string[]; zh: readonly string[] }>,
    private readonly stemsOf: (text: string) => string[],
  ) {
    concepts.forEach((concept, index) => {
      const token = `~${index}`;
      for (const phrase of concept.en) {
        const stems = stemsOf(normaliseNumbers(phrase.toLowerCase()));
        if (stems.length === 0) continue;
        const list = this.byFirstStem.get(stems[0]!) ?? [];
        list.push({ stems, token });
        this.byFirstStem.set(stems[0]!, list);
      }
      for (const term of concept.zh) {
        const normalised = normaliseNumbers(term);
        // One character is too ambiguous to stand for a concept (换, 罚).
        if ([...normalised].length >= 2) this.chinese.push({ term: normalised, token });
      }
    });
    this.fingerprint = createHash('sha256').update(JSON.stringify(concepts)).digest('hex').slice(0, 8);
  }

  /** Every concept occurrence in a normalised (lower-cased, numbers as digits) text. */
  match(normalised: string, stems: readonly string[]): ConceptHit[] {
    const hits: ConceptHit[] = [];
    stems.forEach((first, start) => {
      for (const phrase of this.byFirstStem.get(first) ?? []) {
        if (phrase.stems.every((s, offset) => stems[start + offset] === s)) {
          hits.push({ token: phrase.token, phrase: phrase.stems.join(' '), language: 'en' });
        }
      }
    });
    for (const { term, token } of this.chinese) {
      for (let at = normalised.indexOf(term); at >= 0; at = normalised.indexOf(term, at + term.length)) {
        hits.push({ token, phrase: term, language: 'zh' });
      }
    }
    return hits;
  }
}
