/** How many answerable questions keep their passage, and unanswerable ones get none, at each coverage threshold. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openHarness } from './harness.js';
import { answers, readQuestions } from './questions.js';

const root = resolve(import.meta.dirname, '../..');
const policies = existsSync(resolve(root, '../shared/data/policies')) ? resolve(root, '../shared/data/policies') : join(root, 'tests/fixtures/policies');
for (const [corpus, file] of [
  [policies, 'policies-questions.jsonl'],
  [join(root, 'knowledge'), 'sample-shop-questions.jsonl'],
] as const) {
  const questions = readQuestions(join(root, 'tests/fixtures/retrieval', file));
  console.log(`\n${file}`);
  for (const minRelevance of [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
    const harness = await openHarness({ corpus: [corpus], minRelevance });
    let kept = 0;
    let rejected = 0;
    for (const q of questions) {
      const passages = await harness.kb.search(q.q, { k: 5, language: q.lang });
      if (q.source === null && passages.length === 0) rejected++;
      if (q.source !== null && passages.some((p) => answers(q, p))) kept++;
    }
    const answerable = questions.filter((q) => q.source !== null).length;
    console.log(`min relevance ${minRelevance.toFixed(2)}: answerable kept ${kept}/${answerable}, unanswerable rejected ${rejected}/${questions.length - answerable}`);
    await harness.close();
  }
}
