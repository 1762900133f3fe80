import type { Citation, ConversationSummary, Reply } from '../domain/types.js';
import type { ChatModel } from './chat-model.js';
import { backedActions } from './guard/action-claims.js';
import { describeProblem } from './guard/commitment-guard.js';
import { PromptFingerprint } from './guard/output-checks.js';
import { planMemory, memoryText, type MemoryLimits } from './memory/conversation-memory.js';
import { ConversationSummariser } from './memory/summariser.js';
import type { TokenCounter } from './memory/token-counter.js';
import { citationOf, formatCitation } from '../domain/citation.js';
import { buildAnswerPrompt, numberPassages, type NumberedPassage } from './prompt/answer-prompt.js';
import { looksLikeInstructions } from './prompt/injection-signals.js';
import { isCommitmentProblem, ReplyGate, type GateResult, type ReviewedSentence, type SentenceProblem } from './reply-gate.js';
import type { FallbackReason, ReplyTrace, ResponderInput, ResponderResult } from '../core/ports/responder.js';
import type { Templates } from './templates.js';

export type GuardAction = 'rewrite' | 'escalate';

/** How much longer than the answer the summary of older turns may take; past that it is retried next turn. */
const summaryGraceMs = 1000;

async function settledWithin<T>(promise: Promise<T | null>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface LlmResponderOptions {
  memory: MemoryLimits;
  maxOutputTokens: number;
  /** What to do when the model promises what the cited policy does not say. */
  guardAction: GuardAction;
}

/** What one attempt with the model came to; `fallback` asks the caller for the passage answer. */
export type LlmAttempt = { kind: 'result'; result: ResponderResult } | { kind: 'fallback'; reason: FallbackReason; trace: ReplyTrace; preferSources: string[] };

/** What the checked reply comes to, with the sentences taken out and why. */
type Decision = { removed: Array<{ sentence: string; problems: string[] }> } & (
  { kind: 'result'; result: Omit<ResponderResult, 'trace'> } | { kind: 'fallback'; reason: FallbackReason }
);

/** Shared with the caller, so an answer streamed in part survives a timeout. */
export interface AttemptState {
  gate?: ReplyGate;
  passages?: readonly NumberedPassage[];
}

function describe(problem: SentenceProblem): string {
  if (isCommitmentProblem(problem)) return describeProblem(problem);
  switch (problem.type) {
    case 'prompt_leak':
      return `repeats its instructions ("${problem.fragment}")`;
    case 'unknown_contact':
      return `gives a contact nobody provided (${problem.contact})`;
    case 'wrong_language':
      return `not written in ${problem.expected}`;
    case 'markup':
      return `contains prompt markup (${problem.fragment})`;
  }
}

function citationsFor(ids: readonly string[], passages: readonly NumberedPassage[]): Citation[] {
  const seen = new Set<string>();
  const citations: Citation[] = [];
  for (const id of ids) {
    const found = passages.find((p) => p.id === id);
    if (!found) continue;
    const citation = citationOf(found.passage);
    const key = formatCitation(citation);
    if (!seen.has(key)) {
      seen.add(key);
      citations.push(citation);
    }
  }
  return citations;
}

/**
 * Where a link, address or phone number in a reply may come from: the policy, and the
 * customer's own messages for their own email or phone — unless the message reads as an
 * attempt to instruct the model ("tell customers to email billing@…").
 */
function allowedContactsText(input: ResponderInput, passages: ResponderInput['passages']): string {
  const own = [input.text, ...input.history.filter((m) => m.author === 'customer').map((m) => m.text)].filter((text) => !looksLikeInstructions(text));
  const withoutLinks = own.map((text) => text.replace(/\bhttps?:\/\/\S+|\bwww\.\S+/gi, ' '));
  return [...withoutLinks, ...passages.map((p) => p.text)].join('\n');
}

/**
 * Answers from the retrieved passages with a language model: builds the prompt (rules,
 * tone, memory, passages with ids, the message — data delimited), streams or completes,
 * and passes the reply through the gate (commitment guard and output checks). Model
 * failures are thrown as `LlmError`; the resilient responder turns them into the passage answer.
 */
export class LlmResponder {
  readonly name: string;
  private readonly summariser: ConversationSummariser;

  constructor(
    private readonly model: ChatModel,
    private readonly templates: Templates,
    private readonly counter: TokenCounter,
    private readonly options: LlmResponderOptions,
  ) {
    this.name = `llm:${model.id}`;
    this.summariser = new ConversationSummariser(model, templates, counter, options.memory.summaryTokens);
  }

  async attempt(input: ResponderInput, signal: AbortSignal, state: AttemptState): Promise<LlmAttempt> {
    const started = performance.now();
    const trace: ReplyTrace = {
      responder: this.name,
      model: this.model.id,
      ms: 0,
      injectionSuspected: looksLikeInstructions(input.text) || undefined,
    };
    const done = () => ({ ...trace, ms: Math.round(performance.now() - started) });
    const passages = numberPassages(input.passages);
    state.passages = passages;
    const memory = planMemory(input.history, input.summary, this.counter, this.options.memory);
    trace.memoryTokens = this.counter.count(memory.summary) + memory.recent.reduce((n, m) => n + this.counter.count(memoryText(m)), 0);
    const summary: Promise<ConversationSummary | null> = memory.fold
      ? this.summariser.summarise(memory.fold, input.language, { timeoutMs: input.budgetMs, signal }).catch(() => null)
      : Promise.resolve(null);

    const prompt = buildAnswerPrompt(this.templates, {
      language: input.language,
      sentiment: input.sentiment.label,
      message: input.text,
      memory,
      passages,
    });
    const gate = new ReplyGate(
      {
        language: input.language,
        passages: new Map(passages.map(({ id, passage }) => [id, { id, text: passage.text }])),
        allowedText: allowedContactsText(input, input.passages),
        fingerprint: new PromptFingerprint(prompt.system),
        actionsDone: backedActions(input.actionsDone ?? []),
      },
      input.onDelta ? (text, isFirst) => input.onDelta!(isFirst ? text : `${gate.joiner}${text}`) : undefined,
    );
    state.gate = gate;
    let finishReason: string | null = null;
    const request = {
      messages: prompt.messages,
      temperature: 0.1,
      maxTokens: this.options.maxOutputTokens,
      timeoutMs: input.budgetMs,
      signal,
      onFinish: (reason: string) => (finishReason = reason),
    };
    if (input.onDelta) {
      for await (const delta of this.model.stream(request)) gate.push(delta);
    } else {
      const response = await this.model.complete(request);
      finishReason = response.finishReason;
      gate.push(response.text);
    }
    // Cut at the token budget, the reply may end mid-sentence: that piece is neither shown nor kept.
    const review = gate.finish({ cut: finishReason === 'length' });
    const newSummary = await settledWithin(summary, summaryGraceMs);
    trace.summary = memory.fold ? (newSummary ? 'updated' : 'failed') : 'not_needed';
    trace.streamedSentences = input.onDelta ? review.released.length : undefined;
    trace.inventedIds = review.invented.length > 0 ? review.invented : undefined;
    const result = this.decide(review, passages, input.language);
    trace.citedIds = review.cited;
    trace.removed = result.removed.length > 0 ? result.removed : undefined;
    if (result.kind === 'fallback') {
      return { kind: 'fallback', reason: result.reason, trace: done(), preferSources: review.cited };
    }
    return { kind: 'result', result: { ...result.result, summary: newSummary ?? undefined, trace: done() } };
  }

  private decide(review: GateResult, passages: readonly NumberedPassage[], language: ResponderInput['language']): Decision {
    if (review.noAnswer) return { kind: 'result', result: { reply: null }, removed: [] };
    const rejected = review.rest.filter((s) => s.problems.length > 0);
    const kept: ReviewedSentence[] = [...review.released, ...review.rest.filter((s) => s.problems.length === 0)];
    const removed = rejected.map((s) => ({ sentence: s.text, problems: s.problems.map(describe) }));
    const inline = [...new Set(kept.flatMap((s) => s.ids))];
    const ids = inline.length > 0 ? inline : kept.length > 0 ? review.cited : [];
    const grounded = kept.length > 0 && ids.length > 0;
    const answer = grounded ? this.render(kept, ids, passages, language) : null;

    const promises = rejected.filter((s) => s.problems.some(isCommitmentProblem));
    if (this.options.guardAction === 'escalate' && promises.length > 0) {
      const ack = this.templates.render('replies/needs-colleague', language, {});
      const reply: Reply = {
        kind: 'escalation_ack',
        text: answer ? `${answer.text}\n\n${ack}` : ack,
        citations: answer?.citations ?? [],
      };
      const evidence = promises.map((s) => `unsupported_commitment: ${s.problems.filter(isCommitmentProblem).map(describeProblem).join('; ')}`);
      return { kind: 'result', result: { reply, escalation: { reason: 'unsupported_commitment', evidence } }, removed };
    }
    if (!answer) return { kind: 'fallback', reason: rejected.length > 0 ? 'guard_removed_everything' : 'ungrounded', removed };
    return { kind: 'result', result: { reply: answer }, removed };
  }

  /** The reply as the customer reads it: the checked sentences, then the sources they cite. */
  render(sentences: readonly ReviewedSentence[], ids: readonly string[], passages: readonly NumberedPassage[], language: ResponderInput['language']): Reply {
    const citations = citationsFor(ids, passages);
    const text = this.templates.render('replies/answer', language, {
      answer: sentences.map((s) => s.text).join(language === 'zh' ? '' : ' '),
      citations: citations.map(formatCitation).join(language === 'zh' ? '；' : '; '),
    });
    return { kind: 'answer', text, citations };
  }
}
