import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { SentimentService } from '../../src/nlu/sentiment/sentiment-service.js';
import { capturedLogger } from '../helpers/log-capture.js';
import { tempDir } from '../../testkit/runtime.js';
import { fixtureModelDir, fixtureModelEnv } from '../helpers/sentiment.js';

const services: SentimentService[] = [];
const dirs: Array<ReturnType<typeof tempDir>> = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.close()));
  for (const dir of dirs.splice(0)) dir.remove();
});

function start(env: Record<string, string>) {
  const { logger, lines } = capturedLogger();
  const service = SentimentService.start(loadConfig(env), logger);
  services.push(service);
  return { service, lines };
}

const analyse = async (service: SentimentService, text: string) => (await service.analyse([{ text, language: 'en' }]))[0]!;

describe('sentiment with the bundled BERT model (real transformers.js pipeline, offline)', () => {
  it('loads the fixture in the background, serving the lexicon until it is ready', async () => {
    const { service, lines } = start(fixtureModelEnv);
    expect(service.status.state).toBe('loading');
    expect((await analyse(service, 'terrible service')).model).toBe('lexicon-v2');

    await service.ready();
    expect(service.status).toMatchObject({ state: 'ready', model: 'tiny-bert-sentiment-zh-en', source: 'path', dtype: 'q8' });
    expect(service.name).toBe('tiny-bert-sentiment-zh-en+lexicon-v2');
    expect(service.status.caveat).toContain('research-only');
    const serving = lines.find((line) => String(line.msg).startsWith('sentiment model serving'));
    expect(serving).toMatchObject({ model: 'tiny-bert-sentiment-zh-en', caveat: expect.stringContaining('not a production model') });
  });

  it('scores Chinese and English complaints negative and thanks positive', async () => {
    const { service } = start(fixtureModelEnv);
    await service.ready();
    expect(await analyse(service, '你们这是什么垃圾服务')).toMatchObject({ label: 'negative', model: 'tiny-bert-sentiment-zh-en+lexicon-v2' });
    expect(await analyse(service, 'The screen arrived cracked and nobody answers, awful.')).toMatchObject({ label: 'negative' });
    expect(await analyse(service, '收到了，质量很好，谢谢！')).toMatchObject({ label: 'positive' });
    expect(await analyse(service, 'Thanks, the replacement works perfectly!')).toMatchObject({ label: 'positive' });
  });

  it('a plain question is neutral although the model alone calls it negative', async () => {
    const { service } = start(fixtureModelEnv);
    await service.ready();
    for (const text of ['Where is my order?', '我的订单什么时候发货？']) {
      const explained = await service.explain({ text, language: 'en' });
      expect(explained.model!.probabilities.negative).toBeGreaterThan(0.5);
      expect(explained.blend).toMatchObject({ discounted: true });
      expect(explained.score.label).toBe('neutral');
    }
  });

  it('messages that arrive together share one batched model call, each getting its own score', async () => {
    const { service } = start(fixtureModelEnv);
    await service.ready();
    const texts = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? `太差了，第${i}次发错货` : `Thank you, order ${i} arrived perfectly`));
    const alone: Array<{ label: string; polarity: number }> = [];
    for (const text of texts) alone.push(await analyse(service, text));
    const before = service.status.batches;
    const together = await Promise.all(texts.map((text) => analyse(service, text)));
    const after = service.status.batches;
    expect(after.messages - before.messages).toBe(40);
    // 40 messages in at most ceil(40 / SENTIMENT_BATCH_SIZE) calls rather than 40.
    expect(after.calls - before.calls).toBeLessThanOrEqual(2);
    expect(together.map((s) => s.label)).toEqual(alone.map((s) => s.label));
    together.forEach((score, i) => expect(score.polarity).toBeCloseTo(alone[i]!.polarity, 2));
    expect(together.filter((s) => s.label === 'negative')).toHaveLength(20);
  });

  it('finds a model folder by name under MODELS_DIR', async () => {
    const dir = tempDir();
    dirs.push(dir);
    cpSync(fixtureModelDir, join(dir.path, 'tiny-bert-sentiment-zh-en'), { recursive: true });
    const { service } = start({ SENTIMENT_MODEL: 'tiny-bert-sentiment-zh-en', MODELS_DIR: dir.path, SENTIMENT_ALLOW_DOWNLOAD: 'false', SENTIMENT_FALLBACK_MODEL: 'none' });
    await service.ready();
    expect(service.status).toMatchObject({ state: 'ready', source: 'models-dir', model: 'tiny-bert-sentiment-zh-en' });
  });

  it('a hub id that is not cached and may not be downloaded falls back to the bundled model, saying why', async () => {
    const { service, lines } = start({
      SENTIMENT_MODEL: 'Xenova/distilbert-base-multilingual-cased-sentiments-student',
      SENTIMENT_ALLOW_DOWNLOAD: 'false',
      MODELS_DIR: '/nonexistent-models',
    });
    await service.ready();
    expect(service.status).toMatchObject({ state: 'ready', source: 'fallback', model: 'tiny-bert-sentiment-zh-en' });
    expect(service.status.attempts[0]).toMatchObject({
      model: 'Xenova/distilbert-base-multilingual-cased-sentiments-student',
      error: expect.stringContaining('SENTIMENT_ALLOW_DOWNLOAD=false'),
    });
    expect(lines.some((line) => line.msg === 'sentiment model skipped')).toBe(true);
  });

  it('a broken model folder fails fast and the next candidate serves', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const broken = join(dir.path, 'broken-model');
    mkdirSync(join(broken, 'onnx'), { recursive: true });
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) cpSync(join(fixtureModelDir, file), join(broken, file));
    writeFileSync(join(broken, 'onnx/model_quantized.onnx'), 'not an onnx graph');
    const { service, lines } = start({ SENTIMENT_MODEL: broken, SENTIMENT_ALLOW_DOWNLOAD: 'false' });
    await service.ready();
    expect(service.status).toMatchObject({ state: 'ready', source: 'fallback' });
    expect(service.status.attempts).toEqual([{ model: 'broken-model', error: expect.any(String) }]);
    expect(lines.find((line) => line.msg === 'sentiment model failed to load')).toMatchObject({ model: 'broken-model' });
  });

  it('with no model available the lexicon serves alone, and says so', async () => {
    const { service, lines } = start({ SENTIMENT_MODEL: 'Xenova/some-model', SENTIMENT_ALLOW_DOWNLOAD: 'false', SENTIMENT_FALLBACK_MODEL: 'none' });
    await service.ready();
    expect(service.status).toMatchObject({ state: 'unavailable', serving: 'lexicon-v2' });
    expect(lines.find((line) => String(line.msg).includes('serving with the lexicon alone'))).toBeDefined();
    expect(await analyse(service, '气死我了，垃圾')).toMatchObject({ label: 'negative', model: 'lexicon-v2' });
  });

  it('SENTIMENT_MODEL=lexicon turns the model off on purpose', async () => {
    const { service } = start({ SENTIMENT_MODEL: 'lexicon' });
    await service.ready();
    expect(service.status).toMatchObject({ state: 'disabled', serving: 'lexicon-v2', attempts: [] });
  });

  it('an empty message is neutral without asking the model', async () => {
    const { service } = start(fixtureModelEnv);
    await service.ready();
    const before = service.status.batches.calls;
    expect(await analyse(service, '   ')).toMatchObject({ label: 'neutral', model: 'lexicon-v2' });
    expect(service.status.batches.calls).toBe(before);
  });
});
