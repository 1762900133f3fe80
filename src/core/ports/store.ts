import type { Conversation, ConversationState, ConversationSummary, EscalationReason, Inbound, Language, Outcome, SentimentScore, StoredMessage } from '../../domain/types.js';

/**
 * What the core needs from persistence, declared here so the core depends on no store
 * implementation: `src/store` implements it (its `Store` extends `TurnStore`) and adds what
 * the rest of the app (handoff, console, commerce) needs. Every method is async even where
 * SQLite is synchronous, because other stores are not.
 */
export interface TurnStore {
  readonly inbox: TurnInbox;
  readonly conversations: TurnConversations;
  readonly messages: TurnMessages;
  readonly summaries: SummaryRepository;
  readonly locks: LockService;
  readonly deliveries: DeferredDeliveries;
  readonly orderActions: TurnOrderActions;
  /**
   * Writes one finished turn atomically: messages, conversation state, escalation, events, inbox
   * status — only while the turn's claim (`attempt`) is still the message's live one; otherwise
   * it writes nothing and throws `ClaimLostError`, so a taken-over turn never answers twice.
   */
  commitTurn(turn: TurnRecord): Promise<void>;
}

/** The message inbox: deduplication, leases, and what the recovery sweep retries. */
export interface TurnInbox {
  /** Records the message and takes a lease on it, unless it is already done or leased by a started turn. */
  claim(inbound: Inbound, leaseMs: number): Promise<ClaimResult>;
  /** Marks the claim `attempt` failed; a later attempt's claim is left alone. */
  markFailed(channel: string, messageId: string, error: string, attempt: number): Promise<void>;
  /** Extends the lease of claim `attempt` while its turn runs; false once the claim is no longer ours. */
  renewLease(channel: string, messageId: string, attempt: number, leaseMs: number): Promise<boolean>;
  get(channel: string, messageId: string): Promise<InboxEntry | null>;
  listByStatus(status: InboxStatus, limit: number): Promise<InboxEntry[]>;
  /** `received`/`processing` rows whose lease ran out before `now` (their worker stopped), oldest first. */
  listStuck(now: Date, limit: number): Promise<InboxEntry[]>;
  /** `failed` rows with fewer than `maxAttempts` attempts, least recently tried first. */
  listRetryable(maxAttempts: number, limit: number): Promise<InboxEntry[]>;
}

export interface TurnConversations {
  findByKey(channel: string, conversationKey: string): Promise<Conversation | null>;
  getOrCreate(input: { channel: string; conversationKey: string; userId: string }): Promise<Conversation>;
  /**
   * What a turn starts from: the conversation (created on first contact), its latest messages
   * and what the turn's stages keep about it — in one round trip where the store is remote.
   */
  open(input: { channel: string; conversationKey: string; userId: string }, reading: ConversationReading): Promise<OpenedConversation>;
}

/** How much of a conversation a turn reads when it opens it. */
export interface ConversationReading {
  historyMessages: number;
  orderActions: number;
  /**
   * The key-value entries kept per conversation, named by the prefix their key has before the
   * conversation's id (`orders:session:` reads `orders:session:<id>`); expired ones are not read.
   */
  valuePrefixes: readonly string[];
}

export interface OpenedConversation {
  conversation: Conversation;
  /** Oldest first. */
  history: StoredMessage[];
  memory: ConversationMemory;
}

/** What the store held about a conversation when a turn opened it. */
export interface ConversationMemory {
  summary: ConversationSummary | null;
  /** Its latest order actions, newest first. */
  orderActions: TurnOrderAction[];
  /** Its live key-value entries, by full key (see `ConversationReading.valuePrefixes`). */
  values: Map<string, string>;
}

export interface TurnMessages {
  /** The most recent messages of a conversation, oldest first. */
  recent(conversationId: string, limit: number): Promise<StoredMessage[]>;
}

/** The order actions of a conversation, so a reply claims only what the shop has done. */
export interface TurnOrderActions {
  /** Newest first. */
  listForConversation(conversationId: string, limit: number): Promise<TurnOrderAction[]>;
}

export interface TurnOrderAction {
  kind: 'cancel' | 'return' | 'refund';
  status: string;
}

/** The delivery slots of replies owed through a platform's send API (see `Delivery`). */
export interface DeferredDeliveries {
  get(channel: string, messageId: string): Promise<Delivery | null>;
  /**
   * pending → deferred: the request was answered without the reply, which is owed through the
   * API; the caller owns the send for `leaseMs` (without one, the sweep may take it at once).
   */
  defer(channel: string, messageId: string, leaseMs?: number): Promise<boolean>;
  /** Stores the message to send for a deferred reply unless one is stored already; returns the stored one. */
  prepare(channel: string, messageId: string, payload: string): Promise<string | null>;
  /** deferred (or sending with an expired lease) → sending: the caller alone may send the reply now. */
  claimSend(channel: string, messageId: string, leaseMs: number): Promise<boolean>;
  markSent(channel: string, messageId: string): Promise<void>;
  markFailed(channel: string, messageId: string, error: string): Promise<void>;
  /** Deferred or sending replies whose lease ran out before `now` (their worker stopped), oldest first, for the sweep to finish. */
  listUnsent(now: Date, limit: number): Promise<Delivery[]>;
}

/**
 * `received`: acknowledged to the platform, turn not started; `processing`: a worker has
 * claimed it; `done`: its outcome is stored; `failed`: its last attempt threw. `received`
 * and `processing` rows carry a lease: past it their worker is presumed gone.
 */
export type InboxStatus = 'received' | 'processing' | 'done' | 'failed';

export interface InboxEntry {
  channel: string;
  messageId: string;
  conversationKey: string;
  status: InboxStatus;
  attempts: number;
  lastError: string | null;
  inbound: Inbound;
  outcome: Outcome | null;
  receivedAt: Date;
  updatedAt: Date;
}

export type ClaimResult =
  /** First delivery, or a retry of a failed/abandoned attempt: the caller must process it. */
  | { kind: 'claimed'; attempt: number }
  /** Already handled: the stored outcome is returned so a retrying platform gets the same answer. */
  | { kind: 'done'; outcome: Outcome }
  /** Another worker holds a live lease on it right now. */
  | { kind: 'in_progress' };

export interface NewMessage {
  conversationId: string;
  direction: 'in' | 'out';
  author: 'customer' | 'bot' | 'staff';
  text: string;
  channelMessageId?: string | null;
  language?: Language | null;
  sentiment?: SentimentScore | null;
  intent?: string | null;
  meta?: Record<string, unknown>;
  createdAt?: Date;
}

export interface SummaryRepository {
  get(conversationId: string): Promise<ConversationSummary | null>;
}

export interface AnalyticsEvent {
  type: string;
  conversationId?: string | null;
  data?: Record<string, unknown>;
}

export interface LockService {
  /**
   * Runs `task` while holding the lock for `key`. Callers in one process are served in
   * the order they asked; across processes the lock is a lease in the shared store.
   */
  runExclusive<T>(key: string, task: (lock: HeldLock) => Promise<T>, options?: { timeoutMs?: number }): Promise<T>;
}

/**
 * The lock a task holds. A store where a round trip is dear releases it with the turn's commit
 * (the commit is the last thing a turn does under its lock) and says so: nothing is left to release.
 */
export interface HeldLock {
  readonly key: string;
  readonly owner: string;
  releasedWithCommit(): void;
}

export interface TurnRecord {
  inbound: Inbound;
  /** The inbox claim this turn ran under (`ClaimResult.attempt`). */
  attempt: number;
  conversationId: string;
  inboundMessage: Omit<NewMessage, 'conversationId' | 'direction' | 'author'>;
  outboundMessage: Omit<NewMessage, 'conversationId' | 'direction' | 'author'> | null;
  conversationLanguage: Language;
  nextState: ConversationState;
  escalation: { reasons: EscalationReason[]; evidence: string[] } | null;
  events: AnalyticsEvent[];
  outcome: Outcome;
  /** A newer summary of the conversation's older turns, when the reply stage made one. */
  summary?: ConversationSummary | null;
  /** The question went unanswered: recorded (already redacted) for the misses list. */
  miss?: NewKbMiss | null;
  /** The conversation's lock, which a store may release in the same write (see `HeldLock`). */
  lock?: HeldLock | null;
}

export type KbMissKind = 'no_answer' | 'unanswered';

export interface NewKbMiss {
  /** The customer's question with personal data replaced by placeholders. */
  question: string;
  language: Language;
  /** `no_answer`: the bot said it did not know; `unanswered`: it handed over for that reason. */
  kind: KbMissKind;
  intent: string | null;
}

/**
 * How the reply to one platform message reaches the customer, for channels that must answer
 * within a deadline (WeChat's 5 seconds): in the response body ("passive"), or later through
 * the platform's send API ("deferred" → "sending" → "sent"/"failed"). Every transition is a
 * compare-and-set, so concurrent retries of one message (in any process) agree on one path.
 * `deferred` and `sending` carry a lease: past it the worker owing the reply is presumed gone
 * and the recovery sweep takes the reply over.
 */
export type DeliveryStatus = 'pending' | 'passive' | 'deferred' | 'sending' | 'sent' | 'failed';

export interface Delivery {
  channel: string;
  messageId: string;
  status: DeliveryStatus;
  /**
   * `passive`: what was given in a response body, replayed verbatim to a retry of the same
   * message. `deferred`/`sending`/`sent`: the message prepared for the send API, stored before
   * the first send so that whoever sends it (again, after a crash) sends the same bytes.
   */
  payload: string | null;
  /** How many requests for this message have arrived (the first plus the platform's retries). */
  requests: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}
