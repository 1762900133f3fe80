/**
 * Fits the ranking model (src/knowledge/search/ranking-model.ts) on the DEV parts of the
 * customer question sets only: a pairwise logistic model that puts a right passage above the
 * others, then a logistic relevance model that tells a right best passage from the best
 * passage of a question nothing answers, and the lowest relevance that keeps no-answers on
 * answerable dev questions under the target. Prints the model to paste and its dev figures.
 * Run: npx tsx scripts/retrieval-eval/fit-ranking.ts
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { featureNames, type PassageFeatures, type RankingModel } from '../../src/knowledge/search/ranking-model.js';
import type { KnowledgePassage } from '../../src/knowledge/types.js';
import { redactPersonalData } from '../../src/text/redact.js';
import { readCustomerQuestions, withGold } from './customer-set.js';
import { openHarness } from './harness.js';

const root = resolve(import.meta.dirname, '../..');
const dir = join(root, 'tests/fixtures/retrieval/customer-2026-12');
const policies = resolve(root, '../shared/data/policies');
const corpora = [{ prefix: 'sample-shop', corpus: join(root, 'knowledge') }, ...(existsSync(policies) ? [{ prefix: 'policies', corpus: policies }] : [])];
const maxNoAnswer = Number(process.env.MAX_NO_ANSWER ?? 0.025);

interface Example {
  group: string;
  answerable: boolean;
  candidates: Array<{ features: number[]; right: boolean; otherLanguage: boolean }>;
}

const sectionKey = (p: { source: string; section?: string }) => `${p.source}§${(p.section ?? '').split(' › ')[0]}`;
const vectorOf = (p: KnowledgePassage): number[] => featureNames.map((name) => (name === 'vector' ? (p.signals.similarity ?? 0) : p.signals[name]));

const examples: Example[] = [];
for (const { prefix, corpus } of corpora) {
  const harness = await openHarness({ corpus: [corpus] });
  const chunks = harness.kb.chunks();
  const keyOfChunk = new Map(chunks.map((c) => [c.id, sectionKey(c)]));
  for (const question of withGold(readCustomerQuestions(join(dir, `${prefix}-dev.jsonl`)), chunks)) {
    const gold = new Set([...question.gold].map((id) => keyOfChunk.get(id)!));
    const passages = await harness.kb.search(redactPersonalData(question.q).text, { k: 40, language: question.lang, relevanceGate: false });
    examples.push({
      group: `${prefix}/${question.lang}`,
      answerable: question.answers.length > 0,
      candidates: passages.map((p) => ({
        features: vectorOf(p),
        right: gold.has(sectionKey(p)) || (p.translation !== undefined && gold.has(sectionKey(p.translation))),
        otherLanguage: p.language !== question.lang,
      })),
    });
  }
  await harness.close();
}

const dot = (w: readonly number[], x: readonly number[]) => w.reduce((s, wi, i) => s + wi * x[i]!, 0);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Pairwise logistic regression (RankNet with a linear scorer), L2-regularised, by gradient descent. */
function fitRanking(): number[] {
  const pairs: number[][] = [];
  for (const example of examples) {
    const right = example.candidates.filter((c) => c.right);
    const wrong = example.candidates.filter((c) => !c.right);
    for (const r of right) for (const w of wrong) pairs.push(r.features.map((v, i) => v - w.features[i]!));
  }
  const w = featureNames.map(() => 0);
  const rate = 0.5;
  const l2 = 0.001;
  for (let epoch = 0; epoch < 600; epoch++) {
    const grad = w.map(() => 0);
    for (const d of pairs) {
      const g = sigmoid(-dot(w, d));
      d.forEach((v, i) => (grad[i]! += g * v));
    }
    w.forEach((_, i) => (w[i] = w[i]! + rate * (grad[i]! / pairs.length - l2 * w[i]!)));
  }
  return w;
}

function fitRelevance(rows: Array<{ x: number[]; y: number }>): { bias: number; w: number[] } {
  const w = featureNames.map(() => 0);
  let bias = 0;
  const positives = rows.filter((r) => r.y === 1).length;
  const weightOf = (y: number) => (y === 1 ? rows.length / (2 * positives) : rows.length / (2 * (rows.length - positives)));
  for (let epoch = 0; epoch < 3000; epoch++) {
    const grad = w.map(() => 0);
    let gb = 0;
    for (const { x, y } of rows) {
      const e = (y - sigmoid(bias + dot(w, x))) * weightOf(y);
      x.forEach((v, i) => (grad[i]! += e * v));
      gb += e;
    }
    w.forEach((_, i) => (w[i] = w[i]! + (1.0 * grad[i]!) / rows.length - 0.001 * w[i]!));
    bias += (1.0 * gb) / rows.length;
  }
  return { bias, w };
}

const rankWeights = fitRanking();
const top = (example: Example) =>
  [...example.candidates].sort((a, b) => dot(rankWeights, b.features) * (b.otherLanguage ? 0.9 : 1) - dot(rankWeights, a.features) * (a.otherLanguage ? 0.9 : 1))[0];
const rows = examples.flatMap((example) => {
  const best = top(example);
  if (!best) return [];
  if (example.answerable && !best.right) return [];
  return [{ x: best.features, y: example.answerable ? 1 : 0 }];
});
const relevance = fitRelevance(rows);
const relevanceOfTop = (example: Example) => {
  const best = top(example);
  return best ? sigmoid(relevance.bias + dot(relevance.w, best.features)) : 0;
};
// The highest threshold that keeps no-answers on answerable dev questions at or under the target.
const answerableScores = examples
  .filter((e) => e.answerable)
  .map(relevanceOfTop)
  .sort((a, b) => a - b);
const threshold = Math.max(0, (answerableScores[Math.floor(maxNoAnswer * answerableScores.length)] ?? 0) - 1e-6);

const round = (n: number) => Number(n.toFixed(3));
const asFeatures = (values: number[]) => Object.fromEntries(featureNames.map((name, i) => [name, round(values[i]!)])) as unknown as PassageFeatures;
const model: RankingModel = { rank: asFeatures(rankWeights), relevance: { bias: round(relevance.bias), weights: asFeatures(relevance.w) } };
console.log(`fitted on ${examples.length} dev questions (${rows.length} for relevance)`);
console.log(`export const defaultRankingModel: RankingModel = ${JSON.stringify(model)};`);
console.log(`RETRIEVAL_MIN_SCORE=${threshold.toFixed(3)} (no-answer on answerable dev ≤ ${maxNoAnswer * 100}%)`);
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
for (const group of [...new Set(examples.map((e) => e.group))]) {
  const set = examples.filter((e) => e.group === group);
  const answerable = set.filter((e) => e.answerable);
  const right = answerable.filter((e) => top(e)?.right && relevanceOfTop(e) >= threshold).length;
  const noAnswer = answerable.filter((e) => relevanceOfTop(e) < threshold).length;
  const unanswerable = set.filter((e) => !e.answerable);
  const rejected = unanswerable.filter((e) => relevanceOfTop(e) < threshold).length;
  const ranked1 = answerable.filter((e) => top(e)?.right).length;
  console.log(
    `${group.padEnd(18)} ranked first ${pct(ranked1 / answerable.length)}  top-1 ${pct(right / answerable.length)}  no-answer ${pct(noAnswer / answerable.length)}  rejected ${pct(unanswerable.length ? rejected / unanswerable.length : 1)} of ${unanswerable.length}`,
  );
}
