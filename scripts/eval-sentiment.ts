/**
 * `npm run eval:sentiment`: sentiment accuracy and macro-F1 on the held-out review sets in
 * ../shared/data (model, lexicon, model + lexicon), on the turns of our older escalation set,
 * and escalation on the frozen sets v2 to v5 (tests/fixtures/escalation/v2 … v5): per language, single
 * messages precision/recall, conversations escalated at the right turn, hard negatives
 * escalated, and per-reason precision/recall, dev and test side by side, with the configured
 * model and with the lexicon alone; then the older v1 conversations as an extra dev set.
 * Options: --limit N (at most N texts per review set, for a quick look), --json FILE (write
 * every figure as JSON), --escalation-only (skip the sentiment sections), --dev-only (the dev
 * parts only, for tuning: the test parts are not even run), --mistakes (list what the dev parts
 * got wrong), --sets v4,v5 (only the sets named; default v2,v3,v4,v5), --skip-v2.
 * v4 and v5 are the sets reported for issue 15: v2 and v3 (both parts) are dev material now.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, readEnvironment } from '../src/config/load-config.js';
import type { SentimentLabel } from '../src/domain/types.js';
import { createLogger } from '../src/logger.js';
import { loadSentimentModel } from '../src/nlu/sentiment/model/load-model.js';
import { sharedDir } from './sentiment-eval/dev-sets.js';
import { ALL_REASONS, escalationMetrics, runConversations, type EscalationMetrics } from './sentiment-eval/escalation-eval.js';
import { escalationTestPath, readConversations } from './sentiment-eval/escalation-set.js';
import { readV2, v3Dir, v4Dir, v5Dir } from './sentiment-eval/escalation-v2.js';
import { reportEscalationV2 } from './sentiment-eval/report-escalation-v2.js';
import { loadEvaluationSplits, missingFiles, type LabelledText } from './sentiment-eval/heldout-splits.js';
import { fmt, formatScores, labelOf, score, type Prediction, type Scores } from './sentiment-eval/metrics.js';
import { blendPrediction, lexiconOf, lexiconPrediction, modelPrediction, modelProbabilities } from './sentiment-eval/predictions.js';

const { values: args } = parseArgs({
  options: {
    limit: { type: 'string' },
    json: { type: 'string' },
    'escalation-only': { type: 'boolean' },
    'dev-only': { type: 'boolean' },
    mistakes: { type: 'boolean' },
    'skip-v2': { type: 'boolean' },
    sets: { type: 'string' },
  },
});
const sentimentSections = !args['escalation-only'];
const limit = args.limit ? Number(args.limit) : Number.POSITIVE_INFINITY;
const started = performance.now();
const report: Record<string, unknown> = {};
const print = (line = '') => process.stdout.write(`${line}\n`);

const config = loadConfig(readEnvironment());
const logger = createLogger({ level: 'error', destination: 2 });
const load = sentimentSections ? await loadSentimentModel(config, logger) : { loaded: null, attempts: [] };
const loaded = load.loaded;
print('aftercare sentiment evaluation');
if (loaded) {
  const { candidate, classifier, loadMs } = loaded;
  print(`model: ${candidate.name} (${classifier.dtype}, ${candidate.source}, loaded in ${loadMs} ms)`);
  if (candidate.caveat) print(`  caveat: ${candidate.caveat}`);
} else if (sentimentSections) {
  print('model: none could be loaded; model and combination columns are skipped');
}
for (const attempt of load.attempts) print(`  not used: ${attempt.model}: ${attempt.error}`);
report.model = loaded ? { name: loaded.candidate.name, dtype: loaded.classifier.dtype, source: loaded.candidate.source } : null;

interface Row {
  name: string;
  n: number;
  model?: Scores;
  lexicon: Scores;
  blend?: Scores;
}

/** Scores the three analysers on one labelled set; the model runs once, the blend reuses it. */
async function evaluate(name: string, texts: string[], gold: SentimentLabel[]): Promise<{ row: Row; modelSeconds: number }> {
  const signals = lexiconOf(texts);
  const row: Row = {
    name,
    n: texts.length,
    lexicon: score(
      gold,
      signals.map((s) => lexiconPrediction(s)),
    ),
  };
  let modelSeconds = 0;
  if (loaded) {
    const t0 = performance.now();
    const probs = await modelProbabilities(loaded.classifier, texts);
    modelSeconds = (performance.now() - t0) / 1000;
    row.model = score(gold, probs.map(modelPrediction));
    row.blend = score(
      gold,
      probs.map((p, i): Prediction => blendPrediction(p, signals[i]!)),
    );
  }
  return { row, modelSeconds };
}

function table(rows: Row[], header: string): void {
  print(`| ${header} | n | model | lexicon | model + lexicon |`);
  print('|---|---|---|---|---|');
  for (const row of rows) {
    const cell = (s?: Scores) => (s ? formatScores(s) : '-');
    print(`| ${row.name} | ${row.n} | ${cell(row.model)} | ${cell(row.lexicon)} | ${cell(row.blend)} |`);
  }
}

// ---- held-out review sets -------------------------------------------------------------------
const data = resolve(sharedDir(), 'data');
const missing = existsSync(data) ? missingFiles(data) : ['(the whole folder)'];
const conversations = readConversations(escalationTestPath);
if (sentimentSections) {
  print();
  print("== Review sets held out from the bundled model's training (acc / macro-F1 / 2-way)");
  if (missing.length > 0) {
    print(`SKIPPED: the shared data was not found at ${data} (missing: ${missing.join(', ')}).`);
    print('  The review-set figures need ../shared beside the repository (or SHARED_DIR=/path/to/shared).');
    report.reviewSets = { skipped: `not found: ${data}` };
  } else {
    const splits = loadEvaluationSplits(data);
    print(`data: ${data}; splits rebuilt exactly as shared/tools/tinybert/prepare_data.py draws them (seed 13).`);
    print('Not evaluated: the training data (online_shopping minus zh-dev, MARC train, 80% of the tweets), zh-dev (tuning only),');
    print('and heldout/escalation.jsonl, which prepare_data.py reads from outside shared/ and which is not available here.');
    const rows: Row[] = [];
    let modelSeconds = 0;
    let modelTexts = 0;
    for (const [name, rowsOfSet] of Object.entries(splits.heldout) as Array<[string, LabelledText[]]>) {
      const sample = rowsOfSet.slice(0, limit);
      const result = await evaluate(
        name,
        sample.map((r) => r.text),
        sample.map((r) => labelOf(r.label)),
      );
      rows.push(result.row);
      modelSeconds += result.modelSeconds;
      modelTexts += sample.length;
    }
    if (Number.isFinite(limit)) print(`(--limit ${limit}: the first ${limit} texts of each set only; not comparable with the model card)`);
    table(rows, 'set');
    const mean = (pick: (row: Row) => Scores | undefined, key: keyof Scores) => rows.reduce((sum, row) => sum + (pick(row)?.[key] ?? 0), 0) / rows.length;
    const meanCell = (pick: (row: Row) => Scores | undefined) =>
      pick(rows[0]!) ? `${fmt(mean(pick, 'accuracy'))} / ${fmt(mean(pick, 'macroF1'))} / ${fmt(mean(pick, 'twoWay'))}` : '-';
    print(`| mean of the 4 sets | | ${meanCell((r) => r.model)} | ${meanCell((r) => r.lexicon)} | ${meanCell((r) => r.blend)} |`);
    if (loaded)
      print(`model throughput on these sets: ${modelTexts} texts in ${modelSeconds.toFixed(1)} s = ${Math.round(modelTexts / modelSeconds)} msg/s (batches of 32, length-sorted)`);
    report.reviewSets = rows;
  }

  // ---- customer messages (the escalation test set's turns) -------------------------------------
  const turns = conversations.flatMap((c) => c.turns);
  print();
  print(`== Customer messages: the ${turns.length} turns of tests/fixtures/escalation/conversations-test.jsonl (acc / macro-F1 / 2-way)`);
  print("   (written for this project by the lexicon's author: expect real traffic to score lower for the lexicon)");
  const messageRows: Row[] = [];
  for (const lang of ['en', 'zh'] as const) {
    const subset = conversations.filter((c) => c.lang === lang).flatMap((c) => c.turns);
    messageRows.push(
      (
        await evaluate(
          lang,
          subset.map((t) => t.text),
          subset.map((t) => t.polarity),
        )
      ).row,
    );
  }
  messageRows.push(
    (
      await evaluate(
        'all',
        turns.map((t) => t.text),
        turns.map((t) => t.polarity),
      )
    ).row,
  );
  table(messageRows, 'language');
  report.customerMessages = messageRows;
}
await loaded?.classifier.dispose();

// ---- escalation -----------------------------------------------------------------------------
function printEscalation(label: string, metrics: EscalationMetrics): void {
  const { binary, hardNegatives, onTime } = metrics;
  print(`${label}`);
  print(
    `  escalate vs not: precision ${fmt(binary.precision)}  recall ${fmt(binary.recall)}  F1 ${fmt(binary.f1)}  (tp ${binary.tp}, fp ${binary.fp}, fn ${binary.fn}, tn ${binary.tn})`,
  );
  print(`  hard negatives escalated: ${hardNegatives.escalated} of ${hardNegatives.total}; escalations at the expected turn: ${onTime.right} of ${onTime.total}`);
  print('  | reason | support | precision | recall |');
  print('  |---|---|---|---|');
  for (const reason of ALL_REASONS) {
    const r = metrics.perReason[reason];
    print(`  | ${reason} | ${r.support} | ${fmt(r.precision)} | ${fmt(r.recall)} |`);
  }
}

// Escalation settings from the environment apply, so a threshold can be tried: ESCALATION_ANGER_THRESHOLD=0.8 npm run eval:sentiment
const escalationEnv = Object.fromEntries(Object.entries(readEnvironment()).filter((entry): entry is [string, string] => /^ESCALAT/.test(entry[0]) && entry[1] !== undefined));
if (Object.keys(escalationEnv).length > 0) print(`   escalation settings from the environment: ${JSON.stringify(escalationEnv)}`);
const modelEnv: Record<string, string> = {
  ...escalationEnv,
  SENTIMENT_MODEL: config.SENTIMENT_MODEL,
  MODELS_DIR: resolve(config.MODELS_DIR),
  SENTIMENT_ALLOW_DOWNLOAD: String(config.SENTIMENT_ALLOW_DOWNLOAD),
  SENTIMENT_FALLBACK_MODEL: config.SENTIMENT_FALLBACK_MODEL,
  SENTIMENT_DTYPE: config.SENTIMENT_DTYPE,
};
// ---- escalation on the frozen sets v2 to v5 -----------------------------------------------
const onlyParts = args['dev-only'] ? (['dev'] as const) : (['dev', 'test'] as const);
const chosenSets = new Set((args.sets ?? 'v2,v3,v4,v5').split(',').map((s) => s.trim()));
if (args['skip-v2']) chosenSets.delete('v2');
for (const [set, dir, note] of [
  ['v2', undefined, 'written apart from the code; its test part was run three times during the v2 work (see docs/figures/escalation-v2.md); dev material since v4'],
  ['v3', v3Dir, 'written by a helper who never read the code; its test part was reported for v3 and is dev material since v4'],
  ['v4', v4Dir, 'written by two helpers from the policies alone before any v4 tuning; tune on dev (and v2, v3) only, the test part is run only to report'],
  ['v5', v5Dir, 'written by two helpers from the policies alone on 2026-12-06, before any change made with it; tune on dev, the test part is run only to report'],
] as const) {
  if (!chosenSets.has(set)) continue;
  print();
  print(
    `== Escalation: frozen set ${set} (tests/fixtures/escalation/${set}), ${args['dev-only'] ? 'dev part only' : 'dev and test parts'}, run through the real engine (SQLite, the sample knowledge base, no LLM)`,
  );
  print(`   ${note}. Right turn: the first escalation is at the labelled turn (or never, when there is none).`);
  const entries = readV2(onlyParts, dir);
  const key = `escalation${set.toUpperCase()}`;
  report[key] = {};
  for (const [name, env] of [
    ['configured model + lexicon', modelEnv],
    ['lexicon only (SENTIMENT_MODEL=lexicon)', { ...escalationEnv, SENTIMENT_MODEL: 'lexicon' }],
  ] as const) {
    const figures = await reportEscalationV2(name, entries, env, print, args.mistakes ?? false);
    (report[key] as Record<string, unknown>)[figures.serving] = figures;
  }
}

const languages = conversations.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.lang]: (acc[c.lang] ?? 0) + 1 }), {});
const positives = conversations.filter((c) => c.reasons.length > 0).length;
print();
print(
  `== Escalation, extra dev set v1: tests/fixtures/escalation/conversations-test.jsonl (the older rules were tuned on it), ${conversations.length} conversations (${Object.entries(
    languages,
  )
    .map(([l, n]) => `${n} ${l}`)
    .join(', ')}), ${positives} should escalate, ${conversations.length - positives} should not`,
);
print('   run through the real engine (SQLite, the sample knowledge base, no LLM); per-reason figures ignore reasons marked optional');
const escalation: Record<string, EscalationMetrics> = {};
for (const [name, env] of [
  ['configured model + lexicon', modelEnv],
  ['lexicon only (SENTIMENT_MODEL=lexicon)', { ...escalationEnv, SENTIMENT_MODEL: 'lexicon' }],
] as const) {
  const run = await runConversations(conversations, env);
  const metrics = escalationMetrics(run.results);
  escalation[run.serving] = metrics;
  printEscalation(`${name}: ${run.serving}`, metrics);
}
report.escalation = Object.fromEntries(Object.entries(escalation).map(([k, { turns: _turns, ...rest }]) => [k, rest]));

print();
print(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (args.json) writeFileSync(join(process.cwd(), args.json), `${JSON.stringify(report, null, 2)}\n`);
