import type { ConversationSummary, StoredMessage } from '../../domain/types.js';
import type { TokenCounter } from './token-counter.js';

export interface MemoryLimits {
  /** Tokens of recent turns shown verbatim. */
  recentTokens: number;
  /** Tokens of the summary of older turns. */
  summaryTokens: number;
}

export interface MemoryPlan {
  /** The stored summary, plus short notes of older turns it does not cover yet; within `summaryTokens`. */
  summary: string;
  /** The latest turns, verbatim, oldest first; within `recentTokens`. */
  recent: StoredMessage[];
  /** Older turns to fold into a new summary now, or null while the verbatim window has room. */
  fold: { previous: string | null; messages: StoredMessage[]; throughMessageId: number } | null;
}

export type Speaker = 'customer' | 'assistant' | 'staff';

export function speakerOf(message: StoredMessage): Speaker {
  return message.author === 'bot' ? 'assistant' : message.author;
}

/** A message as memory keeps it: a bot answer without its "Source:" line (the model sees passages anyway). */
export function memoryText(message: StoredMessage): string {
  const text = message.author === 'bot' ? message.text.replace(/\n+\s*(?:Sources?|来源)\s*[:：][^\n]*$/u, '') : message.text;
  return text.trim();
}

const noteTokens = 40;

/**
 * Decides what of the conversation the prompt carries: the newest turns verbatim while they
 * fit in `recentTokens`; once they do not, the older half is folded into the summary (one
 * model call every few turns, not every turn). Until that summary exists, the folded turns
 * are shown as short notes, so nothing falls out of memory while the model is slow or down.
 */
export function planMemory(history: readonly StoredMessage[], stored: ConversationSummary | null, counter: TokenCounter, limits: MemoryLimits): MemoryPlan {
  const unsummarised = history.filter((m) => !stored || m.id > stored.throughMessageId).filter((m) => memoryText(m));
  const cost = (m: StoredMessage) => counter.count(memoryText(m)) + 4;
  const total = unsummarised.reduce((sum, m) => sum + cost(m), 0);
  // Close to the budget, the estimate's margin starts to cost memory: get the real tokenizer ready.
  if (!counter.exact && total > limits.recentTokens / 2) counter.warmUp().catch(() => undefined);
  const keepWithin = total <= limits.recentTokens ? limits.recentTokens : Math.floor(limits.recentTokens / 2);

  const recent: StoredMessage[] = [];
  let used = 0;
  for (const message of [...unsummarised].reverse()) {
    const tokens = cost(message);
    if (recent.length > 0 && used + tokens > keepWithin) break;
    used += tokens;
    recent.unshift(message);
  }
  const older = unsummarised.slice(0, unsummarised.length - recent.length);

  const notes = older.map((m) => `${speakerOf(m)}: ${counter.truncate(memoryText(m).replace(/\s+/g, ' '), noteTokens)}`);
  // Over budget: the oldest notes go first, then the summary itself is cut. Counted per piece
  // (a newline is at most one token) rather than re-encoding the joined text for every note dropped.
  let pieceTokens = (stored?.text ? counter.count(stored.text) : 0) + notes.reduce((sum, note) => sum + counter.count(note) + 1, 0);
  while (pieceTokens > limits.summaryTokens && notes.length > 0) pieceTokens -= counter.count(notes.shift()!) + 1;
  const summary = counter.truncate([stored?.text ?? '', ...notes].filter(Boolean).join('\n'), limits.summaryTokens);

  return {
    summary,
    recent,
    fold: older.length > 0 ? { previous: stored?.text ?? null, messages: older, throughMessageId: older.at(-1)!.id } : null,
  };
}
