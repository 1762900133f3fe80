import { join } from 'node:path';
import type { EscalationReason, SentimentLabel } from '../../src/domain/types.js';
import { readJsonl, repoRoot } from './dev-sets.js';

/** One labelled conversation: the customer's turns, and why (if at all) it must reach a human. */
export interface LabelledConversation {
  id: string;
  lang: 'en' | 'zh';
  turns: Array<{ text: string; polarity: SentimentLabel }>;
  /** Reasons the conversation must escalate for; empty = it must not escalate. */
  reasons: EscalationReason[];
  /** Reasons that are acceptable but not required (an angry threat may also count as anger). */
  optional?: EscalationReason[];
  /** Index of the turn that should escalate; default the last. Escalating earlier is premature. */
  at?: number;
  hard_negative?: boolean;
  note?: string;
}

export const escalationTestPath = join(repoRoot, 'tests/fixtures/escalation/conversations-test.jsonl');
export const escalationDevPath = join(repoRoot, 'tests/fixtures/escalation/conversations-dev.jsonl');
export const readConversations = (path: string) => readJsonl<LabelledConversation>(path);
