import type { AnalyticsEvent, ConversationMemory, HeldLock } from './ports/store.js';
import type { Redaction } from '../text/redact.js';
import type {
  Conversation,
  ConversationState,
  ConversationSummary,
  EscalationDecision,
  Inbound,
  IntentResult,
  Language,
  Outcome,
  Passage,
  Reply,
  SentimentScore,
  StoredMessage,
} from '../domain/types.js';

/** What the channel asks of this one turn, beyond the message itself. */
export interface TurnOptions {
  /**
   * Called with each piece of the bot's answer as it is written, for channels that can show
   * partial text (the web widget). Every piece has passed the commitment guard; the outcome's
   * `reply` is authoritative and starts with the pieces joined (plus its source line).
   * The language is the reply's, so a channel can label the growing bubble before the turn ends.
   */
  onReplyDelta?: (text: string, language: Language) => void;
  /** Epoch ms by which the channel must have the outcome (e.g. WeChat's 5 s); shrinks the LLM budget. */
  deadlineAt?: number;
}

/** Everything one turn learns on its way through the pipeline; stages read and fill it. */
export interface Turn {
  readonly inbound: Inbound;
  readonly options: TurnOptions;
  readonly startedAt: number;
  /** Set by the dedupe stage once this worker owns the message. */
  attempt: number;
  /** The conversation's lock the turn runs under, set by the engine. */
  lock: HeldLock | null;
  conversation: Conversation | null;
  history: StoredMessage[];
  /**
   * What the store held about the conversation when the turn opened it. A stage that changes
   * one of its values writes it to the store and here, so later stages see the change.
   */
  memory: ConversationMemory;
  language: Language;
  mixedLanguage: boolean;
  redaction: Redaction | null;
  sentiment: SentimentScore | null;
  intent: IntentResult | null;
  decision: EscalationDecision;
  passages: Passage[];
  reply: Reply | null;
  /** A newer memory of the conversation's older turns, saved with the turn. */
  summary: ConversationSummary | null;
  nextState: ConversationState | null;
  events: AnalyticsEvent[];
  outcome: Outcome | null;
  /** A stage that has fully answered the turn (e.g. a duplicate) stops the rest. */
  done: boolean;
  /** Run by the engine when the turn ends however it ends (e.g. stop renewing a lease). */
  readonly onEnd: Array<() => void>;
}

/** One step of the pipeline: a plain async function with a name for logs and errors. */
export interface Stage {
  readonly name: string;
  run(turn: Turn): Promise<void>;
}

export function newTurn(inbound: Inbound, fallbackLanguage: Language, options: TurnOptions = {}): Turn {
  return {
    inbound,
    options,
    startedAt: performance.now(),
    attempt: 0,
    lock: null,
    conversation: null,
    history: [],
    memory: { summary: null, orderActions: [], values: new Map() },
    language: fallbackLanguage,
    mixedLanguage: false,
    redaction: null,
    sentiment: null,
    intent: null,
    decision: { escalate: false, reasons: [], evidence: [] },
    passages: [],
    reply: null,
    summary: null,
    nextState: null,
    events: [],
    outcome: null,
    done: false,
    onEnd: [],
  };
}

/** Stages after `load` rely on the conversation; this makes a mis-ordered pipeline fail loudly. */
export function conversationOf(turn: Turn): Conversation {
  if (!turn.conversation) throw new Error('the load-conversation stage must run before this one');
  return turn.conversation;
}

/** The conversation is with staff (waiting for one, or owned by one): the bot must not answer. */
export function isWithStaff(state: ConversationState): boolean {
  return state === 'escalated' || state === 'human';
}
