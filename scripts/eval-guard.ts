/**
 * Scores the commitment guard on its corpora of good and bad replies (both languages):
 * precision and recall of "caught", per language, and every miss with the guard's reasons.
 * `corpus` was used while building the guard; `holdout` and `holdout-2` were written later
 * to measure how it generalises (see their "about" lines).
 *
 *   npm run eval:guard                     # all three sets
 *   npm run eval:guard -- --set=holdout-2  # one set
 *   npm run eval:guard -- --all            # also list every reply with its verdict
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CommitmentGuard, describeProblem } from '../src/llm/guard/commitment-guard.js';

interface Entry {
  id: string;
  language: 'en' | 'zh';
  cite: string[];
  reply: string;
  expect: 'pass' | 'catch';
  why: string;
}

const sets = (process.argv.find((a) => a.startsWith('--set='))?.slice(6) ?? 'corpus,holdout,holdout-2').split(',');
const guard = new CommitmentGuard();
const showAll = process.argv.includes('--all');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function score(subset: Array<{ entry: Entry; caught: boolean }>) {
  const tp = subset.filter((r) => r.caught && r.entry.expect === 'catch').length;
  const fp = subset.filter((r) => r.caught && r.entry.expect === 'pass').length;
  const fn = subset.filter((r) => !r.caught && r.entry.expect === 'catch').length;
  const tn = subset.filter((r) => !r.caught && r.entry.expect === 'pass').length;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { n: subset.length, bad: tp + fn, good: fp + tn, tp, fp, fn, tn, precision, recall };
}

for (const set of sets) {
  const corpusPath = resolve(import.meta.dirname, `../tests/fixtures/commitment-guard/${set}.json`);
  const corpus = JSON.parse(readFileSync(corpusPath, 'utf8')) as { about: string; passages: Record<string, string>; replies: Entry[] };
  const rows = corpus.replies.map((entry) => {
    const verdicts = guard.checkText(
      entry.reply,
      entry.cite.map((id) => ({ id, text: corpus.passages[id]! })),
    );
    const problems = verdicts.flatMap((v) => v.problems.map(describeProblem));
    return { entry, caught: problems.length > 0, problems };
  });
  console.log(`\n${set}: ${corpus.about}`);
  console.log('scope     replies  bad  good   caught-bad  flagged-good  missed-bad   precision  recall');
  for (const [scope, subset] of [
    ['all', rows],
    ['en', rows.filter((r) => r.entry.language === 'en')],
    ['zh', rows.filter((r) => r.entry.language === 'zh')],
  ] as const) {
    const s = score(subset);
    console.log(
      `${scope.padEnd(9)} ${String(s.n).padStart(7)} ${String(s.bad).padStart(4)} ${String(s.good).padStart(5)}   ${String(s.tp).padStart(10)}  ${String(s.fp).padStart(12)}  ${String(s.fn).padStart(10)}   ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}`,
    );
  }
  for (const r of showAll ? rows : rows.filter((row) => row.caught !== (row.entry.expect === 'catch'))) {
    const mark = r.caught === (r.entry.expect === 'catch') ? 'ok  ' : 'MISS';
    console.log(`${mark} ${r.entry.id} [${r.entry.expect}] ${r.entry.reply}${r.problems.length ? `\n      guard: ${r.problems.join(' | ')}` : ''}`);
  }
}
