import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, parseCsvWithHeader } from '../lib/csv.js';
import { PythonRandom, pythonRound, pythonStrip } from './python-random.js';

/** 0 negative, 1 neutral, 2 positive: the tiny model's label ids. */
export type Gold = 0 | 1 | 2;
export interface LabelledText {
  text: string;
  label: Gold;
}

export interface EvaluationSplits {
  /** Held out from the tiny model's training: the only sets its figures may come from. */
  heldout: Record<'marc_zh_test' | 'marc_en_test' | 'waimai_10k' | 'tweets_test', LabelledText[]>;
  /** The model's own dev set (stratified 10% of online_shopping_10_cats); used for tuning, never reported as a test. */
  zhDev: LabelledText[];
}

const SEED = 13;
const STARS: Record<string, Gold> = { '1': 0, '2': 0, '3': 1, '4': 2, '5': 2 };
const TWEET: Record<string, Gold> = { negative: 0, neutral: 1, positive: 2 };

const clean = (text: string) => pythonStrip(text.replaceAll('\ufeff', ''));

/** prepare_data.majority: de-duplicates by text in first-seen order; texts whose labels tie are dropped. */
function majority(pairs: Iterable<[string, Gold]>): Map<string, Gold> {
  const votes = new Map<string, number[]>();
  for (const [text, label] of pairs) {
    if (!text) continue;
    let counts = votes.get(text);
    if (!counts) votes.set(text, (counts = [0, 0, 0]));
    counts[label]!++;
  }
  const out = new Map<string, Gold>();
  for (const [text, counts] of votes) {
    // Counter.most_common breaks ties by first insertion; only the top-two tie check matters here.
    const ranked = counts
      .map((count, label) => ({ count, label }))
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count);
    if (ranked.length === 1 || ranked[0]!.count > ranked[1]!.count) out.set(text, ranked[0]!.label as Gold);
  }
  return out;
}

/** prepare_data.stratified_split: per label (in label order) shuffle with one shared RNG, hold out round(n × frac). */
function stratifiedSplit(items: Map<string, Gold>, frac: number, seed: number): { rest: LabelledText[]; held: LabelledText[] } {
  const rng = new PythonRandom(seed);
  const byLabel = new Map<Gold, string[]>();
  for (const [text, label] of items) {
    if (!byLabel.has(label)) byLabel.set(label, []);
    byLabel.get(label)!.push(text);
  }
  const rest: LabelledText[] = [];
  const held: LabelledText[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const texts = byLabel.get(label)!;
    rng.shuffle(texts);
    const k = pythonRound(texts.length * frac);
    texts.forEach((text, i) => (i < k ? held : rest).push({ text, label }));
  }
  return { rest, held };
}

const read = (path: string) => readFileSync(path, 'utf8');
const toList = (items: Map<string, Gold>): LabelledText[] => [...items].map(([text, label]) => ({ text, label }));

function readMarc(path: string): LabelledText[] {
  return toList(majority(parseCsv(read(path)).map((row) => [clean(row[1] ?? ''), STARS[row[2] ?? '']!] as [string, Gold])));
}

function readBinary(path: string, column: string): Map<string, Gold> {
  return majority(parseCsvWithHeader(read(path)).map((row) => [clean(row[column] ?? ''), row.label === '1' ? 2 : 0] as [string, Gold]));
}

export const REQUIRED_FILES = [
  'sentiment-zh/marc_zh_test.csv',
  'sentiment-en/marc_en_test.csv',
  'sentiment-zh/waimai_10k.csv',
  'sentiment-en/twitter_us_airline_sentiment.csv',
  'sentiment-zh/online_shopping_10_cats.csv',
];

export function missingFiles(dataDir: string): string[] {
  return REQUIRED_FILES.filter((file) => !existsSync(join(dataDir, file)));
}

/**
 * The held-out sets exactly as shared/tools/tinybert/prepare_data.py draws them (seed 13):
 * MARC zh/en test, waimai_10k, and the 20% of de-duplicated tweets the model never saw.
 */
export function loadEvaluationSplits(dataDir: string): EvaluationSplits {
  const shop = readBinary(join(dataDir, 'sentiment-zh/online_shopping_10_cats.csv'), 'review');
  const tweetRows = parseCsvWithHeader(read(join(dataDir, 'sentiment-en/twitter_us_airline_sentiment.csv')));
  const tweets = majority(tweetRows.map((row) => [clean(row.text ?? ''), TWEET[row.airline_sentiment ?? '']!] as [string, Gold]));
  return {
    heldout: {
      marc_zh_test: readMarc(join(dataDir, 'sentiment-zh/marc_zh_test.csv')),
      marc_en_test: readMarc(join(dataDir, 'sentiment-en/marc_en_test.csv')),
      waimai_10k: toList(readBinary(join(dataDir, 'sentiment-zh/waimai_10k.csv'), 'review')),
      tweets_test: stratifiedSplit(tweets, 0.2, SEED).held,
    },
    zhDev: stratifiedSplit(shop, 0.1, SEED).held,
  };
}
