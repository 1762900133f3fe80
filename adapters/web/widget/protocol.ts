/**
 * What the widget and the server say to each other (JSON bodies and server-sent events).
 * Types only: imported by the server (`adapters/web`) and bundled into the browser script.
 */

export type WidgetLanguage = 'en' | 'zh';

export interface WidgetCitation {
  source: string;
  section?: string;
  /** The start of the cited passage, for the expandable source. */
  excerpt?: string;
}

export interface WidgetMessage {
  /** The store's message id: increasing, the cursor for "what came after". */
  id: number;
  author: 'customer' | 'bot' | 'staff' | 'system';
  /** A staff member's display name. */
  authorName?: string;
  /** The reply without its "Source: …" line when the sources are listed in `citations`. */
  text: string;
  citations?: WidgetCitation[];
  /** ISO 8601. */
  at: string;
}

/** Who the visitor is talking to: the bot, nobody yet (a colleague was asked), nobody can (no staff desk: the shop's contact was given), or a colleague. */
export interface HandoffStatus {
  state: 'bot' | 'waiting' | 'unstaffed' | 'with_staff';
  staffName?: string;
}

/** `POST /api/widget/session`. */
export interface SessionResponse {
  token: string;
  expiresAt: string;
  /** True when the token's conversation already has messages (a reload, a returning visitor). */
  resumed: boolean;
  handoff: HandoffStatus;
  language: WidgetLanguage | null;
}

/** `GET /api/widget/messages?after=<id>`. */
export interface HistoryResponse {
  messages: WidgetMessage[];
  cursor: number;
  handoff: HandoffStatus;
  language: WidgetLanguage | null;
}

/** `POST /api/widget/messages` answers with server-sent events: `delta`* then `done` or `error`. */
export interface DeltaEvent {
  text: string;
  /** The reply's language: the bubble's labels follow it from the first piece on. */
  language?: WidgetLanguage;
}

export interface DoneEvent {
  /** Everything stored after the request's `after` cursor: the visitor's message, the reply, anything in between. */
  messages: WidgetMessage[];
  cursor: number;
  handoff: HandoffStatus;
  language: WidgetLanguage;
  escalated: boolean;
  replyKind: string;
  /** Other questions the answer suggests, shown as buttons under it; tapping one sends its `text`. */
  followUps?: Array<{ title: string; text: string }>;
}

export interface ErrorEvent {
  error: string;
  retryable: boolean;
}

/** `GET /api/widget/events?after=<id>` streams `message` (a WidgetMessage) and `handoff` (a HandoffStatus) events. */
export type PushEventName = 'message' | 'handoff';
