/** Prints what the hybrid retriever finds for questions given as arguments, with each passage's signals. */
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { detectLanguage } from '../../src/text/language.js';
import { openHarness } from './harness.js';

const root = resolve(import.meta.dirname, '../..');
const corpus = process.env.EVAL_CORPUS ?? (existsSync(resolve(root, '../shared/data/policies')) ? resolve(root, '../shared/data/policies') : join(root, 'tests/fixtures/policies'));
const harness = await openHarness({ corpus: [corpus] });
for (const query of process.argv.slice(2)) {
  const language = detectLanguage(query, 'en').language;
  console.log(`\n${query}  [${language}]  groups: ${JSON.stringify(harness.kb.analyzeQuery(query))}`);
  for (const mode of ['hybrid', 'keyword', 'vector'] as const) {
    const passages = await harness.kb.search(query, { k: 5, language, mode, relevanceGate: false });
    console.log(`  ${mode}: ${passages.map((p) => `${p.source.slice(0, 16)}§${p.section} ${p.score} cov=${p.signals.coverage} sim=${p.signals.similarity}`).join(' | ')}`);
  }
}
await harness.close();
