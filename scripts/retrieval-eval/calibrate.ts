/**
 * Calibrates the relevance check and the topic prior on the DEV parts of the customer question
 * sets only (never the test parts): for each topic ranking weight, every question is ranked
 * once without the relevance check; each (topic relevance weight, minimum score) pair then
 * decides as the gate would (the first passage whose coverage + weight × topic reaches the
 * minimum, or whose vector similarity is high enough; none: no answer).
 * Run: npx tsx scripts/retrieval-eval/calibrate.ts
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KnowledgePassage } from '../../src/knowledge/types.js';
import { redactPersonalData } from '../../src/nlu/redact.js';
import { readCustomerQuestions, withGold, type GoldQuestion } from './customer-set.js';
import { openHarness } from './harness.js';

const root = resolve(import.meta.dirname, '../..');
const dir = process.env.EVAL_CUSTOMER_DIR ?? join(root, 'tests/fixtures/retrieval/customer-2026-12');
const policies = resolve(root, '../shared/data/policies');
const corpora = [
  { prefix: 'sample-shop', corpus: join(root, 'knowledge') },
  ...(existsSync(policies) ? [{ prefix: 'policies', corpus: policies }] : []),
];
const rankWeights = (process.env.RANK_WEIGHTS ?? '0,0.15,0.3,0.5,0.8').split(',').map(Number);
const relevanceWeights = [0, 0.1, 0.2, 0.3, 0.5, 0.8];
const minScores = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75];

interface Ranked {
  question: GoldQuestion;
  goldKeys: Set<string>;
  passages: KnowledgePassage[];
  sectionOf: (p: KnowledgePassage) => string[];
}

const sectionKey = (p: { source: string; section?: string }) => `${p.source}§${(p.section ?? '').split(' › ')[0]}`;

type Tally = { answerable: number; top1: number; noAnswer: number; unanswerable: number; rejected: number };
const results = new Map<string, Map<string, Tally>>();

for (const rankWeight of rankWeights) {
  const rankedAll: Array<Ranked & { corpus: string }> = [];
  let minSimilarity = 1;
  for (const { prefix, corpus } of corpora) {
    const harness = await openHarness({ corpus: [corpus], topicRankWeight: rankWeight });
    minSimilarity = harness.embeddings.info.minSimilarity;
    const chunks = harness.kb.chunks();
    const keyOfChunk = new Map(chunks.map((c) => [c.id, sectionKey(c)]));
    const questions = withGold(readCustomerQuestions(join(dir, `${prefix}-dev.jsonl`)), chunks);
    for (const question of questions) {
      const passages = await harness.kb.search(redactPersonalData(question.q).text, { k: 10, language: question.lang, relevanceGate: false });
      const goldKeys = new Set([...question.gold].map((id) => keyOfChunk.get(id)!).filter(Boolean));
      rankedAll.push({ corpus: prefix, question, goldKeys, passages, sectionOf: (p) => [sectionKey(p), ...(p.translation ? [sectionKey(p.translation)] : [])] });
    }
    await harness.close();
  }
  for (const relevanceWeight of relevanceWeights) {
    for (const minScore of minScores) {
      const key = `rank ${rankWeight} · topic evidence ${relevanceWeight} · min ${minScore}`;
      const tallies = new Map<string, Tally>();
      for (const r of rankedAll) {
        const group = `${r.corpus}/${r.question.lang}`;
        const t = tallies.get(group) ?? { answerable: 0, top1: 0, noAnswer: 0, unanswerable: 0, rejected: 0 };
        tallies.set(group, t);
        const chosen = r.passages.find((p) => p.signals.coverage + relevanceWeight * p.signals.topic >= minScore || (p.signals.similarity ?? 0) >= minSimilarity);
        if (r.question.answers.length === 0) {
          t.unanswerable++;
          if (!chosen) t.rejected++;
        } else {
          t.answerable++;
          if (!chosen) t.noAnswer++;
          else if (r.sectionOf(chosen).some((k) => r.goldKeys.has(k))) t.top1++;
        }
      }
      results.set(key, tallies);
    }
  }
}

const rate = (a: number, b: number) => (b ? a / b : 1);
const rows = [...results.entries()].map(([key, tallies]) => {
  const groups = [...tallies.values()];
  const worst = {
    top1: Math.min(...groups.map((t) => rate(t.top1, t.answerable))),
    noAnswer: Math.max(...groups.map((t) => rate(t.noAnswer, t.answerable))),
    rejected: Math.min(...groups.map((t) => rate(t.rejected, t.unanswerable))),
  };
  const mean = {
    top1: groups.reduce((s, t) => s + rate(t.top1, t.answerable), 0) / groups.length,
    rejected: groups.reduce((s, t) => s + rate(t.rejected, t.unanswerable), 0) / groups.length,
    noAnswer: groups.reduce((s, t) => s + rate(t.noAnswer, t.answerable), 0) / groups.length,
  };
  // All decisions count: the right section, or no answer when there is none.
  const all = groups.reduce((s, t) => s + t.top1 + t.rejected, 0) / groups.reduce((s, t) => s + t.answerable + t.unanswerable, 0);
  return { key, worst, mean, all, tallies };
});
rows.sort((a, b) => b.all - a.all);
const pct = (n: number) => `${(n * 100).toFixed(1)}%`.padStart(6);
console.log(`dev parts of ${dir}; groups: corpus/language. Sorted by all decisions right.`);
console.log(`${'setting'.padEnd(46)} all     mean top-1  mean no-ans  mean rejected   worst top-1  worst no-ans  worst rejected`);
for (const row of rows.slice(0, Number(process.env.TOP ?? 25))) {
  console.log(`${row.key.padEnd(46)} ${pct(row.all)}  ${pct(row.mean.top1)}      ${pct(row.mean.noAnswer)}       ${pct(row.mean.rejected)}         ${pct(row.worst.top1)}       ${pct(row.worst.noAnswer)}        ${pct(row.worst.rejected)}`);
}
