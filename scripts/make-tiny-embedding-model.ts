/**
 * Builds tests/fixtures/models/tiny-random-bert: a small random encoder in transformers.js
 * layout (config.json, tokenizer.json, onnx/model.onnx), so tests can run the real
 * feature-extraction path (a local model folder under MODELS_DIR, pooling, normalisation,
 * batching) offline and on a fresh clone. Its vectors mean nothing.
 *
 * The ONNX graph is written as protobuf by hand (a few fields of onnx.proto3), which needs
 * neither Python nor torch: last_hidden_state = tanh(embedding[input_ids] · W + b).
 * Run: npx tsx scripts/make-tiny-embedding-model.ts
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'tests/fixtures/models/tiny-random-bert');
const hidden = 32;

// --- protobuf wire format: varints and length-delimited fields are all ONNX needs here ---
const varint = (value: number | bigint): number[] => {
  let v = BigInt(value);
  const bytes: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return bytes;
};
const int = (field: number, value: number) => Buffer.from([...varint((field << 3) | 0), ...varint(value)]);
const bytes = (field: number, data: Buffer) => Buffer.concat([Buffer.from([...varint((field << 3) | 2), ...varint(data.length)]), data]);
const str = (field: number, text: string) => bytes(field, Buffer.from(text, 'utf8'));
const msg = (field: number, ...parts: Buffer[]) => bytes(field, Buffer.concat(parts));

const FLOAT = 1;
const INT64 = 7;

function tensor(field: number, name: string, dims: number[], values: Float32Array): Buffer {
  return msg(field, ...dims.map((d) => int(1, d)), int(2, FLOAT), str(8, name), bytes(9, Buffer.from(values.buffer)));
}
function valueInfo(field: number, name: string, elemType: number, dims: Array<number | string>): Buffer {
  const shape = dims.map((d) => msg(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  return msg(field, str(1, name), msg(2, msg(1, int(1, elemType), msg(2, ...shape))));
}
function node(inputs: string[], outputs: string[], op: string, attributes: Buffer[] = []): Buffer {
  return msg(1, ...inputs.map((i) => str(1, i)), ...outputs.map((o) => str(2, o)), str(3, `${op}_${outputs[0]}`), str(4, op), ...attributes);
}

// --- vocabulary: special tokens, letters and word pieces, the sample shop's words and characters ---
const read = (dir: string) =>
  readdirSync(join(root, 'knowledge', dir))
    .map((f) => readFileSync(join(root, 'knowledge', dir, f), 'utf8'))
    .join(' ');
const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const letters = [...'abcdefghijklmnopqrstuvwxyz0123456789'];
const words = [
  ...new Set(
    read('en')
      .toLowerCase()
      .match(/[a-z]{2,}/g) ?? [],
  ),
]
  .sort()
  .slice(0, 400);
const hans = [...new Set(read('zh').match(/\p{Script=Han}/gu) ?? [])].sort();
const tokens = [...new Set([...specials, ...letters, ...letters.map((l) => `##${l}`), ...words, ...hans])];
const vocab = Object.fromEntries(tokens.map((token, id) => [token, id]));

// --- weights from a fixed-seed generator, so the fixture is reproducible ---
let seed = 7;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const fill = (n: number, scale: number) => Float32Array.from({ length: n }, () => random() * scale);

const graph = Buffer.concat([
  node(['embeddings', 'input_ids'], ['embedded'], 'Gather', [msg(5, str(1, 'axis'), int(3, 0), int(20, 2))]),
  node(['embedded', 'dense'], ['projected'], 'MatMul'),
  node(['projected', 'bias'], ['biased'], 'Add'),
  node(['biased'], ['last_hidden_state'], 'Tanh'),
  str(2, 'tiny-random-bert'),
  tensor(5, 'embeddings', [tokens.length, hidden], fill(tokens.length * hidden, 1)),
  tensor(5, 'dense', [hidden, hidden], fill(hidden * hidden, 0.4)),
  tensor(5, 'bias', [hidden], fill(hidden, 0.1)),
  valueInfo(11, 'input_ids', INT64, ['batch_size', 'sequence_length']),
  valueInfo(12, 'last_hidden_state', FLOAT, ['batch_size', 'sequence_length', hidden]),
]);
const model = Buffer.concat([int(1, 8), str(2, 'aftercare-fixture'), bytes(7, graph), msg(8, str(1, ''), int(2, 14))]);

const postProcessor = {
  type: 'TemplateProcessing',
  single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
  pair: [
    { SpecialToken: { id: '[CLS]', type_id: 0 } },
    { Sequence: { id: 'A', type_id: 0 } },
    { SpecialToken: { id: '[SEP]', type_id: 0 } },
    { Sequence: { id: 'B', type_id: 1 } },
    { SpecialToken: { id: '[SEP]', type_id: 1 } },
  ],
  special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
};
const tokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: specials.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
  normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: postProcessor,
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
};
const config = {
  architectures: ['BertModel'],
  model_type: 'bert',
  vocab_size: tokens.length,
  hidden_size: hidden,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  max_position_embeddings: 128,
  type_vocab_size: 2,
  pad_token_id: 0,
};
const tokenizerConfig = {
  tokenizer_class: 'BertTokenizer',
  model_max_length: 128,
  do_lower_case: true,
  unk_token: '[UNK]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  cls_token: '[CLS]',
  mask_token: '[MASK]',
};

mkdirSync(join(out, 'onnx'), { recursive: true });
writeFileSync(join(out, 'onnx/model.onnx'), model);
writeFileSync(join(out, 'config.json'), `${JSON.stringify(config, null, 1)}\n`);
writeFileSync(join(out, 'tokenizer.json'), `${JSON.stringify(tokenizer)}\n`);
writeFileSync(join(out, 'tokenizer_config.json'), `${JSON.stringify(tokenizerConfig, null, 1)}\n`);
console.log(`wrote ${out}: ${tokens.length} tokens, ${model.length} bytes of ONNX`);
