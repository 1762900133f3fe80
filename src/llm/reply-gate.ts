import type { Language } from '../domain/types.js';
import { citedIds, mayBeMarkerPrefix, stripCitationMarkers } from './guard/citations.js';
import { checkSentenceAgainst, factsOf, type GuardPassage, type GuardProblem, type PassageFacts } from './guard/commitment-guard.js';
import { checkActionClaims } from './guard/commitment-guard.js';
import type { ClaimedAction } from './guard/action-claims.js';
import { checkOutputSentence, type OutputProblem, type PromptFingerprint } from './guard/output-checks.js';
import { splitSentences } from './guard/sentences.js';

export type SentenceProblem = GuardProblem | OutputProblem;

export interface ReviewedSentence {
  /** As the customer will read it: citation markers removed. */
  text: string;
  /** Passage ids this sentence cites that were really in the prompt. */
  ids: string[];
  problems: SentenceProblem[];
}

export interface GateContext {
  language: Language;
  /** Passages the model was given, by the id it saw (P1, P2…). */
  passages: ReadonlyMap<string, GuardPassage>;
  /** Where a link, address or phone number in the reply may legitimately come from. */
  allowedText: string;
  fingerprint: PromptFingerprint;
  /** Order actions the shop's system has done in this conversation (the action log); claims of others are problems. */
  actionsDone?: ReadonlySet<ClaimedAction>;
}

export interface GateResult {
  /** The model said the passages do not answer the question. */
  noAnswer: boolean;
  /** Sentences already shown to the customer while streaming: they stay. */
  released: ReviewedSentence[];
  /** The remaining sentences, checked against every passage the whole reply cites. */
  rest: ReviewedSentence[];
  /** Every real passage id the reply names (inline or in a trailing "Sources:" line). */
  cited: string[];
  /** Ids the model named that were never in the prompt. */
  invented: string[];
}

export const isCommitmentProblem = (p: SentenceProblem): p is GuardProblem =>
  p.type === 'unsupported_quantity' ||
  p.type === 'unsupported_commitment' ||
  p.type === 'misattributed_quantity' ||
  p.type === 'contradicted_quantity' ||
  p.type === 'overgeneralised_commitment' ||
  p.type === 'excluded_case' ||
  p.type === 'unperformed_action';

const sourcesLine = /^\s*(?:sources?|citations?|references?|来源|引用|参考(?:资料)?)\s*[:：]\s*((?:\[?\s*p\s*\d+\s*\]?\s*[,，、;；]?\s*)+)$/gim;
const noAnswerPattern = /^\W*NO[_ ]ANSWER\b/i;
/** Ends like a sentence: a full stop (or ! ? …), then perhaps closing quotes, brackets and citation markers. */
const sentenceEnd = /[.!?。！？…](?:["'”’)\]」』】）]|\s*[[【(（][^\]】)）]*[\]】)）])*\s*$/;
const endsSentence = (text: string) => sentenceEnd.test(text);

/**
 * Reads the model's reply sentence by sentence and lets through only what passes the
 * commitment guard and the output checks. While streaming, a sentence is released to the
 * customer as soon as it is complete and clean and the reply has cited a real passage (so it
 * is an answer, not NO_ANSWER); a sentence that is not releasable yet holds back everything
 * after it until more text arrives, so what was shown is always the beginning of the reply.
 */
export class ReplyGate {
  private buffer = '';
  private readonly released: ReviewedSentence[] = [];
  private consumed = 0;
  private readonly facts = new Map<string, PassageFacts>();

  constructor(
    private readonly context: GateContext,
    private readonly onRelease?: (text: string, isFirst: boolean) => void,
  ) {}

  get releasedText(): string {
    return this.released.map((s) => s.text).join(this.joiner);
  }

  get releasedSentences(): readonly ReviewedSentence[] {
    return this.released;
  }

  get joiner(): string {
    return this.context.language === 'zh' ? '' : ' ';
  }

  push(delta: string): void {
    this.buffer += delta;
    if (!this.onRelease) return;
    const head = this.buffer.trim().toUpperCase();
    if (this.released.length === 0 && (noAnswerPattern.test(head) || 'NO_ANSWER'.startsWith(head))) return;
    const sentences = splitSentences(this.buffer);
    // The last piece may still grow; a sentence is complete once text that is not its citation follows it.
    for (let i = 0; i < sentences.length - 1; i++) {
      const sentence = sentences[i]!;
      if (sentence.end <= this.consumed) continue;
      const after = this.buffer.slice(sentence.end).trimStart();
      if (mayBeMarkerPrefix(after.slice(0, 24)) && !/^[[【(（][^\]】)）]*[\]】)）]/.test(after)) return;
      // Not yet releasable (no citation so far, or a claim whose passage may be cited later):
      // wait for more text rather than give up on streaming.
      const known = this.knownIds(this.buffer);
      if (known.length === 0) return;
      const reviewed = this.review(sentence.text, known);
      if (reviewed.problems.length > 0) return;
      this.onRelease(reviewed.text, this.released.length === 0);
      this.released.push(reviewed);
      this.consumed = sentence.end;
    }
  }

  /** `cut`: the model was stopped (token budget) rather than finishing its reply. */
  finish(options: { cut?: boolean } = {}): GateResult {
    const text = this.buffer.trim();
    const allIds = this.knownIds(text);
    const invented = [...new Set([...citedIds(text), ...this.trailingIds(text)])].filter((id) => !this.context.passages.has(id));
    if (this.released.length === 0 && noAnswerPattern.test(text)) {
      return { noAnswer: true, released: [], rest: [], cited: [], invented };
    }
    const body = text.replace(sourcesLine, '');
    const sentences = splitSentences(body);
    if (options.cut && sentences.length > 0 && !endsSentence(sentences.at(-1)!.text)) sentences.pop();
    const rest = sentences
      .filter((s) => s.end > this.consumed)
      .map((s) => this.review(s.text, allIds))
      .filter((s) => s.text.length > 0);
    // The stream has ended: the clean sentences that follow what was shown are shown too,
    // up to the first one that is not.
    if (this.onRelease && allIds.length > 0) {
      while (rest.length > 0 && rest[0]!.problems.length === 0) {
        const next = rest.shift()!;
        this.onRelease(next.text, this.released.length === 0);
        this.released.push(next);
      }
    }
    return { noAnswer: false, released: [...this.released], rest, cited: allIds, invented };
  }

  private trailingIds(text: string): string[] {
    return [...text.matchAll(sourcesLine)].flatMap((m) => [...m[1]!.matchAll(/\d+/g)].map((d) => `P${Number(d[0])}`));
  }

  /** The real passage ids named so far, anywhere in the reply. */
  private knownIds(text: string): string[] {
    return [...new Set([...citedIds(text), ...this.trailingIds(text)])].filter((id) => this.context.passages.has(id));
  }

  private review(sentence: string, supportIds: readonly string[]): ReviewedSentence {
    const ids = citedIds(sentence).filter((id) => this.context.passages.has(id));
    // Chat channels show plain text: list markers and markdown emphasis go.
    const text = stripCitationMarkers(sentence)
      .replace(/^\s*(?:[-*•]|\d+[.)、])\s+/, '')
      .replace(/\*\*|__|`/g, '')
      .replace(/\s+([,.!?;:，。！？；：])/g, '$1')
      .trim();
    const support = supportIds.map((id) => {
      let facts = this.facts.get(id);
      if (!facts) this.facts.set(id, (facts = factsOf(this.context.passages.get(id)!)));
      return facts;
    });
    const problems: SentenceProblem[] = [
      ...checkSentenceAgainst(text, support),
      ...checkActionClaims(text, this.context.actionsDone ?? new Set()),
      ...checkOutputSentence(text, this.context),
    ];
    return { text, ids, problems };
  }
}
