/**
 * The frozen escalation sets v2 and v3 (tests/fixtures/escalation/v2, v3; same line format):
 * single first messages and multi-turn conversations, zh and en, split into a dev part (study
 * and tune) and a test part (only run and report). Everything is run through the real engine,
 * as escalation-eval.ts does.
 */
import { join } from 'node:path';
import { prf } from './metrics.js';
import { readJsonl, repoRoot } from './dev-sets.js';
import { runConversations, type ConversationResult } from './escalation-eval.js';

export const v2Reasons = [
  'human_requested',
  'anger',
  'fraud_accusation',
  'threat',
  'repeated_contact',
  'broken_promise',
  'no_response',
  'compensation_demand',
  'high_risk_topic',
  'frustration_trend',
  'repeated_question',
] as const;
export type V2Reason = (typeof v2Reasons)[number];

export interface V2Item {
  id: string;
  lang: 'en' | 'zh';
  turns: Array<{ text: string }>;
  /** 0-based turn at which a supervisor hands over; null = never. */
  at: number | null;
  reasons: V2Reason[];
  hard_negative: boolean;
  note?: string;
}

export type Part = 'dev' | 'test';
export type Kind = 'messages' | 'conversations';
export const parts: readonly Part[] = ['dev', 'test'];
export const kinds: readonly Kind[] = ['messages', 'conversations'];
export const v2Dir = join(repoRoot, 'tests/fixtures/escalation/v2');
export const v3Dir = join(repoRoot, 'tests/fixtures/escalation/v3');
export const v4Dir = join(repoRoot, 'tests/fixtures/escalation/v4');
export const v5Dir = join(repoRoot, 'tests/fixtures/escalation/v5');

export interface V2Entry {
  part: Part;
  kind: Kind;
  item: V2Item;
}

/** The parts asked for of one frozen set (v2 by default). */
export function readV2(only: readonly Part[] = parts, dir = v2Dir): V2Entry[] {
  return only.flatMap((part) => kinds.flatMap((kind) => readJsonl<V2Item>(join(dir, `${kind}-${part}.jsonl`)).map((item) => ({ part, kind, item }))));
}

export interface V2Result {
  entry: V2Entry;
  result: ConversationResult<V2Item>;
}

/** Every item of the given parts through one runtime (the sentiment model loads once). */
export async function runV2(entries: readonly V2Entry[], env: Record<string, string>): Promise<{ results: V2Result[]; serving: string }> {
  const run = await runConversations(
    entries.map((e) => e.item),
    env,
  );
  return { results: run.results.map((result, i) => ({ entry: entries[i]!, result })), serving: run.serving };
}

export interface Binary {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
}

export interface GroupFigures {
  items: number;
  /** Escalated at all vs should hand over at all. */
  binary: Binary;
  /** Items whose first escalation is exactly at `at` (null: never escalated). */
  rightTurn: { right: number; total: number };
  hardNegatives: { escalated: number; total: number };
}

function binaryOf(tp: number, fp: number, fn: number, tn: number): Binary {
  const { precision, recall } = prf(tp, fp, fn);
  return { tp, fp, fn, tn, precision, recall };
}

export function groupFigures(results: readonly V2Result[]): GroupFigures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let right = 0;
  let hard = 0;
  let hardEscalated = 0;
  for (const { entry, result } of results) {
    const should = entry.item.at !== null;
    const did = result.escalatedAt >= 0;
    if (should && did) tp++;
    else if (did) fp++;
    else if (should) fn++;
    else tn++;
    if ((entry.item.at ?? -1) === result.escalatedAt) right++;
    if (entry.item.hard_negative) {
      hard++;
      if (did) hardEscalated++;
    }
  }
  return { items: results.length, binary: binaryOf(tp, fp, fn, tn), rightTurn: { right, total: results.length }, hardNegatives: { escalated: hardEscalated, total: hard } };
}

export type ReasonFigures = Record<V2Reason, { support: number; tp: number; fp: number; fn: number; precision: number; recall: number }>;

/** Per reason: did the escalation name it (at whatever turn it escalated)? */
export function reasonFigures(results: readonly V2Result[]): ReasonFigures {
  const out = Object.fromEntries(v2Reasons.map((r) => [r, { support: 0, tp: 0, fp: 0, fn: 0, precision: 0, recall: 0 }])) as ReasonFigures;
  for (const { entry, result } of results) {
    const got = new Set<string>(result.reasons);
    for (const reason of v2Reasons) {
      const wanted = entry.item.reasons.includes(reason);
      const entryFigures = out[reason];
      if (wanted) entryFigures.support++;
      if (wanted && got.has(reason)) entryFigures.tp++;
      else if (wanted) entryFigures.fn++;
      else if (got.has(reason)) entryFigures.fp++;
    }
  }
  for (const figures of Object.values(out)) Object.assign(figures, prf(figures.tp, figures.fp, figures.fn));
  return out;
}

export const select = (results: readonly V2Result[], filter: { part?: Part; kind?: Kind; lang?: 'en' | 'zh' }) =>
  results.filter(({ entry }) => (!filter.part || entry.part === filter.part) && (!filter.kind || entry.kind === filter.kind) && (!filter.lang || entry.item.lang === filter.lang));

/** What went wrong on the dev part, for reading while tuning (never called on test). */
export function devMistakes(results: readonly V2Result[]): string[] {
  return results
    .filter(({ entry }) => entry.part === 'dev')
    .flatMap(({ entry, result }) => {
      const at = entry.item.at ?? -1;
      const missing = entry.item.reasons.filter((r) => !(result.reasons as string[]).includes(r));
      const extra = result.reasons.filter((r) => !(entry.item.reasons as string[]).includes(r));
      if (at === result.escalatedAt && missing.length === 0 && extra.length === 0) return [];
      const turns = entry.item.turns.map((t) => t.text).join(' | ');
      return [
        `${entry.item.id}${entry.item.hard_negative ? ' (hard)' : ''}: want [${entry.item.reasons.join(',')}]@${entry.item.at} got [${result.reasons.join(',')}]@${result.escalatedAt} :: ${turns}`,
      ];
    });
}
