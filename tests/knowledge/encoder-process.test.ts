import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ChildProcessEncoder } from '../../src/knowledge/embeddings/child-process-encoder.js';
import { loadEmbeddings, type EmbeddingSettings } from '../../src/knowledge/embeddings/load-embeddings.js';
import type { TransformersEmbeddings } from '../../src/knowledge/embeddings/transformers-embeddings.js';
import { TextAnalyzer } from '../../src/knowledge/text/analyzer.js';
import { createLogger } from '../../src/logger.js';
import { repoRoot, tempDir } from '../../testkit/runtime.js';

const analyzer = new TextAnalyzer('jieba');
const silent = createLogger({ level: 'silent' });
const temp = tempDir();
afterAll(() => temp.remove());

const settings = (overrides: Partial<EmbeddingSettings> = {}): EmbeddingSettings => ({
  model: 'tiny-random-bert',
  modelsDir: join(repoRoot, 'tests/fixtures/models'),
  dtype: 'fp32',
  allowDownload: false,
  cacheDir: join(temp.path, 'cache'),
  loadTimeoutMs: 60_000,
  ...overrides,
});

/** A script of its own that imports the repository's modules by URL (it runs in a separate process); returns its path. */
function writeScript(name: string, body: (moduleUrl: (path: string) => string) => string): string {
  const script = join(temp.path, name);
  writeFileSync(
    script,
    body((path) => JSON.stringify(new URL(`file://${join(repoRoot, path)}`).href)),
  );
  return script;
}

const texts = ['退款多久到账', 'my kettle arrived with a cracked lid, can I get a replacement?', 'ok'];

describe('an embedding model in a process of its own (EMBEDDING_PROCESS=child)', () => {
  it('gives the vectors the model gives in this process, and says where it runs', async () => {
    const inline = (await loadEmbeddings(settings(), analyzer, silent)) as TransformersEmbeddings;
    const child = (await loadEmbeddings(settings({ runIn: 'child' }), analyzer, silent)) as TransformersEmbeddings;
    try {
      expect(child.info).toMatchObject({ id: inline.info.id, kind: 'transformers', dimensions: 32, fallback: false });
      expect(child.info.note).toMatch(/encoder process of its own/);
      expect(await child.embedDocuments(texts)).toEqual(await inline.embedDocuments(texts));
      expect(await child.embedQuery('refund to my card')).toEqual(await inline.embedQuery('refund to my card'));
    } finally {
      await Promise.all([inline.dispose(), child.dispose()]);
    }
  });

  it('a process killed with -9 is replaced, and requests it had in hand are answered', async () => {
    const encoder = await ChildProcessEncoder.start(settings());
    try {
      const expected = await encoder.embed(texts);
      const first = encoder.pid!;
      expect(first).not.toBe(process.pid);
      const inFlight = encoder.embed(texts);
      process.kill(first, 'SIGKILL');
      expect(await inFlight).toEqual(expected);
      expect(await encoder.embed(texts)).toEqual(expected);
      expect(encoder.pid).not.toBe(first);
    } finally {
      await encoder.dispose();
    }
  });

  it('a model the process cannot load falls back to the weight-free embedder, with the reason', async () => {
    const broken = join(temp.path, 'broken-model');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(broken, 'onnx'), { recursive: true });
    writeFileSync(join(broken, 'config.json'), '{}');
    writeFileSync(join(broken, 'onnx', 'model.onnx'), 'not a model');
    const embeddings = await loadEmbeddings(settings({ model: broken, runIn: 'child' }), analyzer, silent);
    expect(embeddings.info).toMatchObject({ kind: 'hashed', fallback: true });
    expect(embeddings.info.note).toMatch(/could not be loaded/);
  });

  it('an idle encoder process does not keep a command from ending', async () => {
    const script = writeScript(
      'one-shot.mts',
      (url) => `import { loadEmbeddings } from ${url('src/knowledge/embeddings/load-embeddings.ts')};
import { TextAnalyzer } from ${url('src/knowledge/text/analyzer.ts')};
import { createLogger } from ${url('src/logger.ts')};
const embeddings = await loadEmbeddings(${JSON.stringify(settings({ runIn: 'child' }))}, new TextAnalyzer('jieba'), createLogger({ level: 'silent' }));
const [vector] = await embeddings.embedDocuments(['refund']);
console.log(embeddings.info.note.includes('encoder process') ? 'child' : 'inline', vector.length);
`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, timeout: 60_000 });
    expect(stdout.trim()).toBe('child 32');
  });

  it('a serving process killed with -9 takes its encoder process with it', async () => {
    const script = writeScript(
      'serving.mts',
      (url) => `import { ChildProcessEncoder } from ${url('src/knowledge/embeddings/child-process-encoder.ts')};
const encoder = await ChildProcessEncoder.start(${JSON.stringify(settings())});
await encoder.embed(['refund']);
console.log(encoder.pid);
setInterval(() => undefined, 60_000);
`,
    );
    const serving = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(serving.stdout, 'data')) as [Buffer];
    const encoderPid = Number(line.toString().trim());
    expect(encoderPid).toBeGreaterThan(0);
    serving.kill('SIGKILL');
    await once(serving, 'exit');
    const alive = () => {
      try {
        process.kill(encoderPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await expect.poll(alive, { timeout: 20_000, interval: 50 }).toBe(false);
  });
});
