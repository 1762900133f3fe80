import type { Logger } from 'pino';
import type { AnalyticsEvent, TurnStore } from './ports/store.js';
import { CooperativeScheduler } from './cooperative-scheduler.js';
import { InvalidInboundError, TurnFailedError } from './errors.js';
import { newTurn, type Stage, type Turn, type TurnOptions } from './turn.js';
import { inboundSchema } from '../domain/schemas.js';
import type { ConversationState, Inbound, Language, Outcome } from '../domain/types.js';

/** Hooks for metrics; the core knows nothing of Prometheus. */
export interface TurnObserver {
  /** `stageSeconds`: each stage's own time, the wait for the loop before it included. */
  turnCompleted(outcome: Outcome, channel: string, seconds: number, stageSeconds: ReadonlyMap<string, number>): void;
  turnFailed(stage: string, channel: string): void;
}

export interface EngineOptions {
  store: TurnStore;
  /** Run in order inside the conversation's lock; the first is expected to be dedupe. */
  stages: readonly Stage[];
  logger: Logger;
  defaultLanguage: Language;
  lockTimeoutMs: number;
  observer?: TurnObserver;
}

/** What listeners learn about a turn once it is committed (never for a replayed duplicate). */
export interface CommittedTurn {
  inbound: Inbound;
  outcome: Outcome;
  conversationId: string;
  /** The conversation's state after the turn. */
  state: ConversationState;
  /** Events the stages added to the turn (the persist stage's own turn/escalation events are not included). */
  events: readonly AnalyticsEvent[];
}

/**
 * Runs after a turn is committed and its outcome returned (staff notifications, mirrors).
 * It does not delay the customer's reply, and its errors are logged, never thrown.
 */
export type TurnListener = (turn: CommittedTurn) => Promise<void>;

/** The lock every change to one conversation's state takes, turns and staff actions alike. */
export function conversationLockKey(channel: string, conversationKey: string): string {
  return `conversation:${channel}:${conversationKey}`;
}

export function parseInbound(input: unknown): Inbound {
  const parsed = inboundSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidInboundError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`));
  }
  return parsed.data;
}

/**
 * The channel-agnostic conversation core: one inbound message in, one outcome out. Turns of
 * one conversation run one at a time in arrival order; a message id is answered once.
 */
export class Engine {
  private readonly listeners: TurnListener[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly scheduler = new CooperativeScheduler();

  constructor(private readonly options: EngineOptions) {}

  onTurnCommitted(listener: TurnListener): void {
    this.listeners.push(listener);
  }

  /** Resolves once every listener started so far has finished (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private notify(turn: Turn, outcome: Outcome): void {
    if (outcome.duplicate || !turn.conversation || this.listeners.length === 0) return;
    const committed: CommittedTurn = {
      inbound: turn.inbound,
      outcome,
      conversationId: turn.conversation.id,
      state: turn.nextState ?? turn.conversation.state,
      events: turn.events,
    };
    for (const listener of this.listeners) {
      // setImmediate: the caller gets its outcome (and sends the reply) before any listener runs.
      const run = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => listener(committed))
        .catch((error: unknown) => {
          this.options.logger.error({ err: error, channel: turn.inbound.channel, messageId: turn.inbound.messageId }, 'turn listener failed');
        })
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }

  async handle(input: Inbound | unknown, options: TurnOptions = {}): Promise<Outcome> {
    const inbound = parseInbound(input);
    const { store, stages, logger, observer } = this.options;
    const lockKey = conversationLockKey(inbound.channel, inbound.conversationKey);
    const turn = newTurn(inbound, this.options.defaultLanguage, options);
    let current = 'lock';
    const stageSeconds = new Map<string, number>();
    try {
      await store.locks.runExclusive(
        lockKey,
        async (lock) => {
          turn.lock = lock;
          for (const stage of stages) {
            current = stage.name;
            const stageStart = performance.now();
            // Stages are mostly synchronous CPU work: between two of them the loop serves I/O.
            await this.scheduler.next();
            await stage.run(turn);
            stageSeconds.set(stage.name, (performance.now() - stageStart) / 1000);
            if (turn.done) break;
          }
        },
        { timeoutMs: this.options.lockTimeoutMs },
      );
    } catch (error) {
      observer?.turnFailed(current, inbound.channel);
      // Only a message this worker claimed is ours to mark; an unclaimed one is retried by its platform.
      if (turn.attempt > 0) await store.inbox.markFailed(inbound.channel, inbound.messageId, `${current}: ${String(error)}`, turn.attempt);
      logger.error({ err: error, stage: current, channel: inbound.channel, messageId: inbound.messageId, attempt: turn.attempt }, 'turn failed');
      throw new TurnFailedError(current, inbound.channel, inbound.messageId, { cause: error });
    } finally {
      for (const end of turn.onEnd) end();
    }
    const outcome = turn.outcome;
    if (!outcome) throw new TurnFailedError(current, inbound.channel, inbound.messageId, { cause: 'no outcome produced' });
    const seconds = (performance.now() - turn.startedAt) / 1000;
    if (!outcome.duplicate) observer?.turnCompleted(outcome, inbound.channel, seconds, stageSeconds);
    logger.info(
      {
        channel: inbound.channel,
        messageId: inbound.messageId,
        intent: outcome.intent,
        sentiment: outcome.sentiment.label,
        replyKind: outcome.replyKind,
        escalated: outcome.escalated,
        reasons: outcome.escalationReasons,
        duplicate: outcome.duplicate,
        ms: Math.round(seconds * 1000),
        stageMs: Object.fromEntries([...stageSeconds].map(([name, s]) => [name, Math.round(s * 10_000) / 10])),
      },
      'turn handled',
    );
    this.notify(turn, outcome);
    return outcome;
  }

  /** Re-runs messages whose last attempt failed; returns what each produced. */
  async retryFailed(limit = 100): Promise<Array<{ inbound: Inbound; outcome?: Outcome; error?: Error }>> {
    const failed = await this.options.store.inbox.listByStatus('failed', limit);
    const results: Array<{ inbound: Inbound; outcome?: Outcome; error?: Error }> = [];
    for (const entry of failed) {
      try {
        results.push({ inbound: entry.inbound, outcome: await this.handle(entry.inbound) });
      } catch (error) {
        results.push({ inbound: entry.inbound, error: error as Error });
      }
    }
    return results;
  }
}
