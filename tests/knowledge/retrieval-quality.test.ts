import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../scripts/retrieval-eval/harness.js';
import { abstentionMetrics, rankingMetrics } from '../../scripts/retrieval-eval/metrics.js';
import { readQuestions } from '../../scripts/retrieval-eval/questions.js';
import { answerAll, rankAll } from '../../scripts/retrieval-eval/run-methods.js';
import { fixturePolicies, sampleKnowledge } from '../helpers/knowledge.js';
import { repoRoot } from '../../testkit/runtime.js';

/**
 * Floors at the level reached with the weight-free embedder (what runs offline and in CI),
 * measured by `npm run eval:retrieval`; a change that loses recall fails here. Raise them
 * when retrieval gets better, never lower them to make a change pass.
 *
 * The rejection floors were lowered once (issue 14), deliberately: the relevance check is now
 * calibrated on the frozen customer dev questions, where the old check told 18–56% of
 * answerable questions "I couldn't find that". On these older sets it now keeps far more
 * answerable questions (82→102, 26→35, 43→55, 21→25) and turns fewer unanswerable ones away.
 */
const suites = [
  { name: 'real policy texts', corpus: fixturePolicies, file: 'policies-questions.jsonl', recallAt5: 0.97, recallAt1: 0.73, rejected: 10, kept: 102, beatsKeyword: true },
  {
    name: 'real policy texts, held-out questions',
    corpus: fixturePolicies,
    file: 'policies-heldout.jsonl',
    recallAt5: 0.87,
    recallAt1: 0.7,
    rejected: 3,
    kept: 35,
    beatsKeyword: false,
  },
  { name: 'the sample shop', corpus: sampleKnowledge, file: 'sample-shop-questions.jsonl', recallAt5: 0.96, recallAt1: 0.74, rejected: 7, kept: 55, beatsKeyword: true },
  {
    name: 'the sample shop, held-out questions',
    corpus: sampleKnowledge,
    file: 'sample-shop-heldout.jsonl',
    recallAt5: 1,
    recallAt1: 0.88,
    rejected: 4,
    kept: 25,
    beatsKeyword: true,
  },
];

describe.each(suites)('retrieval quality on $name', ({ corpus, file, recallAt5, recallAt1, rejected, kept, beatsKeyword }) => {
  const questions = readQuestions(join(repoRoot, 'tests/fixtures/retrieval', file));
  let harness: Harness;
  beforeAll(async () => {
    harness = await openHarness({ corpus: [corpus] });
  });
  afterAll(() => harness.close());

  it(`hybrid recall@5 stays at or above ${recallAt5} (recall@1 ${recallAt1})`, async () => {
    const hybrid = rankingMetrics(await rankAll(harness, questions, 'hybrid'));
    expect(hybrid.recallAt5, `missed: ${hybrid.misses.join(' | ')}`).toBeGreaterThanOrEqual(recallAt5);
    expect(hybrid.recallAt1).toBeGreaterThanOrEqual(recallAt1);
  });

  // On the held-out policy questions keyword-only edges ahead (MRR 0.790 vs 0.783): reported, not hidden.
  it(`hybrid ranks at least as well as vector-only, a plain MemoryVectorStore${beatsKeyword ? ' and keyword-only' : ''}`, async () => {
    const hybrid = rankingMetrics(await rankAll(harness, questions, 'hybrid'));
    for (const method of beatsKeyword ? (['keyword', 'vector', 'memory-vector-store'] as const) : (['vector', 'memory-vector-store'] as const)) {
      const other = rankingMetrics(await rankAll(harness, questions, method));
      expect(hybrid.mrr, method).toBeGreaterThanOrEqual(other.mrr);
    }
  });

  it(`the relevance check keeps ${kept} answerable questions' passages and turns away ${rejected} unanswerable ones`, async () => {
    const gate = abstentionMetrics((await answerAll(harness, questions)).results);
    expect(gate.unanswerableRejected).toBeGreaterThanOrEqual(rejected);
    expect(gate.answerableKept).toBeGreaterThanOrEqual(kept);
  });
});
