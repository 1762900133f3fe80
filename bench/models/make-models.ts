/**
 * Production-shaped benchmark models with random weights, in the transformers.js folder layout
 * (config.json, tokenizer files, onnx/model.onnx), written to models/bench/ (git-ignored):
 *
 *   - distilbert-multilingual-shaped-sentiment: DistilBERT-base-multilingual's shape (6 layers,
 *     hidden 768, 12 heads, FFN 3072, vocab 119,547) with a 3-label classification head;
 *   - multilingual-e5-small-shaped: multilingual-e5-small's shape (12 layers, hidden 384,
 *     12 heads, FFN 1536, vocab 250,037), output last_hidden_state for mean pooling.
 *
 * Inference time depends on the shapes, not on the weights, so these time what a shop's real
 * models would cost without downloading them. Their answers are noise: never use them for
 * quality figures. The tokenizer is the bundled model's (WordPiece, zh + en), so token counts
 * are those of a BERT tokenizer; its ids stay inside both vocabularies. Each comes in fp32
 * (onnx/model.onnx) and, as transformers.js conversions ship, dynamically quantized int8
 * (onnx/model_quantized.onnx, the product's default dtype).
 *
 *   npm run bench:models          # makes them if missing (about a minute, ~2 GB)
 */
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encoderModel, type EncoderShape } from './transformer-graph.js';

const repoRoot = resolve(import.meta.dirname, '../..');
export const benchModelsDir = join(repoRoot, 'models/bench');
const tokenizerSource = join(repoRoot, 'models/bundled/tiny-bert-sentiment-zh-en');
/** Bumped whenever the graph changes, so a stale folder is made again. */
const GENERATOR_VERSION = 2;

interface BenchModel {
  name: string;
  shape: EncoderShape;
  config: Record<string, unknown>;
  seed: number;
}

export const SENTIMENT_BENCH_MODEL = 'distilbert-multilingual-shaped-sentiment';
/** The name holds "e5" so the embedder treats it as the e5 family (prefixes, mean pooling). */
export const EMBEDDING_BENCH_MODEL = 'multilingual-e5-small-shaped';

const models: BenchModel[] = [
  {
    name: SENTIMENT_BENCH_MODEL,
    seed: 23,
    shape: { vocab: 119_547, hidden: 768, layers: 6, heads: 12, intermediate: 3072, maxPositions: 512, head: { kind: 'classifier', labels: 3 } },
    config: {
      architectures: ['DistilBertForSequenceClassification'],
      model_type: 'distilbert',
      vocab_size: 119_547,
      dim: 768,
      n_layers: 6,
      n_heads: 12,
      hidden_dim: 3072,
      max_position_embeddings: 512,
      activation: 'gelu',
      id2label: { '0': 'negative', '1': 'neutral', '2': 'positive' },
      label2id: { negative: 0, neutral: 1, positive: 2 },
    },
  },
  {
    name: EMBEDDING_BENCH_MODEL,
    seed: 5,
    shape: { vocab: 250_037, hidden: 384, layers: 12, heads: 12, intermediate: 1536, maxPositions: 512, head: { kind: 'encoder' } },
    config: {
      architectures: ['BertModel'],
      model_type: 'bert',
      vocab_size: 250_037,
      hidden_size: 384,
      num_hidden_layers: 12,
      num_attention_heads: 12,
      intermediate_size: 1536,
      hidden_act: 'gelu',
      max_position_embeddings: 512,
      type_vocab_size: 2,
      layer_norm_eps: 1e-12,
    },
  },
];

function make(model: BenchModel): void {
  const dir = join(benchModelsDir, model.name);
  const stamp = join(dir, 'GENERATED');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === String(GENERATOR_VERSION)) return;
  const started = performance.now();
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify({ ...model.config, _note: 'random weights, production shape: for timing only' }, null, 2)}\n`);
  for (const file of ['tokenizer.json', 'special_tokens_map.json']) copyFileSync(join(tokenizerSource, file), join(dir, file));
  const tokenizerConfig = JSON.parse(readFileSync(join(tokenizerSource, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'tokenizer_config.json'), `${JSON.stringify({ ...tokenizerConfig, model_max_length: 512 }, null, 2)}\n`);
  for (const [precision, file] of [
    ['fp32', 'model.onnx'],
    ['q8', 'model_quantized.onnx'],
  ] as const) {
    const { chunks } = encoderModel(model.shape, model.seed, precision).encode();
    const temporary = join(dir, `onnx/${file}.tmp`);
    const fd = openSync(temporary, 'w');
    try {
      for (const chunk of chunks) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, join(dir, 'onnx', file));
  }
  writeFileSync(stamp, `${GENERATOR_VERSION}\n`);
  process.stderr.write(`bench models: made ${model.name} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

/** Makes the bench models that are missing or stale; returns their folders. */
export function ensureBenchModels(): { sentiment: string; embedding: string } {
  for (const model of models) make(model);
  return { sentiment: join(benchModelsDir, SENTIMENT_BENCH_MODEL), embedding: join(benchModelsDir, EMBEDDING_BENCH_MODEL) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dirs = ensureBenchModels();
  process.stdout.write(`${dirs.sentiment}\n${dirs.embedding}\n`);
}
