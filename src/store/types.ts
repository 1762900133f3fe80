import type { Conversation, ConversationState, ConversationSummary, EscalationReason, Inbound, StoredMessage } from '../domain/types.js';
import type {
  InboxStatus,
  NewMessage,
  SummaryRepository,
  AnalyticsEvent,
  LockService,
  TurnRecord,
  NewKbMiss,
  Delivery,
  TurnStore,
  TurnInbox,
  TurnConversations,
  TurnMessages,
  TurnOrderActions,
  DeferredDeliveries,
} from '../core/ports/store.js';

// The records a turn reads and writes are declared by the core (its store port); the store
// implements that port and adds what the rest of the app needs.
export type {
  InboxStatus,
  InboxEntry,
  ClaimResult,
  NewMessage,
  SummaryRepository,
  AnalyticsEvent,
  LockService,
  HeldLock,
  TurnRecord,
  KbMissKind,
  NewKbMiss,
  DeliveryStatus,
  Delivery,
} from '../core/ports/store.js';

/**
 * Everything the core persists goes through this interface, so that a Postgres/Redis
 * implementation can replace SQLite without the core changing. Every method is async
 * even where SQLite is synchronous, because the others are not.
 */
export interface Store extends TurnStore {
  readonly inbox: InboxRepository;
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly escalations: EscalationRepository;
  readonly events: EventRepository;
  readonly locks: LockService;
  readonly deliveries: DeliveryRepository;
  readonly keyValues: KeyValueRepository;
  readonly summaries: SummaryRepository;
  readonly rateLimits: RateLimitRepository;
  /** Messages not finished yet (turn or reply owed, or failed), for operators and /metrics. */
  readonly backlog: BacklogRepository;
  /** Read-only aggregations for the admin console's metrics. */
  readonly reports: ReportRepository;
  readonly staffAccounts: StaffAccountRepository;
  readonly audit: AuditRepository;
  readonly staffNotes: StaffNoteRepository;
  /** Everything stored about one customer, for export, erasure and the retention sweep. */
  readonly customerData: CustomerDataRepository;
  /** A cheap fingerprint of the staff-visible state (escalations, messages, notes): changes whenever any of it does. */
  staffStateVersion(): Promise<string>;
  /** Order actions the bot proposed, staff approve, and the shop carried out (the action log). */
  readonly orderActions: OrderActionRepository;
  /** Questions the bot could not answer, for the knowledge base's misses list. */
  readonly misses: KbMissRepository;
  /**
   * Announcements of new messages from every process sharing the store (Postgres LISTEN/NOTIFY);
   * absent where processes must look for news themselves (SQLite).
   */
  readonly messageNotifications?: MessageNotifications;
  /** Writes one finished turn atomically: messages, conversation state, escalation, events, inbox status. */
  commitTurn(turn: TurnRecord): Promise<void>;
  /** Resolves when a turn could be written now; rejects with the reason otherwise (for /readyz). */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}

export interface MessageNotifications {
  /**
   * Calls `listener` with the conversation key of each message stored by any process, or with
   * null when some may have been missed (the connection was re-established). Returns the unsubscribe.
   */
  subscribe(listener: (conversationKey: string | null) => void): () => void;
}

export interface InboxRepository extends TurnInbox {
  /**
   * Records a message as `received` before the platform is told it arrived, so that an
   * acknowledged message is never only in a dead worker's memory; the lease says how long
   * the receiving worker may take to start it. A message already known is left as it is.
   */
  accept(inbound: Inbound, leaseMs: number): Promise<void>;
  countByStatus(): Promise<Record<InboxStatus, number>>;
}

export interface ConversationRepository extends TurnConversations {
  get(id: string): Promise<Conversation | null>;
  setState(id: string, state: ConversationState): Promise<void>;
  /** Conversations, most recently active first, for the admin console. */
  search(filter: ConversationFilter): Promise<ConversationListItem[]>;
}

export interface ConversationFilter {
  /** Words in the conversation key, the user id or any message (case-insensitive substring). */
  text?: string;
  channel?: string;
  state?: ConversationState;
  limit: number;
  offset?: number;
}

export interface ConversationListItem {
  conversation: Conversation;
  messages: number;
  lastMessage: { text: string; author: StoredMessage['author']; at: Date } | null;
  escalations: number;
}

export interface MessageRepository extends TurnMessages {
  append(message: NewMessage): Promise<StoredMessage>;
  /** Appends unless a message with the same author and `channelMessageId` exists; null when it did. */
  appendOnce(message: NewMessage): Promise<StoredMessage | null>;
  /** Messages after the one with id `afterId`, oldest first. */
  after(conversationId: string, afterId: number, limit: number): Promise<StoredMessage[]>;
  countInbound(conversationId: string): Promise<number>;
  /** The newest message id in the whole store (0 when empty): a cheap "anything new?" check. */
  latestId(): Promise<number>;
}

export type EscalationStatus = 'open' | 'taken' | 'resolved' | 'handed_back';

export interface Escalation {
  id: string;
  conversationId: string;
  reasons: EscalationReason[];
  evidence: string[];
  status: EscalationStatus;
  /** The staff member who took over (their id on the staff surface). */
  assignee: string | null;
  assigneeName: string | null;
  takenAt: Date | null;
  /** When and by whom it was resolved or handed back. */
  closedAt: Date | null;
  closedBy: string | null;
  closedByName: string | null;
  /** Where the staff surface shows it (opaque to the core, e.g. a Slack channel and message ts). */
  staffThread: string | null;
  /** Id of the last conversation message already shown in the staff thread. */
  staffCursor: number;
  remindersSent: number;
  lastReminderAt: Date | null;
  ratingRequestedAt: Date | null;
  rating: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A person on the staff surface: the id that surface knows them by, and a display name. */
export interface StaffMember {
  id: string;
  name: string;
}

export interface EscalationRepository {
  /** The active (open or taken) escalation of a conversation. */
  open(conversationId: string): Promise<Escalation | null>;
  get(id: string): Promise<Escalation | null>;
  /** The most recent escalation of a conversation, whatever its status. */
  latest(conversationId: string): Promise<Escalation | null>;
  findByStaffThread(staffThread: string): Promise<Escalation | null>;
  listByStatus(status: EscalationStatus, limit: number): Promise<Escalation[]>;
  /** Escalations in any of `statuses`, newest first. */
  listRecent(statuses: readonly EscalationStatus[], limit: number): Promise<Escalation[]>;
  /** Every escalation of a conversation, oldest first. */
  listForConversation(conversationId: string): Promise<Escalation[]>;
  setStatus(id: string, status: EscalationStatus, assignee?: string | null): Promise<void>;

  /**
   * Claims the right to post the escalation to the staff surface, so that several processes
   * (or a retry) post it once. A claim older than `staleAfterMs` is presumed dead and can be taken.
   */
  claimStaffThread(id: string, claimant: string, now: Date, staleAfterMs: number): Promise<boolean>;
  releaseStaffThreadClaim(id: string, claimant: string): Promise<void>;
  setStaffThread(id: string, staffThread: string, cursor: number): Promise<void>;
  advanceStaffCursor(id: string, cursor: number): Promise<void>;
  /** Active escalations created after `since` that no live claim is posting yet. */
  listUnpublished(since: Date, now: Date, staleAfterMs: number, limit: number): Promise<Escalation[]>;

  /** open → taken, and the conversation → `human`, atomically; null when it was not open. */
  take(id: string, staff: StaffMember, now: Date): Promise<Escalation | null>;
  /**
   * open|taken → resolved (conversation → `resolved`) or handed_back (conversation → `bot`),
   * atomically; null when it was not active.
   */
  close(id: string, status: 'resolved' | 'handed_back', staff: StaffMember, now: Date): Promise<Escalation | null>;

  /** Open (nobody took over), posted escalations whose last reminder (or creation) is older than `intervalMs`. */
  listDueReminders(now: Date, intervalMs: number, maxReminders: number, limit: number): Promise<Escalation[]>;
  /** Compare-and-set on the reminder count, so one process sends each reminder. */
  claimReminder(id: string, remindersSent: number, now: Date): Promise<boolean>;

  requestRating(id: string, now: Date): Promise<void>;
  /** Records the customer's 1–5 rating once, if one was asked for; false otherwise. */
  recordRating(id: string, rating: number): Promise<boolean>;
}

export interface EventRepository {
  record(event: AnalyticsEvent): Promise<void>;
  countByType(since?: Date): Promise<Record<string, number>>;
}

export interface KbMiss extends NewKbMiss {
  id: number;
  conversationId: string;
  createdAt: Date;
  resolvedAt: Date | null;
  /** What an admin did about it, e.g. `phrasing returns.md#3` or `document gift-wrapping.md`. */
  resolution: string | null;
}

export interface KbMissRepository {
  /** Unresolved misses, newest first. */
  listOpen(limit: number): Promise<KbMiss[]>;
  get(ids: readonly number[]): Promise<KbMiss[]>;
  /** Marks misses dealt with (they leave the list); returns how many were open. */
  resolve(ids: readonly number[], resolution: string): Promise<number>;
  /** Open misses whose question is exactly `question` (whitespace and case aside). */
  findOpenByQuestion(question: string): Promise<KbMiss[]>;
  /** Every miss of these conversations, for a customer's data export. */
  listForConversations(conversationIds: readonly string[]): Promise<KbMiss[]>;
  /** Erasure: deletes every miss of these conversations (deleting a conversation also does). */
  deleteForConversations(conversationIds: readonly string[]): Promise<number>;
}

export interface DeliveryRepository extends DeferredDeliveries {
  /** Counts a request for the message, creating its slot as `pending` on the first; `created` tells which. */
  open(channel: string, messageId: string): Promise<{ delivery: Delivery; created: boolean }>;
  /** pending → passive with the reply given in the response; false when another request decided first. */
  settlePassive(channel: string, messageId: string, payload: string): Promise<boolean>;
}

/**
 * Where an unfinished message stands: `in_progress`/`stuck` (its turn is running, or its worker
 * stopped), `failed`/`given_up` (its turn threw; retried, or out of attempts), `reply_pending`/
 * `reply_unsent` (answered, reply owed through the platform's API; sending, or its sender
 * stopped), `reply_failed` (the platform refused the reply).
 */
export type BacklogState = 'in_progress' | 'stuck' | 'failed' | 'given_up' | 'reply_pending' | 'reply_unsent' | 'reply_failed';

export interface BacklogItem {
  channel: string;
  messageId: string;
  conversationKey: string | null;
  state: BacklogState;
  attempts: number | null;
  lastError: string | null;
  /** When the message arrived. */
  receivedAt: Date;
  updatedAt: Date;
}

export interface BacklogRepository {
  /** Unfinished messages, oldest first; `maxAttempts` tells `failed` from `given_up`. */
  list(now: Date, maxAttempts: number, limit: number): Promise<BacklogItem[]>;
  count(now: Date, maxAttempts: number): Promise<Record<BacklogState, number>>;
}

/** Small shared values with an optional expiry (platform access tokens), visible to every process. */
export interface KeyValueRepository {
  /** The value, or null when absent or expired. */
  get(key: string): Promise<{ value: string; expiresAt: Date | null } | null>;
  set(key: string, value: string, expiresAt?: Date | null): Promise<void>;
  /** Deletes the key only while it still holds `expected`, so a stale reader cannot drop a fresh value. */
  deleteIf(key: string, expected: string): Promise<boolean>;
  /** Stores `value` unless the key holds an unexpired value; returns whichever value is stored now. */
  setIfAbsent(key: string, value: string, expiresAt?: Date | null): Promise<string>;
}

/** Fixed-window request counters (per visitor, per client), shared by every process. */
export interface RateLimitRepository {
  /** Counts one hit; a window that has ended starts again at 1. */
  hit(key: string, windowMs: number, now?: Date): Promise<{ hits: number; resetAt: Date }>;
  /** Takes one hit back (a request that should not have counted). */
  undo(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

/** A half-open time range [since, until). */
export interface TimeRange {
  since: Date;
  until: Date;
}

export interface ReportOverview {
  /** Conversations in which a customer wrote during the range. */
  conversations: number;
  /** Of those, how many had an escalation opened during the range. */
  escalatedConversations: number;
  /** Customer messages, and the turns the bot answered (its reply latency sample). */
  customerMessages: number;
  botReplies: number;
  escalations: number;
  /** Ratings customers gave staff after a resolution. */
  ratings: { count: number; average: number | null };
}

export interface LatencyFigures {
  count: number;
  p50: number | null;
  p95: number | null;
}

/** One UTC day of activity. */
export interface DailyFigures {
  /** YYYY-MM-DD (UTC). */
  day: string;
  conversations: number;
  escalations: number;
  sentiment: { messages: number; negative: number; neutral: number; positive: number; averagePolarity: number | null };
  latencyMs: LatencyFigures;
}

export interface ReportRepository {
  overview(range: TimeRange): Promise<ReportOverview>;
  /** Escalations opened in the range, counted per reason (an escalation may have several). */
  escalationReasons(range: TimeRange): Promise<Array<{ reason: EscalationReason; escalations: number }>>;
  /** Time from a customer message to the bot's committed reply, over turns the bot answered. */
  replyLatency(range: TimeRange): Promise<LatencyFigures>;
  daily(range: TimeRange): Promise<DailyFigures[]>;
}

export type StaffRole = 'admin' | 'agent';

/** A named colleague who signs in to the console. */
export interface StaffAccount {
  id: string;
  username: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface StaffAccountRepository {
  /** Null when the username is taken. */
  create(input: { username: string; name: string; role: StaffRole; passwordHash: string }): Promise<StaffAccount | null>;
  get(id: string): Promise<StaffAccount | null>;
  findByUsername(username: string): Promise<StaffAccount | null>;
  list(): Promise<StaffAccount[]>;
  /** Accounts that can sign in. */
  countActive(): Promise<number>;
  update(id: string, change: { role?: StaffRole; passwordHash?: string; disabled?: boolean }): Promise<void>;
}

export interface AuditEntry {
  id: number;
  actor: StaffMember;
  /** took, replied, noted, resolved, handed_back, uploaded, deleted, exported, erased, account_created, … */
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
  at: Date;
}

export interface AuditRepository {
  record(entry: { actor: StaffMember; action: string; target?: string | null; detail?: Record<string, unknown> | null }): Promise<void>;
  /** Newest first. */
  list(limit: number, filter?: { action?: string }): Promise<AuditEntry[]>;
}

/** A staff-only remark on a conversation: never sent to the customer. */
export interface StaffNote {
  id: number;
  conversationId: string;
  escalationId: string | null;
  author: StaffMember;
  text: string;
  createdAt: Date;
}

export interface StaffNoteRepository {
  /** Null when a note with the same `sourceId` was stored already. */
  add(note: { conversationId: string; escalationId: string | null; author: StaffMember; text: string; sourceId?: string | null; createdAt?: Date }): Promise<StaffNote | null>;
  listForConversation(conversationId: string): Promise<StaffNote[]>;
}

/** One customer: the channel they wrote on and their id there. */
export interface CustomerRef {
  channel: string;
  userId: string;
}

/** Everything the core store holds about one customer, as exported. */
export interface CustomerRecord {
  customer: CustomerRef;
  conversations: Array<{
    conversation: Conversation;
    messages: StoredMessage[];
    escalations: Escalation[];
    notes: StaffNote[];
    summary: ConversationSummary | null;
    events: Array<{ type: string; data: Record<string, unknown> | null; at: Date }>;
    inbox: Array<{ messageId: string; status: string; receivedAt: Date; inbound: unknown }>;
  }>;
}

export interface CustomerDataRepository {
  conversationsOf(customer: CustomerRef): Promise<Conversation[]>;
  export(customer: CustomerRef): Promise<CustomerRecord>;
  /** Deletes the conversations and every row that belongs to them; returns how many rows went. */
  deleteConversations(conversationIds: readonly string[]): Promise<number>;
  /**
   * Keeps the figures (counts, sentiment, intent, timing) and drops the person: texts are
   * blanked, ids replaced, notes, summaries, raw inbound messages and reply addresses deleted.
   */
  anonymiseConversations(conversationIds: readonly string[]): Promise<number>;
  /** Conversations with no activity since `before` that are not anonymised yet, oldest first. */
  listInactive(before: Date, limit: number): Promise<Conversation[]>;
}

export type OrderActionKind = 'cancel' | 'return' | 'refund';
/**
 * proposed: waiting for the customer's yes; awaiting_staff: prepared for staff to approve;
 * done/failed: what the shop's system answered; declined: the customer or staff said no;
 * expired: superseded by a newer question.
 */
export type OrderActionStatus = 'proposed' | 'awaiting_staff' | 'done' | 'failed' | 'declined' | 'expired';

export interface OrderAction {
  id: string;
  conversationId: string;
  orderId: string;
  kind: OrderActionKind;
  status: OrderActionStatus;
  /** Exactly what the customer was told would happen ("cancel order 562039 and refund £54.90 to your Visa"). */
  description: string;
  params: Record<string, unknown>;
  /** What the shop's system answered, once the action ran. */
  result: Record<string, unknown> | null;
  /** Who approved or declined it: `customer`, or a staff member's id. */
  decidedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderActionRepository extends TurnOrderActions {
  create(input: Pick<OrderAction, 'conversationId' | 'orderId' | 'kind' | 'description' | 'params'> & { status: 'proposed' | 'awaiting_staff' }): Promise<OrderAction>;
  get(id: string): Promise<OrderAction | null>;
  /** Newest first. */
  listForConversation(conversationId: string, limit: number): Promise<OrderAction[]>;
  /** Erasure of a customer: every action of these conversations; returns how many went. */
  deleteForConversations(conversationIds: readonly string[]): Promise<number>;
  /** Oldest first (a queue). */
  listByStatus(status: OrderActionStatus, limit: number): Promise<OrderAction[]>;
  /** Compare-and-set, so a double click or two processes run an action once; false when it was no longer `from`. */
  transition(id: string, from: OrderActionStatus, to: OrderActionStatus, update?: { result?: Record<string, unknown>; decidedBy?: string }): Promise<boolean>;
}
