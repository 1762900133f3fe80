import type { Logger } from 'pino';
import type { Passage, Reply } from '../domain/types.js';
import { LlmError } from './chat-model.js';
import type { AttemptState, LlmResponder } from './llm-responder.js';
import { citationOf, formatCitation } from '../domain/citation.js';
import type { PassageResponder } from './passage-responder.js';
import { looksLikeInstructions } from './prompt/injection-signals.js';
import type { FallbackReason, Responder, ResponderInput, ResponderResult, ReplyTrace } from '../core/ports/responder.js';

/** Below this, a model call cannot finish; the passage answer is given straight away. */
const minimumBudgetMs = 300;
/** Kept back from the model's share of the budget, so the passage answer is ready within it. */
const fallbackReserveMs = 100;
/** How long past its share an attempt that ignores its abort signal is waited for. */
const graceMs = 60;

class BudgetExceeded extends Error {
  override readonly name = 'BudgetExceeded';
}

/**
 * The reply the customer gets whatever the model does: the model's checked answer when it
 * comes in time; otherwise (no passages aside) the passage quote, within the budget. When
 * part of a streamed answer was already shown, the reply keeps it and completes it rather
 * than contradict it.
 */
export class ResilientResponder implements Responder {
  readonly name: string;

  constructor(
    private readonly llm: LlmResponder,
    private readonly passages: PassageResponder,
    private readonly logger?: Logger,
  ) {
    this.name = `${llm.name} (guarded; falls back to ${passages.name})`;
  }

  async respond(request: ResponderInput): Promise<ResponderResult> {
    const passages = this.withoutInstructions(request.passages);
    const result = await this.answer({ ...request, passages });
    const dropped = request.passages.filter((p) => !passages.includes(p));
    return dropped.length > 0 ? { ...result, trace: { ...result.trace, droppedPassages: dropped.map((p) => formatCitation(citationOf(p))) } } : result;
  }

  private async answer(input: ResponderInput): Promise<ResponderResult> {
    const started = performance.now();
    if (input.passages.length === 0) {
      // Nothing to answer from: the model could only guess, so it is not asked.
      return { reply: null, trace: { responder: this.name, ms: 0 } };
    }
    if (input.budgetMs < minimumBudgetMs) return this.fallback(input, 'budget_too_small', started, {});

    const controller = new AbortController();
    const state: AttemptState = {};
    let timer: NodeJS.Timeout | undefined;
    let hardTimer: NodeJS.Timeout | undefined;
    const modelMs = input.budgetMs - fallbackReserveMs;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => controller.abort(new BudgetExceeded(`reply budget of ${input.budgetMs} ms used up`)), modelMs);
      hardTimer = setTimeout(() => reject(new BudgetExceeded('the model did not stop at its budget')), modelMs + graceMs);
    });
    const attempt = this.llm.attempt({ ...input, budgetMs: modelMs }, controller.signal, state);
    attempt.catch(() => undefined);
    try {
      const outcome = await Promise.race([attempt, deadline]);
      if (outcome.kind === 'result') return outcome.result;
      return this.fallback(input, outcome.reason, started, state, outcome.trace, outcome.preferSources);
    } catch (error) {
      const reason = this.reasonOf(error, controller.signal);
      this.logger?.warn({ reason, err: error instanceof LlmError ? error.message : String(error) }, 'llm reply failed; answering from passages');
      return this.fallback(input, reason, started, state);
    } finally {
      clearTimeout(timer);
      clearTimeout(hardTimer);
      controller.abort();
    }
  }

  /**
   * A passage that talks to the model ("ignore the rules above…", our own block tags) is not
   * policy: it is neither shown to the model nor quoted to the customer.
   */
  private withoutInstructions(passages: readonly Passage[]): Passage[] {
    return passages.filter((passage) => {
      if (!looksLikeInstructions(passage.text)) return true;
      this.logger?.warn({ passage: formatCitation(citationOf(passage)) }, 'knowledge passage contains instructions to the model; not used');
      return false;
    });
  }

  private reasonOf(error: unknown, signal: AbortSignal): FallbackReason {
    if (error instanceof BudgetExceeded || signal.reason instanceof BudgetExceeded) return 'timeout';
    if (error instanceof LlmError) return error.kind;
    return 'unavailable';
  }

  private async fallback(
    input: ResponderInput,
    reason: FallbackReason,
    started: number,
    state: AttemptState,
    trace?: ReplyTrace,
    preferSources: readonly string[] = [],
  ): Promise<ResponderResult> {
    const ms = () => Math.round(performance.now() - started);
    const base: ReplyTrace = { ...(trace ?? { responder: this.llm.name, ms: 0 }), fallback: reason };
    const gate = state.gate;
    const released = gate?.releasedSentences ?? [];
    // Part of the answer is already on the customer's screen: finish it instead of replacing it.
    if (gate && state.passages && released.some((s) => s.ids.length > 0)) {
      const ids = [...new Set(released.flatMap((s) => s.ids))];
      const reply = this.llm.render(released, ids, state.passages, input.language);
      return { reply, trace: { ...base, ms: ms(), streamedSentences: released.length } };
    }
    // The model's cited passages first: it judged them the relevant ones.
    const preferred = new Set(preferSources.map((id) => state.passages?.find((p) => p.id === id)?.passage));
    const byPreference = [...input.passages.filter((p) => preferred.has(p)), ...input.passages.filter((p) => !preferred.has(p))];
    const quoted = await this.passages.respond({ ...input, passages: byPreference });
    let reply: Reply | null = quoted.reply;
    if (reply && gate && released.length > 0) reply = { ...reply, text: `${gate.releasedText}\n\n${reply.text}` };
    return { reply, trace: { ...base, ms: ms(), streamedSentences: released.length || undefined } };
  }
}
