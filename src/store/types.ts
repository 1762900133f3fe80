import type {
  Conversation,
  ConversationState,
  ConversationSummary,
  EscalationReason,
  Inbound,
  Language,
  Outcome,
  SentimentScore,
  StoredMessage,
} from '../core/types.js';

/**
 * Everything the core persists goes through this interface, so that a Postgres/Redis
 * implementation can replace SQLite without the core changing. Every method is async
 * even where SQLite is synchronous, because the others are not.
 */
export interface Store {
  readonly inbox: InboxRepository;
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly escalations: EscalationRepository;
  readonly events: EventRepository;
  readonly locks: LockService;
  readonly summaries: SummaryRepository;
  /** Writes one finished turn atomically: messages, conversation state, escalation, events, inbox status. */
  commitTurn(turn: TurnRecord): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type InboxStatus = 'processing' | 'done' | 'failed';

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

export interface InboxRepository {
  /** Records the message and takes a lease on it, unless it is already done or leased. */
  claim(inbound: Inbound, leaseMs: number): Promise<ClaimResult>;
  markFailed(channel: string, messageId: string, error: string): Promise<void>;
  get(channel: string, messageId: string): Promise<InboxEntry | null>;
  listByStatus(status: InboxStatus, limit: number): Promise<InboxEntry[]>;
  countByStatus(): Promise<Record<InboxStatus, number>>;
}

export interface ConversationRepository {
  findByKey(channel: string, conversationKey: string): Promise<Conversation | null>;
  getOrCreate(input: { channel: string; conversationKey: string; userId: string }): Promise<Conversation>;
  get(id: string): Promise<Conversation | null>;
  setState(id: string, state: ConversationState): Promise<void>;
}

export interface MessageRepository {
  /** The most recent messages of a conversation, oldest first. */
  recent(conversationId: string, limit: number): Promise<StoredMessage[]>;
  append(message: NewMessage): Promise<StoredMessage>;
  countInbound(conversationId: string): Promise<number>;
}

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

export type EscalationStatus = 'open' | 'taken' | 'resolved' | 'handed_back';

export interface Escalation {
  id: string;
  conversationId: string;
  reasons: EscalationReason[];
  evidence: string[];
  status: EscalationStatus;
  assignee: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EscalationRepository {
  open(conversationId: string): Promise<Escalation | null>;
  listByStatus(status: EscalationStatus, limit: number): Promise<Escalation[]>;
  setStatus(id: string, status: EscalationStatus, assignee?: string | null): Promise<void>;
}

export interface SummaryRepository {
  get(conversationId: string): Promise<ConversationSummary | null>;
}

export interface AnalyticsEvent {
  type: string;
  conversationId?: string | null;
  data?: Record<string, unknown>;
}

export interface EventRepository {
  record(event: AnalyticsEvent): Promise<void>;
  countByType(since?: Date): Promise<Record<string, number>>;
}

export interface LockService {
  /**
   * Runs `task` while holding the lock for `key`. Callers in one process are served in
   * the order they asked; across processes the lock is a lease in the shared store.
   */
  runExclusive<T>(key: string, task: () => Promise<T>, options?: { timeoutMs?: number }): Promise<T>;
}

export interface TurnRecord {
  inbound: Inbound;
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
}
