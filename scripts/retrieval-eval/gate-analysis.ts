/** Distribution of relevance signals: the expected passage's coverage/similarity vs the best an unanswerable question gets. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openHarness } from './harness.js';
import { answers, readQuestions } from './questions.js';

const root = resolve(import.meta.dirname, '../..');
const corpus = existsSync(resolve(root, '../shared/data/policies')) ? resolve(root, '../shared/data/policies') : join(root, 'tests/fixtures/policies');
const file = process.argv[2] ?? join(root, 'tests/fixtures/retrieval/policies-questions.jsonl');
const harness = await openHarness({ corpus: [process.env.EVAL_CORPUS ?? corpus] });
for (const question of readQuestions(file)) {
  const passages = await harness.kb.search(question.q, { k: 10, language: question.lang, relevanceGate: false });
  const gold = passages.find((p) => answers(question, p));
  const top = passages[0];
  const shown = question.source === null ? top : gold;
  console.log(
    [question.source === null ? 'NEG' : gold ? 'POS' : 'MISS', shown?.signals.coverage.toFixed(2) ?? '-', shown?.signals.similarity?.toFixed(2) ?? '-', question.q].join('\t'),
  );
}
await harness.close();
