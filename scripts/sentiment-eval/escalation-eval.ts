import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import type { EscalationReason, Outcome, SentimentLabel } from '../../src/domain/types.js';
import { createLogger } from '../../src/logger.js';
import { createRuntime } from '../../src/runtime.js';
import { repoRoot } from './dev-sets.js';
import type { LabelledConversation } from './escalation-set.js';
import { prf } from './metrics.js';

export interface ConversationResult<C = LabelledConversation> {
  conversation: C;
  outcomes: Outcome[];
  /** Index of the turn that escalated, or -1. */
  escalatedAt: number;
  reasons: EscalationReason[];
}

export const ALL_REASONS: readonly EscalationReason[] = ['human_requested', 'anger', 'frustration_trend', 'threat', 'high_risk_topic', 'repeated_question', 'unanswered'];

/**
 * Runs every conversation through the real engine (SQLite in a temporary directory, the
 * repository's knowledge base and templates, no LLM), several conversations at once so their
 * messages share model batches, as a busy server's would.
 */
export async function runConversations<C extends { id: string; turns: ReadonlyArray<{ text: string }> } = LabelledConversation>(
  conversations: readonly C[],
  env: Record<string, string>,
  concurrency = 8,
): Promise<{ results: ConversationResult<C>[]; serving: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-eval-'));
  const config = loadConfig({
    AFTERCARE_DATA_DIR: dataDir,
    KNOWLEDGE_DIR: join(repoRoot, 'knowledge'),
    PROMPTS_DIR: join(repoRoot, 'prompts'),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const runtime = await createRuntime({ ...config, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined }, createLogger({ level: 'silent' }));
  await runtime.sentiment.ready();
  const results: ConversationResult<C>[] = new Array(conversations.length);
  let next = 0;
  const worker = async () => {
    while (next < conversations.length) {
      const index = next++;
      const conversation = conversations[index]!;
      const outcomes: Outcome[] = [];
      let escalatedAt = -1;
      let reasons: EscalationReason[] = [];
      for (const [turn, { text }] of conversation.turns.entries()) {
        const outcome = await runtime.engine.handle({
          channel: 'eval',
          conversationKey: conversation.id,
          userId: `eval-${conversation.id}`,
          messageId: `${conversation.id}-${turn}`,
          text,
          timestamp: new Date(),
        });
        outcomes.push(outcome);
        if (escalatedAt < 0 && outcome.escalated) {
          escalatedAt = turn;
          reasons = outcome.escalationReasons;
        }
      }
      results[index] = { conversation, outcomes, escalatedAt, reasons };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const serving = runtime.sentiment.name;
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { results, serving };
}

export interface EscalationMetrics {
  conversations: number;
  binary: { tp: number; fp: number; fn: number; tn: number; precision: number; recall: number; f1: number };
  hardNegatives: { total: number; escalated: number };
  /** Escalated positives that escalated at the expected turn (not before it). */
  onTime: { total: number; right: number };
  perReason: Record<EscalationReason, { support: number; tp: number; fp: number; fn: number; precision: number; recall: number }>;
  /** Per-turn polarity labels against the outcome's sentiment label. */
  turns: { gold: SentimentLabel[]; predicted: SentimentLabel[] };
}

export function escalationMetrics(results: readonly ConversationResult[]): EscalationMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let hardTotal = 0;
  let hardEscalated = 0;
  let onTimeTotal = 0;
  let onTimeRight = 0;
  const perReason = Object.fromEntries(ALL_REASONS.map((r) => [r, { support: 0, tp: 0, fp: 0, fn: 0, precision: 0, recall: 0 }])) as EscalationMetrics['perReason'];
  const gold: SentimentLabel[] = [];
  const predicted: SentimentLabel[] = [];
  for (const { conversation, outcomes, escalatedAt, reasons } of results) {
    const shouldEscalate = conversation.reasons.length > 0;
    const did = escalatedAt >= 0;
    if (shouldEscalate && did) tp++;
    else if (!shouldEscalate && did) fp++;
    else if (shouldEscalate) fn++;
    else tn++;
    if (conversation.hard_negative) {
      hardTotal++;
      if (did) hardEscalated++;
    }
    if (shouldEscalate && did) {
      onTimeTotal++;
      if (escalatedAt === (conversation.at ?? conversation.turns.length - 1)) onTimeRight++;
    }
    const optional = new Set(conversation.optional ?? []);
    for (const reason of ALL_REASONS) {
      const wanted = conversation.reasons.includes(reason);
      const got = reasons.includes(reason);
      const entry = perReason[reason];
      if (wanted) entry.support++;
      if (wanted && got) entry.tp++;
      else if (wanted) entry.fn++;
      else if (got && !optional.has(reason)) entry.fp++;
    }
    conversation.turns.forEach((turn, i) => {
      gold.push(turn.polarity);
      predicted.push(outcomes[i]!.sentiment.label);
    });
  }
  for (const entry of Object.values(perReason)) {
    const { precision, recall } = prf(entry.tp, entry.fp, entry.fn);
    entry.precision = precision;
    entry.recall = recall;
  }
  return {
    conversations: results.length,
    binary: { tp, fp, fn, tn, ...prf(tp, fp, fn) },
    hardNegatives: { total: hardTotal, escalated: hardEscalated },
    onTime: { total: onTimeTotal, right: onTimeRight },
    perReason,
    turns: { gold, predicted },
  };
}

/** Conversations the policy got wrong, for reading (dev set only while tuning). */
export function mistakes(results: readonly ConversationResult[]): string[] {
  const lines: string[] = [];
  for (const { conversation, outcomes, escalatedAt, reasons } of results) {
    const expected = [...conversation.reasons].sort().join(',');
    const got = [...reasons].sort().join(',');
    const expectedAt = conversation.at ?? conversation.turns.length - 1;
    const optional = new Set(conversation.optional ?? []);
    const extra = reasons.filter((r) => !conversation.reasons.includes(r) && !optional.has(r));
    const missing = conversation.reasons.filter((r) => !reasons.includes(r));
    const early = conversation.reasons.length > 0 && escalatedAt >= 0 && escalatedAt !== expectedAt;
    if (extra.length || missing.length || early) {
      const polarity = outcomes.map((o) => ({ negative: '-', neutral: '0', positive: '+' })[o.sentiment.label]).join('');
      lines.push(`${conversation.id}: expected [${expected}]@${expectedAt} got [${got}]@${escalatedAt} (${polarity}) ${conversation.turns.map((t) => t.text).join(' | ')}`);
    }
  }
  return lines;
}
