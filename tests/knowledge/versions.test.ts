import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HashedNgramEmbeddings } from '../../src/knowledge/embeddings/hashed-ngram-embeddings.js';
import { AmbiguousDocumentError, DocumentNotFoundError, KnowledgeBuildError } from '../../src/knowledge/errors.js';
import { collectDocumentFiles } from '../../src/knowledge/ingest/collect-files.js';
import type { TextAnalyzer } from '../../src/knowledge/text/analyzer.js';
import { openTestKnowledgeBase, sampleKnowledge, type TestKnowledgeBase } from '../helpers/knowledge.js';
import { tempDir, testConfig } from '../../testkit/runtime.js';
import { openKnowledgeBase } from '../../src/knowledge/open-knowledge-base.js';
import { createLogger } from '../../src/logger.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const file = (id: string, content: string) => ({ id, bytes: Buffer.from(content, 'utf8'), standalone: !id.includes('/') });
const returns = (days: number) =>
  `---\ntitle: Returns\nlanguage: en\nversion: v${days}\n---\n# Returns\n\n## Return window\nYou can return items within ${days} days of delivery.\n`;
const sources = async (h: TestKnowledgeBase, query: string) => (await h.kb.search(query, { k: 5, language: 'en' })).map((p) => p.text);

/** An embedder whose model fails mid-build, as a crashed ONNX session would. */
class FailingEmbeddings extends HashedNgramEmbeddings {
  override async embedDocuments(): Promise<number[][]> {
    throw new Error('onnxruntime: session crashed');
  }
}

describe('knowledge base versions', () => {
  let dir: ReturnType<typeof tempDir>;
  const open: TestKnowledgeBase[] = [];
  const openKb = async (options?: Parameters<typeof openTestKnowledgeBase>[1]) => {
    const handle = await openTestKnowledgeBase(dir.path, options);
    open.push(handle);
    return handle;
  };
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    for (const handle of open.splice(0)) await handle.close();
    dir.remove();
  });

  it('adds, replaces and removes documents, each change a new version; an unchanged upload changes nothing', async () => {
    const { kb } = await openKb();
    const first = await kb.ingest([file('returns.md', returns(30)), file('faq.md', '# FAQ\n\n## Gift wrapping\nWe gift-wrap any order for free.\n')]);
    expect(first).toMatchObject({ version: 'v000001', previous: null, added: ['returns.md', 'faq.md'], documents: 2 });
    expect(await sources({ kb } as TestKnowledgeBase, 'How many days do I have to return an item?')).toEqual(['You can return items within 30 days of delivery.']);

    const again = await kb.ingest([file('returns.md', returns(30))]);
    expect(again).toMatchObject({ version: 'v000001', unchanged: ['returns.md'], added: [], replaced: [] });

    const replaced = await kb.ingest([file('returns.md', returns(45))]);
    expect(replaced).toMatchObject({ version: 'v000002', previous: 'v000001', replaced: ['returns.md'] });
    expect(kb.documents().find((d) => d.id === 'returns.md')).toMatchObject({ revision: 2, version: 'v45' });
    expect(await sources({ kb } as TestKnowledgeBase, 'How many days do I have to return an item?')).toEqual(['You can return items within 45 days of delivery.']);

    const removed = await kb.remove(['faq.md']);
    expect(removed).toMatchObject({ version: 'v000003', removed: ['faq.md'], documents: 1 });
    expect(await kb.search('Do you gift-wrap orders?', { k: 5, language: 'en' })).toEqual([]);
    expect(kb.status()).toMatchObject({ version: 'v000003', documents: 1, lastError: null });
  });

  it('names documents by id; a file name that fits several is refused, one that fits none is not found', async () => {
    const { kb } = await openKb();
    await kb.ingest((await collectDocumentFiles([sampleKnowledge])).files);
    await expect(kb.remove(['returns.md'])).rejects.toThrow(AmbiguousDocumentError);
    await expect(kb.remove(['nope.md'])).rejects.toThrow(DocumentNotFoundError);
    // A lone file replaces the document with its name and language (en/returns.md), not a copy beside it.
    const outcome = await kb.ingest([file('returns.md', returns(60))]);
    expect(outcome.replaced).toEqual(['en/returns.md']);
    expect(
      kb
        .documents()
        .filter((d) => d.source === 'returns.md')
        .map((d) => d.id),
    ).toEqual(['en/returns.md', 'zh/returns.md']);
    await kb.remove(['zh/returns.md']);
    expect(kb.documents().some((d) => d.id === 'zh/returns.md')).toBe(false);
  });

  it('a broken file fails the whole upload with a clear error and the live version keeps serving', async () => {
    const { kb } = await openKb();
    await kb.ingest([file('returns.md', returns(30))]);
    const broken = kb.ingest([file('shipping.md', '# Shipping\n\n## Cost\nShipping is free.\n'), { id: 'terms.pdf', bytes: Buffer.from('%PDF-1.4 garbage') }]);
    await expect(broken).rejects.toThrow(KnowledgeBuildError);
    await expect(broken).rejects.toThrow(/terms\.pdf: is not a readable PDF.*v000001 keeps serving/);
    expect(kb.version).toBe('v000001');
    expect(kb.documents().map((d) => d.id)).toEqual(['returns.md']);
    expect(kb.status().lastError?.message).toMatch(/terms\.pdf/);
    expect(await sources({ kb } as TestKnowledgeBase, 'return within how many days')).toHaveLength(1);
  });

  it('a build that fails part way (the model crashes) leaves no half-written version behind', async () => {
    await (await openKb()).kb.ingest([file('returns.md', returns(30))]);
    const { kb } = await openKb({ embeddings: (analyzer: TextAnalyzer) => new FailingEmbeddings(analyzer) });
    const failed = kb.ingest([file('faq.md', '# FAQ\n\n## Gift wrapping\nWe gift-wrap any order.\n')]);
    await expect(failed).rejects.toMatchObject({ name: 'KnowledgeBuildError', reason: 'build_failed', servingVersion: 'v000001' });
    await expect(failed).rejects.toThrow(/session crashed/);
    expect(readdirSync(join(dir.path, 'knowledge/versions'))).toEqual(['v000001']);
    expect(kb.version).toBe('v000001');
  });

  it('another process picks up a new version without a restart', async () => {
    const writer = await openKb();
    await writer.kb.ingest([file('returns.md', returns(30))]);
    const reader = await openKb({ reloadIntervalMs: 20 });
    expect(reader.kb.version).toBe('v000001');

    await writer.kb.ingest([file('returns.md', returns(90))]);
    await vi.waitFor(() => expect(reader.kb.version).toBe('v000002'), { timeout: 5000, interval: 20 });
    expect(await sources(reader, 'How many days do I have to return an item?')).toEqual(['You can return items within 90 days of delivery.']);

    await writer.kb.remove(['returns.md']);
    await vi.waitFor(() => expect(reader.kb.version).toBe('v000003'), { timeout: 5000, interval: 20 });
    expect(await reader.kb.search('How many days do I have to return an item?', { k: 5, language: 'en' })).toEqual([]);
  });

  it('builds from two processes at once both land, one after the other', async () => {
    const a = await openKb();
    const b = await openKb();
    const [x, y] = await Promise.all([a.kb.ingest([file('a.md', '# A\n\n## Alpha\nAlpha rule.\n')]), b.kb.ingest([file('b.md', '# B\n\n## Beta\nBeta rule.\n')])]);
    expect([x.version, y.version].sort()).toEqual(['v000001', 'v000002']);
    await b.kb.reload();
    await a.kb.reload();
    expect(
      a.kb
        .documents()
        .map((d) => d.id)
        .sort(),
    ).toEqual(['a.md', 'b.md']);
    expect(
      b.kb
        .documents()
        .map((d) => d.id)
        .sort(),
    ).toEqual(['a.md', 'b.md']);
  });

  it('a damaged current version falls back to the newest one that loads, and says so', async () => {
    const { kb } = await openKb();
    await kb.ingest([file('returns.md', returns(30))]);
    await kb.ingest([file('returns.md', returns(45))]);
    rmSync(join(dir.path, 'knowledge/versions/v000002/hnsw'), { recursive: true });
    const restarted = await openKb();
    expect(restarted.kb.version).toBe('v000001');
    expect(restarted.kb.status().lastError?.message).toMatch(/could not load v000002/);
  });

  it('keeps only the newest versions on disk', async () => {
    const { kb } = await openKb();
    for (const days of [10, 20, 30, 40, 50]) await kb.ingest([file('returns.md', returns(days))]);
    expect(readdirSync(join(dir.path, 'knowledge/versions')).sort()).toEqual(['v000003', 'v000004', 'v000005']);
  });

  it('an index built with another embedder is re-embedded once, and saved', async () => {
    await (await openKb()).kb.ingest([file('returns.md', returns(30))]);
    const other = await openKb({ embeddings: (analyzer) => new HashedNgramEmbeddings(analyzer, { dimensions: 256 }) });
    expect(other.kb.version).toBe('v000002');
    expect(other.kb.status().embedder.id).toMatch(/^hashed-ngrams-v1:256:/);
    expect(await sources(other, 'return within how many days')).toHaveLength(1);
    expect(existsSync(join(dir.path, 'knowledge/versions/v000002/manifest.json'))).toBe(true);
  });

  it('a serving process seeds a fresh knowledge base from KNOWLEDGE_DIR once; admin commands and restarts do not', async () => {
    const config = testConfig(dir.path);
    const logger = createLogger({ level: 'silent' });
    const store = SqliteStore.open(dir.path, { lockLeaseMs: 30_000 });
    try {
      const admin = await openKnowledgeBase(config, store.locks, logger, { seed: false, watch: false });
      expect(admin.version).toBeNull();
      await admin.close();
      const serving = await openKnowledgeBase(config, store.locks, logger);
      expect(serving.status()).toMatchObject({ version: 'v000001', documents: 16 });
      await serving.close();
      const restarted = await openKnowledgeBase(config, store.locks, logger);
      expect(restarted.version).toBe('v000001');
      await restarted.close();
    } finally {
      await store.close();
    }
  });
});
