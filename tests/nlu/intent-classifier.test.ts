import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import type { IntentClassifier } from '../../src/nlu/intent/classifier.js';
import { createIntentClassifier } from '../../src/nlu/intent/create-intent-classifier.js';
import { allIntentLabels } from '../../src/nlu/intent/labels.js';
import { phrasesByLabel } from '../fixtures/intent/phrases-by-label.js';
import { tempDir, testConfig } from '../../testkit/runtime.js';

const silent = createLogger({ level: 'silent' });
const dataDirs: Array<ReturnType<typeof tempDir>> = [];
function classifierWith(env: Record<string, string> = {}): Promise<IntentClassifier> {
  const dir = tempDir();
  dataDirs.push(dir);
  return createIntentClassifier(testConfig(dir.path, env), null, silent);
}
afterAll(() => dataDirs.forEach((dir) => dir.remove()));

describe('offline intent classifier (the shipped model)', () => {
  let classifier: IntentClassifier;
  beforeAll(async () => {
    classifier = await classifierWith();
  });

  it('is what runs when no language model is configured', () => {
    expect(classifier.name).toBe('ngram-logreg-v1');
  });

  const cases = allIntentLabels.flatMap((label) => (['zh', 'en'] as const).flatMap((language) => phrasesByLabel[label][language].map((text) => [label, language, text] as const)));
  it.each(cases)('%s (%s): %s', async (label, language, text) => {
    const result = await classifier.classify({ text, language });
    expect(result.label).toBe(label);
    expect(result.confidence).toBeGreaterThan(0.25);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it('understands Chinese and English mixed in one message', async () => {
    expect((await classifier.classify({ text: '我的order还没到', language: 'zh' })).label).toBe('order_status');
    expect((await classifier.classify({ text: 'refund什么时候到账', language: 'zh' })).label).toBe('refund_status');
  });

  it('reads through the placeholders personal-data redaction leaves', async () => {
    const result = await classifier.classify({ text: '我的手机号是[PHONE_1]，订单号[CARD_1]还没发货', language: 'zh' });
    expect(result.label).toBe('order_status');
    expect(result.entities.orderNumber).toBe('[CARD_1]');
  });

  it('gives gibberish, bare numbers and emoji to other, not to a request', async () => {
    for (const text of ['asdfghjkl', '538872953711', '🙂']) {
      expect((await classifier.classify({ text, language: 'en' })).label, text).toBe('other');
    }
  });

  it('is less confident about a vague message than a clear one', async () => {
    const clear = await classifier.classify({ text: 'I was charged twice for my order', language: 'en' });
    const vague = await classifier.classify({ text: 'the thing', language: 'en' });
    expect(clear.confidence).toBeGreaterThan(0.9);
    expect(vague.confidence).toBeLessThan(clear.confidence);
  });

  it('answers other when no label reaches INTENT_MIN_CONFIDENCE', async () => {
    const strict = await classifierWith({ INTENT_MIN_CONFIDENCE: '0.999999' });
    const result = await strict.classify({ text: 'Can I get my money back for this?', language: 'en' });
    expect(result.label).toBe('other');
  });

  it('keeps the keyword rules as a configurable baseline', async () => {
    const keyword = await classifierWith({ INTENT_CLASSIFIER: 'keyword' });
    expect(keyword.name).toBe('keyword-rules-v1');
    expect((await keyword.classify({ text: '转人工', language: 'zh' })).label).toBe('human_request');
  });
});
