import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HashedNgramEmbeddings } from '../../src/knowledge/embeddings/hashed-ngram-embeddings.js';
import { loadEmbeddings, type EmbeddingSettings } from '../../src/knowledge/embeddings/load-embeddings.js';
import { localEncoder, modelFamily, pipelineEncoder, TransformersEmbeddings } from '../../src/knowledge/embeddings/transformers-embeddings.js';
import { LocalOnnxModel } from '../../src/models/local-onnx-model.js';
import { KnowledgeBuildError } from '../../src/knowledge/errors.js';
import { TextAnalyzer } from '../../src/knowledge/text/analyzer.js';
import { createLogger } from '../../src/logger.js';
import { openTestKnowledgeBase } from '../helpers/knowledge.js';
import { repoRoot, tempDir, testRuntime } from '../../testkit/runtime.js';

const analyzer = new TextAnalyzer('jieba');
const fixtureModels = join(repoRoot, 'tests/fixtures/models');
const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const norm = (v: number[]) => Math.sqrt(cosine(v, v));

function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination: stream }), lines };
}

const settings = (overrides: Partial<EmbeddingSettings>): EmbeddingSettings => ({
  model: 'tiny-random-bert',
  modelsDir: fixtureModels,
  dtype: 'fp32',
  allowDownload: false,
  cacheDir: join(tempDir().path, 'cache'),
  loadTimeoutMs: 60_000,
  ...overrides,
});

describe('the weight-free hashed n-gram embedder', () => {
  const embeddings = new HashedNgramEmbeddings(analyzer);

  it('is deterministic and unit length', async () => {
    const [a, b] = await embeddings.embedDocuments(['Refunds reach your card in 5 to 10 business days.', 'Refunds reach your card in 5 to 10 business days.']);
    expect(a).toEqual(b);
    expect(a).toHaveLength(512);
    expect(norm(a!)).toBeCloseTo(1, 6);
  });

  it('meets the other language through glossary concepts, and tolerates typos', async () => {
    const refund = await embeddings.embedQuery('How long does a refund take?');
    const chinese = await embeddings.embedQuery('退款多久到账');
    const weather = await embeddings.embedQuery('天气预报说明天下雨');
    expect(cosine(refund, chinese)).toBeGreaterThan(cosine(refund, weather) + 0.1);
    const typo = await embeddings.embedQuery('warrenty for a crackd screen');
    const right = await embeddings.embedQuery('warranty for a cracked screen');
    const other = await embeddings.embedQuery('delivery address change');
    expect(cosine(typo, right)).toBeGreaterThan(cosine(typo, other) + 0.2);
  });
});

describe('transformers.js feature-extraction embeddings', () => {
  const temp = tempDir();
  afterAll(() => temp.remove());

  it('loads a model folder from MODELS_DIR offline and says so', async () => {
    const { logger, lines } = capturedLogger();
    const embeddings = await loadEmbeddings(settings({}), analyzer, logger);
    expect(embeddings.info).toMatchObject({ kind: 'transformers', source: 'local', dimensions: 32, fallback: false, id: 'transformers:tiny-random-bert@fp32:mean' });
    expect(lines.find((l) => l.msg === 'embedding model loaded')).toMatchObject({ source: 'local', dimensions: 32 });
    const [one, two] = await embeddings.embedDocuments(['退款多久到账', 'refund to my card']);
    expect(norm(one!)).toBeCloseTo(1, 5);
    // Batches give the same vectors as single texts.
    const many = await embeddings.embedDocuments(Array.from({ length: 20 }, (_, i) => (i === 19 ? 'refund to my card' : `text ${i}`)));
    expect(many[19]![0]).toBeCloseTo(two![0]!, 5);
    await (embeddings as TransformersEmbeddings).dispose();
  });

  it('a model folder run directly gives the vectors of transformers.js feature-extraction, mean and CLS pooled', async () => {
    const folder = join(fixtureModels, 'tiny-random-bert');
    const { pipeline } = await import('@huggingface/transformers');
    const extractor = await pipeline('feature-extraction', folder, { dtype: 'fp32', local_files_only: true });
    const model = await LocalOnnxModel.load(folder, 'model.onnx');
    const texts = ['退款多久到账', 'my kettle arrived with a cracked lid, can I get a replacement?', 'ok'];
    for (const pooling of ['mean', 'cls'] as const) {
      const expected = await pipelineEncoder(extractor, pooling).embed(texts);
      const actual = await localEncoder(model, pooling).embed(texts);
      actual.forEach((vector, row) => vector.forEach((value, i) => expect(value).toBeCloseTo(expected[row]![i]!, 5)));
    }
    await model.dispose();
    await extractor.dispose();
  });

  it('prefixes e5 queries and passages as the model was trained', async () => {
    expect(modelFamily('Xenova/multilingual-e5-small')).toMatchObject({ queryPrefix: 'query: ', passagePrefix: 'passage: ', pooling: 'mean' });
    expect(modelFamily('BAAI/bge-m3')).toMatchObject({ queryPrefix: '', pooling: 'cls' });
    const plain = (await loadEmbeddings(settings({}), analyzer, createLogger({ level: 'silent' }))) as TransformersEmbeddings;
    const e5Like = new TransformersEmbeddings((plain as unknown as { encoder: never }).encoder, modelFamily('intfloat/e5'), plain.info);
    expect(await e5Like.embedQuery('refund')).toEqual(await plain.embedQuery('query: refund'));
    expect(await e5Like.embedDocuments(['refund'])).toEqual(await plain.embedDocuments(['passage: refund']));
    await plain.dispose();
  });

  it('falls back to the hashed embedder when the model is not there and downloads are off, and logs why', async () => {
    const { logger, lines } = capturedLogger();
    const embeddings = await loadEmbeddings(settings({ model: 'Xenova/multilingual-e5-small', modelsDir: temp.path }), analyzer, logger);
    expect(embeddings.info).toMatchObject({ kind: 'hashed', fallback: true });
    expect(embeddings.info.note).toMatch(/fallback: Xenova\/multilingual-e5-small could not be loaded \(.*downloads are off\)/);
    expect(lines.find((l) => l.level === 40)).toMatchObject({ model: 'Xenova/multilingual-e5-small', msg: expect.stringContaining('weight-free hashed n-gram embedder') });
    const missingPath = await loadEmbeddings(settings({ model: './no/such/model' }), analyzer, createLogger({ level: 'silent' }));
    expect(missingPath.info.note).toMatch(/no model folder/);
  });

  it('/readyz components say which embedder serves, and that it is a fallback', async () => {
    const runtime = await testRuntime(temp.path, {
      env: { EMBEDDING_MODEL: 'Xenova/multilingual-e5-small', MODELS_DIR: join(temp.path, 'models'), EMBEDDING_ALLOW_DOWNLOAD: 'false' },
    });
    try {
      expect(runtime.components.retriever).toMatchObject({ name: 'hybrid', embedder: { kind: 'hashed', fallback: true }, version: 'v000001' });
      expect(JSON.parse(JSON.stringify(runtime.components)).retriever.embedder.note).toMatch(/could not be loaded/);
    } finally {
      await runtime.close();
    }
  });

  it('a process with only the stand-in embedder serves a model-built index but will not overwrite it', async () => {
    const dir = tempDir();
    const silent = createLogger({ level: 'silent' });
    const model = await loadEmbeddings(settings({}), analyzer, silent);
    const builder = await openTestKnowledgeBase(dir.path, { embeddings: () => model });
    await builder.kb.ingest([{ id: 'returns.md', bytes: Buffer.from('# Returns\n\n## Window\nReturn within 30 days of delivery.\n') }]);
    expect(builder.kb.status().embedder.kind).toBe('transformers');
    await builder.close();

    const fallback = await openTestKnowledgeBase(dir.path, {
      embeddings: (a) => new HashedNgramEmbeddings(a, { fallback: true, note: 'fallback: tiny-random-bert could not be loaded (test)' }),
    });
    try {
      expect(fallback.kb.version).toBe('v000001');
      expect((await fallback.kb.search('return within 30 days', { k: 3, language: 'en' }))[0]?.text).toBe('Return within 30 days of delivery.');
      const refused = fallback.kb.ingest([{ id: 'faq.md', bytes: Buffer.from('# FAQ\n\n## Wrap\nGift wrap is free.\n') }]);
      await expect(refused).rejects.toThrow(KnowledgeBuildError);
      await expect(refused).rejects.toThrow(/built with transformers:tiny-random-bert.*could not load/);
    } finally {
      await fallback.close();
      dir.remove();
    }
  });
});
