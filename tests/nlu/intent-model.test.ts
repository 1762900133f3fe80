import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExampleFileError, loadShippedExamples, parseExamples } from '../../src/nlu/intent/example-files.js';
import { allIntentLabels } from '../../src/nlu/intent/labels.js';
import { loadIntentModel, type LoadedIntentModel } from '../../src/nlu/intent/load-intent-model.js';
import { NgramIntentClassifier } from '../../src/nlu/intent/ngram-classifier.js';
import { tempDir } from '../../testkit/runtime.js';

describe('the intent model', () => {
  it('the shipped model matches the shipped examples and the feature code (else run `npm run build:intent-model`)', async () => {
    const dir = tempDir();
    const loaded = await loadIntentModel({ cacheDir: dir.path });
    expect(loaded.origin).toBe('shipped');
    expect(existsSync(dir.path) && readdirSync(dir.path)).toEqual([]);
    dir.remove();
  });

  describe("with a shop's own examples", () => {
    const dir = tempDir();
    const examplesDir = join(dir.path, 'examples');
    const cacheDir = join(dir.path, 'data', 'models');
    const question = 'can I get a zorblax for order 5520?';
    let shipped: LoadedIntentModel;
    let trained: LoadedIntentModel;
    beforeAll(async () => {
      shipped = await loadIntentModel({ cacheDir });
      mkdirSync(examplesDir);
      // "zorblax" is this shop's word for its invoice document.
      const lines = ['i need a zorblax', 'send me the zorblax', 'zorblax for my order please', 'where is my zorblax pdf', 'the zorblax has the wrong company name'];
      writeFileSync(join(examplesDir, 'shop.txt'), `## invoice\n${lines.join('\n')}\n`);
      writeFileSync(join(examplesDir, 'shop-zh.tsv'), 'invoice\t我要一张zorblax\ninvoice\tzorblax开错了\n');
      trained = await loadIntentModel({ extraExamplesDir: examplesDir, cacheDir });
    }, 120_000);
    afterAll(() => dir.remove());

    it('are learnt at start-up, and the model is cached in the data directory', () => {
      expect(new NgramIntentClassifier(shipped.model, { minConfidence: 0.25 }).classifyText(question).label).not.toBe('invoice');
      expect(trained.origin).toBe('trained');
      expect(trained.file.startsWith(cacheDir)).toBe(true);
      expect(new NgramIntentClassifier(trained.model, { minConfidence: 0.25 }).classifyText(question).label).toBe('invoice');
    });

    it('the next start loads the cached model instead of training again', async () => {
      const again = await loadIntentModel({ extraExamplesDir: examplesDir, cacheDir });
      expect(again.origin).toBe('cache');
      expect(again.file).toBe(trained.file);
    });

    it('a damaged cache file is replaced, not fatal', async () => {
      writeFileSync(trained.file, '{"format": "ngram-logreg-v1", "weights": ');
      const repaired = await loadIntentModel({ extraExamplesDir: examplesDir, cacheDir });
      expect(repaired.origin).toBe('trained');
      expect(JSON.parse(readFileSync(repaired.file, 'utf8')).key).toBe(trained.key);
    }, 120_000);

    it('an example with an unknown label stops start-up naming the file and line', async () => {
      writeFileSync(join(examplesDir, 'typo.txt'), '## invoice\nzorblax again\n## refnd_status\nwhere is my money\n');
      const error = await loadIntentModel({ extraExamplesDir: examplesDir, cacheDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExampleFileError);
      expect((error as Error).message).toContain(`${join(examplesDir, 'typo.txt')}:3`);
      expect((error as Error).message).toContain('refnd_status');
    });
  });
});

describe('the shipped examples', () => {
  // Case, spacing and punctuation aside; a message of only punctuation is compared as it is.
  const key = (text: string) =>
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\p{P}\p{S}]+/gu, '') || text;

  it('no held-out message is also a training message', async () => {
    const training = new Set((await loadShippedExamples('train')).map((e) => key(e.text)));
    const leaked = (await loadShippedExamples('held-out')).filter((e) => training.has(key(e.text))).map((e) => e.text);
    expect(leaked).toEqual([]);
  });

  it('every label has training and held-out examples in both languages', async () => {
    const count = (examples: Awaited<ReturnType<typeof loadShippedExamples>>, label: string, language: string) =>
      examples.filter((e) => e.label === label && e.language === language).length;
    const train = await loadShippedExamples('train');
    const heldOut = await loadShippedExamples('held-out');
    for (const label of allIntentLabels) {
      for (const language of ['zh', 'en']) {
        expect(count(train, label, language), `${label} ${language} training`).toBeGreaterThanOrEqual(40);
        expect(count(heldOut, label, language), `${label} ${language} held-out`).toBeGreaterThanOrEqual(15);
      }
    }
  });

  it('a malformed line is reported with its file and line', () => {
    expect(() => parseExamples('## order_status\nwhere is it\n', 'a.txt')).not.toThrow();
    expect(() => parseExamples('before any heading\n', 'b.txt')).toThrow('b.txt:1');
    expect(() => parseExamples('order_status\n', 'c.tsv')).toThrow('c.tsv:1: expected "label<TAB>message"');
  });
});
