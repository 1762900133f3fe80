import type { Citation, EscalationReason, Language, SentimentLabel } from '../domain/types.js';
import type { EscalationStatus, StaffMember } from '../store/types.js';

export type { StaffMember };

/** One line of the conversation as staff see it. */
export interface TranscriptLine {
  author: 'customer' | 'bot' | 'staff';
  text: string;
  at: Date;
  /** The staff member's name, for staff lines. */
  name?: string;
}

export type SentimentDirection = 'worsening' | 'improving' | 'steady' | 'unknown';

/** Everything a staff surface shows about one escalation; rebuilt from the store on every change. */
export interface EscalationCard {
  escalationId: string;
  status: EscalationStatus;
  customer: { channel: string; conversationKey: string; userId: string };
  language: Language | null;
  openedAt: Date;
  reasons: Array<{ reason: EscalationReason; evidence: string | null }>;
  /** The customer's recent messages' polarity (-1..1), oldest first. */
  sentiment: { points: Array<{ label: SentimentLabel; polarity: number }>; direction: SentimentDirection };
  transcript: TranscriptLine[];
  /** Customer messages older than the transcript shows. */
  earlierCustomerMessages: number;
  /** Policy passages the bot's answers in this conversation rested on. */
  citations: Citation[];
  assignee: (StaffMember & { at: Date }) | null;
  closedBy: (StaffMember & { at: Date }) | null;
  rating: number | null;
  ratingRequested: boolean;
  remindersSent: number;
  /** Order actions the bot prepared for staff to approve (a large refund, an escalated customer's cancellation). */
  preparedActions?: Array<{ id: string; description: string }>;
}

/** Something that happened after the escalation was posted, written into its staff thread. */
export type ThreadNote =
  | { kind: 'customer_message'; text: string; at: Date }
  | { kind: 'bot_message'; text: string; at: Date }
  | { kind: 'taken'; by: StaffMember; at: Date }
  | { kind: 'resolved'; by: StaffMember; at: Date; ratingRequested: boolean }
  | { kind: 'handed_back'; by: StaffMember; at: Date }
  | { kind: 'reminder'; waitingMinutes: number; reminder: number; of: number }
  | { kind: 'rating'; rating: number }
  | { kind: 'customer_unreachable'; channel: string; error: string }
  /** Written by staff on another surface (the console): shown so both views tell the same story. */
  | { kind: 'staff_reply'; by: StaffMember; text: string; at: Date }
  | { kind: 'internal_note'; by: StaffMember; text: string; at: Date };

/**
 * Where staff work: a Slack channel today, another tool tomorrow. It shows escalations and
 * their threads; the handoff logic decides what to show and when, and owns every state change.
 */
export interface StaffDesk {
  readonly name: string;
  /** Posts a new escalation; returns the reference of its thread (opaque to the core, unique). */
  publish(card: EscalationCard): Promise<string>;
  /** Redraws a posted escalation (its state, who has it, the rating). */
  update(staffThread: string, card: EscalationCard): Promise<void>;
  /** Adds a line to the escalation's thread. */
  note(staffThread: string, note: ThreadNote): Promise<void>;
}
