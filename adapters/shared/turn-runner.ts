import { setTimeout as delay } from 'node:timers/promises';
import type { OutboundMessage } from '../../src/core/channels.js';
import type { Engine } from '../../src/core/engine.js';
import { InvalidInboundError, MessageInProgressError, TurnFailedError } from '../../src/core/errors.js';
import type { TurnOptions } from '../../src/core/turn.js';
import type { Inbound, Language, Outcome } from '../../src/domain/types.js';
import type { Templates } from '../../src/llm/templates.js';
import type { Logger } from '../../src/logger.js';
import { detectLanguage } from '../../src/text/language.js';
import { LockTimeoutError } from '../../src/store/errors.js';

/**
 * Why a turn gave no answer, as every channel reports it: a malformed message (do not retry),
 * another worker holding it or its conversation (retry shortly), or a failed turn (the engine
 * kept it for a retry; the customer gets the apology).
 */
export type TurnErrorKind = 'invalid_message' | 'in_progress' | 'busy' | 'turn_failed';

export function turnErrorKind(error: unknown): TurnErrorKind {
  const cause = error instanceof TurnFailedError ? error.cause : error;
  if (cause instanceof InvalidInboundError || error instanceof InvalidInboundError) return 'invalid_message';
  if (cause instanceof MessageInProgressError) return 'in_progress';
  if (cause instanceof LockTimeoutError) return 'busy';
  return 'turn_failed';
}

/** The engine logs the turns it failed; anything else escaping a turn is a bug worth its own line. */
export function loggedByEngine(error: unknown): boolean {
  return error instanceof TurnFailedError || error instanceof InvalidInboundError;
}

export type TurnResult =
  /** The turn ran; `reply` is null when the bot has nothing to say (staff own the conversation). */
  | { kind: 'answered'; outcome: Outcome; reply: OutboundMessage | null }
  /** A redelivery of a message already answered: say nothing again. */
  | { kind: 'duplicate'; outcome: Outcome }
  /** Another worker is answering this message right now: it, not this request, replies. */
  | { kind: 'in_progress' }
  /** No answer; `apology` is what the customer should be told. */
  | { kind: 'failed'; error: unknown; errorKind: Exclude<TurnErrorKind, 'in_progress'>; apology: OutboundMessage; issues?: readonly string[] };

/** What was wrong with a malformed message, for a 400 that names it. */
function invalidIssues(error: unknown): readonly string[] | undefined {
  const invalid = error instanceof InvalidInboundError ? error : error instanceof Error ? error.cause : undefined;
  return invalid instanceof InvalidInboundError ? invalid.issues : undefined;
}

/** The marker `withinBudget` returns when the work was not done in time. */
export const late: unique symbol = Symbol('late');

/**
 * The one reply-budget race: the work's result if it settles within `budgetMs`, else `late`
 * (the work goes on; the caller acknowledges and sends the answer later). No timer is left behind.
 */
export async function withinBudget<T>(budgetMs: number, work: Promise<T>): Promise<T | typeof late> {
  if (!Number.isFinite(budgetMs)) return work;
  const timer = new AbortController();
  try {
    return await Promise.race([work, delay(budgetMs, late, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}

/**
 * Every channel runs its customers' messages through this: the core's turn, then the same
 * answer to the same failure everywhere (one apology per language, from
 * `prompts/<lang>/replies/turn-failed.txt`), and one log line for what the engine did not log.
 */
export class TurnRunner {
  constructor(
    private readonly engine: Engine,
    private readonly templates: Templates,
    private readonly logger: Logger,
    private readonly defaultLanguage: Language,
  ) {}

  /** The turn itself, rejecting on failure: for callers that map errors themselves (deadline replies). */
  handle(inbound: Inbound, options: TurnOptions = {}): Promise<Outcome> {
    return this.engine.handle(inbound, options);
  }

  /** Runs the turn and never rejects; `fallbackLanguage` words the apology when the text does not tell. */
  async run(inbound: Inbound, options: TurnOptions & { fallbackLanguage?: Language } = {}): Promise<TurnResult> {
    const { fallbackLanguage, ...turnOptions } = options;
    const context = { channel: inbound.channel, messageId: inbound.messageId };
    try {
      const outcome = await this.engine.handle(inbound, turnOptions);
      if (outcome.duplicate) {
        this.logger.info(context, 'redelivery ignored: already answered');
        return { kind: 'duplicate', outcome };
      }
      const reply: OutboundMessage | null = outcome.reply
        ? { author: 'bot', text: outcome.reply, citations: outcome.citations, ...(outcome.followUps ? { followUps: outcome.followUps } : {}) }
        : null;
      return { kind: 'answered', outcome, reply };
    } catch (error) {
      const errorKind = turnErrorKind(error);
      if (errorKind === 'in_progress') {
        this.logger.info(context, 'message already being answered by another worker');
        return { kind: 'in_progress' };
      }
      if (!loggedByEngine(error)) this.logger.error({ ...context, err: error }, 'unexpected error handling a turn');
      const language = detectLanguage(inbound.text ?? '', fallbackLanguage ?? this.defaultLanguage).language;
      const issues = invalidIssues(error);
      return { kind: 'failed', error, errorKind, apology: this.apology(language), ...(issues ? { issues } : {}) };
    }
  }

  /** What a customer is told when their message could not be answered: the same words on every channel. */
  apology(language: Language): OutboundMessage {
    return { author: 'system', text: this.templates.render('replies/turn-failed', language, {}) };
  }
}
