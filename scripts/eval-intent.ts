/**
 * Intent recognition on held-out examples the classifier never saw, per language: accuracy
 * and macro-F1 of the keyword-rule baseline, the offline classifier and the LLM path side by
 * side, the offline classifier's calibration, and its latency per message.
 *
 *   npm run eval:intent                      # LLM path against a local stand-in (plumbing only)
 *   OPENAI_BASE_URL=http://localhost:11434/v1 LLM_MODEL=qwen2.5:7b npm run eval:intent   # a real model
 *   npm run eval:intent -- --per-label --errors
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { loadConfig, readEnvironment } from '../src/config/load-config.js';
import type { IntentResult } from '../src/domain/types.js';
import { createChatModel } from '../src/llm/create-chat-model.js';
import { OpenAiCompatibleChatModel } from '../src/llm/providers/openai-compatible.js';
import type { IntentClassifier } from '../src/nlu/intent/classifier.js';
import { loadShippedExamples, type LabelledExample } from '../src/nlu/intent/example-files.js';
import { KeywordIntentClassifier } from '../src/nlu/intent/keyword-classifier.js';
import { LlmIntentClassifier } from '../src/nlu/intent/llm-classifier.js';
import { loadIntentModel } from '../src/nlu/intent/load-intent-model.js';
import { NgramIntentClassifier } from '../src/nlu/intent/ngram-classifier.js';
import { openKnowledgeBase } from '../src/knowledge/open-knowledge-base.js';
import { createLogger } from '../src/logger.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { score, type Prediction, type Scores } from './lib/classification-metrics.js';
import { topPassageHitRate } from './lib/retrieval-check.js';
import { startIntentStandIn, standInBehaviour } from './lib/intent-stand-in.js';

const args = new Set(process.argv.slice(2));
const repoRoot = resolve(import.meta.dirname, '..');
const config = loadConfig(readEnvironment());
const pct = (value: number) => `${(value * 100).toFixed(1)}%`.padStart(6);

const heldOut = await loadShippedExamples('held-out');
const sets: Array<{ name: string; examples: LabelledExample[] }> = [
  { name: 'zh  hand-written', examples: heldOut.filter((e) => e.origin.includes('/zh/')) },
  { name: 'en  hand-written', examples: heldOut.filter((e) => e.origin.includes('/en/')) },
  { name: 'en  Bitext', examples: heldOut.filter((e) => e.origin.includes('/en-bitext/')) },
];
/** Each language's figures pool its sets. */
const languages = [
  { name: 'zh', sets: [sets[0]!] },
  { name: 'en', sets: [sets[1]!, sets[2]!] },
];

const cacheDir = mkdtempSync(join(tmpdir(), 'aftercare-eval-intent-'));
const loadStarted = performance.now();
const loaded = await loadIntentModel({ cacheDir });
const loadMs = performance.now() - loadStarted;
rmSync(cacheDir, { recursive: true, force: true });
const offline = new NgramIntentClassifier(loaded.model, { minConfidence: config.INTENT_MIN_CONFIDENCE });
const modelOnly = new NgramIntentClassifier(loaded.model, { minConfidence: 0, rules: false });

async function run(classifier: IntentClassifier, examples: readonly LabelledExample[], concurrency = 1): Promise<IntentResult[]> {
  const results: IntentResult[] = new Array(examples.length);
  let next = 0;
  const worker = async () => {
    while (next < examples.length) {
      const i = next++;
      results[i] = await classifier.classify({ text: examples[i]!.text, language: examples[i]!.language });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

const predictions = (examples: readonly LabelledExample[], results: readonly IntentResult[]): Prediction[] =>
  examples.map((example, i) => ({ gold: example.label, predicted: results[i]!.label, confidence: results[i]!.confidence }));

// --- the LLM path: a real model when one is configured, else the local stand-in -----------
const realModel = Boolean(process.env.OPENAI_BASE_URL || process.env.OPENAI_API_KEY);
const gold = new Map(heldOut.map((e) => [e.text, e.label as string]));
const standInTimeoutMs = 2000;
const standIn = realModel ? null : await startIntentStandIn(gold, standInTimeoutMs * 3);
const chatModel = realModel ? createChatModel(config)! : new OpenAiCompatibleChatModel({ baseURL: standIn!.url, model: 'stand-in', timeoutMs: standInTimeoutMs, maxRetries: 0 });
const llm = new LlmIntentClassifier(chatModel, offline, {
  timeoutMs: realModel ? config.INTENT_LLM_TIMEOUT_MS : standInTimeoutMs,
  skipAboveConfidence: 1,
});

const columns = ['keyword rules', 'offline model only', 'offline classifier', realModel ? `LLM path (${chatModel.id})` : 'LLM path (stand-in)*'];
/** Per set, each column's results in example order. */
const runs = new Map<string, IntentResult[][]>();
for (const { name, examples } of sets) {
  runs.set(name, [await run(new KeywordIntentClassifier(), examples), await run(modelOnly, examples), await run(offline, examples), await run(llm, examples, realModel ? 4 : 16)]);
}
const rows: Array<{ name: string; scores: Scores[] }> = [
  ...sets.map(({ name, examples }) => ({ name, scores: runs.get(name)!.map((results) => score(predictions(examples, results))) })),
  ...languages.map(({ name, sets: parts }) => ({
    name: `${name} (all)`,
    scores: columns.map((_, column) => score(parts.flatMap((part) => predictions(part.examples, runs.get(part.name)![column]!)))),
  })),
];
await standIn?.close();

console.log('Intent recognition: held-out examples never trained on (split by utterance; see src/nlu/intent/examples/README.md)');
console.log(`offline model: ${relative(repoRoot, loaded.file)} (${loaded.origin}, ${loaded.examples} training examples, loaded in ${loadMs.toFixed(0)} ms)`);
console.log(`data: all from the repo${existsSync(join(repoRoot, '..', 'shared')) ? '' : ' (../shared is absent, and not needed)'}`);
console.log("columns: keyword rules = the old rule list (baseline); offline model only = the model's top label; offline");
console.log(`classifier = what runs without an LLM: model + precise rules + "other" below ${config.INTENT_MIN_CONFIDENCE}; LLM path = LLM, offline as fallback\n`);
console.log(`${'set'.padEnd(18)}${'n'.padStart(6)}   ${columns.map((c) => c.padEnd(24)).join('')}`);
console.log(`${''.padEnd(24)}   ${columns.map(() => 'accuracy macro-F1'.padEnd(24)).join('')}`);
for (const { name, scores } of rows) {
  if (name === 'zh (all)') console.log('per language');
  console.log(`${name.padEnd(18)}${String(scores[0]!.n).padStart(6)}   ${scores.map((s) => `${pct(s.accuracy)}   ${pct(s.macroF1)}`.padEnd(24)).join('')}`);
}

console.log('\noffline classifier calibration (expected calibration error, 10 bins; 0 = confidence matches accuracy)');
for (const { name, scores } of rows) console.log(`  ${name.padEnd(18)} ECE ${scores[2]!.ece.toFixed(3)}`);

const allOfflineRuns = sets.flatMap((set) => runs.get(set.name)![2]!);
const allGold = sets.flatMap((set) => set.examples.map((example) => example.label as string));
const unsure = allOfflineRuns.filter((result) => result.confidence < config.INTENT_LLM_SKIP_CONFIDENCE).length;
const sure = allOfflineRuns.map((result, i) => ({ result, gold: allGold[i]! })).filter(({ result }) => result.confidence >= config.INTENT_LLM_SKIP_CONFIDENCE);
const sureRight = sure.filter(({ result, gold }) => result.label === gold).length;
console.log(
  `\nwith INTENT_LLM_SKIP_CONFIDENCE=${config.INTENT_LLM_SKIP_CONFIDENCE}, the LLM would be asked on ${unsure} of ${allOfflineRuns.length} held-out messages ` +
    `(${pct(unsure / allOfflineRuns.length).trim()}); the offline classifier is right on ${pct(sureRight / sure.length).trim()} of the others. The LLM column asks it on every message.`,
);
if (realModel) {
  console.log(`\n* LLM path: ${chatModel.id} at ${process.env.OPENAI_BASE_URL ?? 'api.openai.com'}, offline classifier as fallback.`);
} else {
  // What the plumbing must give: the stand-in's right answers, plus the offline classifier's
  // answer wherever the stand-in failed. Anything else is a bug in the LLM path.
  const all = [...sets.flatMap((s) => s.examples)];
  const allOffline = sets.flatMap((s) => runs.get(s.name)![2]!);
  const allLlm = sets.flatMap((s) => runs.get(s.name)![3]!);
  const expected = all.filter((e, i) => (standInBehaviour(e.text) === 'correct' ? true : allOffline[i]!.label === e.label)).length;
  const measured = all.filter((e, i) => allLlm[i]!.label === e.label).length;
  const behaviours = new Map<string, number>();
  for (const e of all) behaviours.set(standInBehaviour(e.text), (behaviours.get(standInBehaviour(e.text)) ?? 0) + 1);
  const reasons = new Map<string, number>();
  for (const r of allLlm) {
    const reason = /\(llm (\w+)\)/.exec(r.source)?.[1];
    if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const fallbacks = [...reasons].map(([reason, n]) => `${reason} ${n}`).join(', ');
  console.log('\n* LLM path (stand-in): NO LANGUAGE MODEL WAS EVALUATED. These figures measure the plumbing against a');
  console.log('  local stand-in server that returns the gold label for 80% of messages and, for the rest, prose instead of');
  console.log(`  JSON, an unknown label, HTTP 500 or an answer slower than the ${standInTimeoutMs} ms budget: ${[...behaviours].map(([b, n]) => `${b} ${n}`).join(', ')}.`);
  console.log(`  Fallbacks to the offline classifier, by cause: ${fallbacks}. Correct answers: ${measured}; expected from the stand-in's`);
  console.log(`  behaviour and the offline classifier: ${expected} ${measured === expected ? '(plumbing OK)' : '(MISMATCH: the LLM path loses answers)'}.`);
  console.log('  Set OPENAI_BASE_URL (and LLM_MODEL, OPENAI_API_KEY) to evaluate a real model.');
}

// --- what the intent adds to retrieval: the hint passed with the search query ---------------
for (const minScore of [config.RETRIEVAL_MIN_SCORE, 0]) {
  // The real knowledge base over KNOWLEDGE_DIR, built in a scratch data directory.
  const scratch = mkdtempSync(join(tmpdir(), 'aftercare-eval-intent-kb-'));
  const kbConfig = { ...config, AFTERCARE_DATA_DIR: scratch, RETRIEVAL_MIN_SCORE: minScore };
  const store = SqliteStore.open(scratch, { lockLeaseMs: config.TURN_LOCK_TIMEOUT_MS });
  const retriever = await openKnowledgeBase(kbConfig, store.locks, createLogger({ level: 'warn', destination: 2 }), { watch: false });
  console.log(
    `\nretrieval hints (${relative(repoRoot, resolve(config.KNOWLEDGE_DIR))}/, ${retriever.name}, RETRIEVAL_MIN_SCORE=${minScore}${minScore === 0 ? ': ranking alone' : ''}):` +
      ' held-out questions whose top passage comes from a policy that answers them',
  );
  console.log(`${'set'.padEnd(18)}${'n'.padStart(6)}   as served   hint of the offline intent   hint of the gold intent`);
  console.log(`${''.padEnd(24)}(topic prior)  (ranking only)               (ranking only)`);
  for (const { name, examples } of sets) {
    const predicted = runs.get(name)![2]!;
    const none = await topPassageHitRate(retriever, examples, () => undefined, config.RETRIEVAL_TOP_K);
    // The hint of the offline intent's label appended to the query (ranking only); the served search reads topics itself.
    const offlineHint = await topPassageHitRate(retriever, examples, (_, i) => predicted[i]!.label, config.RETRIEVAL_TOP_K);
    const goldHint = await topPassageHitRate(retriever, examples, (example) => example.label, config.RETRIEVAL_TOP_K);
    console.log(`${name.padEnd(18)}${String(none.n).padStart(6)}   ${pct(none.hits / none.n)}    ${pct(offlineHint.hits / none.n).padEnd(27)}${pct(goldHint.hits / none.n)}`);
  }
  await retriever.close();
  await store.close();
  rmSync(scratch, { recursive: true, force: true });
}

// --- latency of the offline classifier, which runs on every turn ----------------------------
const texts = heldOut.map((e) => e.text);
for (const text of texts) offline.classifyText(text);
const timings: number[] = [];
const cpuBefore = process.cpuUsage();
for (let pass = 0; pass < 5; pass++) {
  for (const text of texts) {
    const started = process.hrtime.bigint();
    offline.classifyText(text);
    timings.push(Number(process.hrtime.bigint() - started) / 1000);
  }
}
const cpu = process.cpuUsage(cpuBefore);
const cpuPerMessage = ((cpu.user + cpu.system) / timings.length).toFixed(1);
timings.sort((a, b) => a - b);
const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(1);
const mean = (timings.reduce((a, b) => a + b, 0) / timings.length).toFixed(1);
console.log(
  `\noffline classifier latency per message (entities included, ${timings.length} calls): wall clock mean ${mean} µs, p50 ${at(0.5)} µs, p99 ${at(0.99)} µs; CPU ${cpuPerMessage} µs`,
);
console.log('  (p99 includes garbage collection and, on a busy machine, time the process was not scheduled)');

if (args.has('--per-label')) {
  for (const { name, scores } of rows.filter((row) => row.name.endsWith('(all)'))) {
    console.log(`\nper label, offline classifier, ${name}: precision / recall / F1 (support)`);
    for (const [label, s] of Object.entries(scores[2]!.perLabel)) {
      console.log(`  ${label.padEnd(18)} ${pct(s.precision)} ${pct(s.recall)} ${pct(s.f1)}  (${s.support})`);
    }
  }
}
if (args.has('--errors')) {
  console.log('\noffline classifier mistakes (gold -> predicted, confidence):');
  for (const { name, examples } of sets) {
    runs.get(name)![2]!.forEach((r, i) => {
      if (r.label !== examples[i]!.label) console.log(`  [${name.trim()}] ${examples[i]!.label} -> ${r.label} (${r.confidence.toFixed(2)}): ${examples[i]!.text}`);
    });
  }
}
