import { piecesOfWord, segmentChinese, segmentChineseQuery, type ChineseSegmentation } from './chinese-segmenter.js';
import { englishStopwords, latinWords, negations, stem } from './english.js';
import { Glossary } from './glossary.js';
import { glossaryConcepts } from './glossary-terms.js';
import { normaliseNumbers } from './numerals.js';

/**
 * One unit of a question's content: a word with its glossary concept (any of `terms` found
 * counts as the unit found), and, for a Chinese word, the bigrams or characters it is made of
 * (`parts`: finding some of them counts as finding part of the unit).
 */
export interface QueryGroup {
  terms: string[];
  parts?: string[];
}

const tokenPattern = /[a-z0-9][a-z0-9'’_-]*|\p{Script=Han}+/gu;
const articlePattern = /第(\d+)条|\barticle\s+(\d+)\b|\bart\.\s*(\d+)\b/g;

/**
 * Turns text into keyword-index terms, the same way for documents and questions: English
 * stems, digit runs and product codes, Chinese words, statute article numbers (第25条 and
 * "article 25" both become §25), and the glossary concepts the text mentions (~n), which is
 * what lets a question in one language meet a document in the other.
 */
export class TextAnalyzer {
  readonly glossary: Glossary;

  constructor(readonly chinese: ChineseSegmentation = 'jieba+bigram') {
    this.glossary = new Glossary(glossaryConcepts, (text) => this.stems(text, true));
  }

  /** A fingerprint of everything that decides the terms, stored with an index. */
  get id(): string {
    return `analyzer-v2:${this.chinese}:glossary-${this.glossary.fingerprint}`;
  }

  normalise(text: string): string {
    return normaliseNumbers(
      text
        .normalize('NFKC')
        .toLowerCase()
        .replace(/n['’]t\b/g, ' not'),
    );
  }

  /** English stems in order; negations kept when matching phrases ("not working"). */
  private stems(normalised: string, keepNegations: boolean): string[] {
    const stems: string[] = [];
    for (const [token] of normalised.matchAll(/[a-z0-9][a-z0-9'’_-]*/g)) {
      for (const word of latinWords(token)) {
        if (/\d/.test(word)) stems.push(word);
        else if (word.length > 1 && (!englishStopwords.has(word) || (keepNegations && negations.has(word)))) stems.push(stem(word));
      }
    }
    return stems;
  }

  /** Surface terms of a normalised text, in order, with repeats. */
  private surfaceTerms(normalised: string, purpose: 'index' | 'query' = 'index'): string[] {
    const terms: string[] = [];
    const rest = normalised.replace(articlePattern, (_, a?: string, b?: string, c?: string) => {
      terms.push(`§${a ?? b ?? c}`);
      return ' ';
    });
    for (const [token] of rest.matchAll(tokenPattern)) {
      if (/^\p{Script=Han}/u.test(token)) {
        terms.push(...(purpose === 'index' ? segmentChinese(token, this.chinese) : segmentChineseQuery(token, this.chinese)));
        continue;
      }
      for (const word of latinWords(token)) {
        if (/\d/.test(word)) terms.push(word);
        else if (word.length > 1 && !englishStopwords.has(word)) terms.push(stem(word));
      }
    }
    return terms;
  }

  /** Terms to index a passage under: its words and its concepts. */
  indexTerms(text: string): string[] {
    const normalised = this.normalise(text);
    return [...this.surfaceTerms(normalised), ...this.conceptsOf(normalised)];
  }

  /** The glossary concepts a text mentions (~n tokens), once per mention. */
  concepts(text: string): string[] {
    return this.conceptsOf(this.normalise(text));
  }

  private conceptsOf(normalised: string): string[] {
    return this.glossary.match(normalised, this.stems(normalised, true)).map((hit) => hit.token);
  }

  /**
   * A question as groups: each concept it mentions with the words that expressed it, and
   * each remaining word on its own. A group counts as found when any of its terms is.
   */
  queryGroups(text: string): QueryGroup[] {
    const normalised = this.normalise(text);
    const surface = [...new Set(this.surfaceTerms(normalised, 'query'))];
    const covered = new Set<string>();
    const byConcept = new Map<string, Set<string>>();
    for (const hit of this.glossary.match(normalised, this.stems(normalised, true))) {
      const words = hit.language === 'en' ? hit.phrase.split(' ') : segmentChineseQuery(hit.phrase, this.chinese);
      const group = byConcept.get(hit.token) ?? new Set([hit.token]);
      for (const word of words) {
        if (surface.includes(word)) {
          group.add(word);
          covered.add(word);
        }
      }
      byConcept.set(hit.token, group);
    }
    // A word that expresses two concepts ("pay" in "who pays" and in "payment") is still one
    // word of the question: groups sharing a word merge, so it is not counted twice.
    const merged: Array<Set<string>> = [];
    for (const group of byConcept.values()) {
      const overlapping = merged.filter((m) => [...group].some((term) => !term.startsWith('~') && m.has(term)));
      const union = new Set([...group, ...overlapping.flatMap((m) => [...m])]);
      for (const m of overlapping) merged.splice(merged.indexOf(m), 1);
      merged.push(union);
    }
    const withParts = (terms: string[]): QueryGroup => {
      if (this.chinese === 'jieba') return { terms };
      const parts = [...new Set(terms.filter((t) => /^\p{Script=Han}+$/u.test(t)).flatMap(piecesOfWord))].filter((part) => !terms.includes(part));
      return parts.length > 0 ? { terms, parts } : { terms };
    };
    return [...merged.map((terms) => withParts([...terms])), ...surface.filter((term) => !covered.has(term)).map((term) => withParts([term]))];
  }
}
