import { existsSync } from 'node:fs';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HashedNgramEmbeddings } from '../../src/knowledge/embeddings/hashed-ngram-embeddings.js';
import { collectDocumentFiles, type IngestFile } from '../../src/knowledge/ingest/collect-files.js';
import { readDelta } from '../../src/knowledge/index/delta-files.js';
import { readManifest } from '../../src/knowledge/index/version-files.js';
import { answersTo, openTestKnowledgeBase, sampleQuestions, sampleKnowledge, type TestKnowledgeBase } from '../helpers/knowledge.js';
import { tempDir } from '../../testkit/runtime.js';

/** The weight-free embedder, keeping every text it was asked to embed for documents. */
class RecordingEmbeddings extends HashedNgramEmbeddings {
  readonly embedded: string[] = [];
  override async embedDocuments(texts: string[]): Promise<number[][]> {
    this.embedded.push(...texts);
    return super.embedDocuments(texts);
  }
}

/** Points in the stored HNSW graph, deleted ones included. */
function graphPoints(dir: string): number {
  const index = new hnswlib.HierarchicalNSW('cosine', 1);
  index.readIndexSync(join(dir, 'hnsw', 'hnswlib.index'));
  return index.getCurrentCount();
}

describe('incremental knowledge base versions', () => {
  let dirs: Array<ReturnType<typeof tempDir>>;
  const open: TestKnowledgeBase[] = [];
  const openKb = async (dir: string, options?: Parameters<typeof openTestKnowledgeBase>[1]) => {
    const handle = await openTestKnowledgeBase(dir, options);
    open.push(handle);
    return handle;
  };
  const newDir = () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir.path;
  };
  beforeEach(() => {
    dirs = [];
  });
  afterEach(async () => {
    for (const handle of open.splice(0)) await handle.close();
    for (const dir of dirs) dir.remove();
  });

  async function sampleFiles(): Promise<IngestFile[]> {
    return (await collectDocumentFiles([sampleKnowledge])).files;
  }
  const edited = (files: IngestFile[]) =>
    files.map((file) =>
      file.id === 'en/returns.md'
        ? { ...file, bytes: Buffer.from(Buffer.from(file.bytes).toString('utf8').replaceAll('within 30 days of delivery', 'within 45 days of delivery')) }
        : file,
    );

  it('an edit re-embeds and re-indexes only the changed document, and searches exactly like a full rebuild', async () => {
    const dataDir = newDir();
    const recorder = { current: null as RecordingEmbeddings | null };
    const { kb } = await openKb(dataDir, { embeddings: (analyzer) => (recorder.current = new RecordingEmbeddings(analyzer)) });
    const files = await sampleFiles();
    await kb.ingest(files);
    const firstChunks = kb.size;
    expect(recorder.current!.embedded).toHaveLength(firstChunks);

    recorder.current!.embedded.length = 0;
    const outcome = await kb.ingest(edited(files));
    expect(outcome).toMatchObject({ version: 'v000002', replaced: ['en/returns.md'], added: [], removed: [] });
    const returnsChunks = kb.chunks().filter((chunk) => chunk.documentId === 'en/returns.md');
    // Only the edited document's passages went through the embedder.
    expect(recorder.current!.embedded).toHaveLength(returnsChunks.length);
    expect(recorder.current!.embedded.some((text) => text.includes('within 45 days of delivery'))).toBe(true);
    // Written as a delta over v000001 holding only the edited document's passages (delta-files.ts).
    const versionDir = join(dataDir, 'knowledge', 'versions', 'v000002');
    const manifest = await readManifest(versionDir);
    expect(manifest).toMatchObject({ base: 'v000001', chunks: kb.size });
    expect((await readDelta(versionDir, manifest)).chunks.map((chunk) => chunk.id)).toEqual(returnsChunks.map((chunk) => chunk.id));
    expect(existsSync(join(versionDir, 'hnsw'))).toBe(false);
    expect(firstChunks).toBe(kb.size);
    expect((await kb.search('How many days do I have to return an item?', { k: 3, language: 'en' })).map((p) => p.text).join('\n')).toContain('within 45 days');

    // The same documents built from scratch in another data directory search the same.
    const otherDir = newDir();
    const { kb: rebuilt } = await openKb(otherDir);
    await rebuilt.ingest(edited(files));
    expect(graphPoints(join(otherDir, 'knowledge', 'versions', 'v000001'))).toBe(rebuilt.size);
    expect(rebuilt.size).toBe(kb.size);
    const incrementalAnswers = await answersTo(kb);
    expect(incrementalAnswers.flat().length).toBeGreaterThan(sampleQuestions.length);
    expect(incrementalAnswers).toEqual(await answersTo(rebuilt));
  });

  it('a removal marks the points deleted; another process picks the incremental version up and restarts load it', async () => {
    const dataDir = newDir();
    const writer = await openKb(dataDir);
    const files = await sampleFiles();
    await writer.kb.ingest(files);
    const reader = await openKb(dataDir, { reloadIntervalMs: 20 });
    await writer.kb.ingest(edited(files));
    await vi.waitFor(() => expect(reader.kb.version).toBe('v000002'), { timeout: 5000, interval: 20 });
    expect((await reader.kb.search('How many days do I have to return an item?', { k: 3, language: 'en' })).map((p) => p.text).join('\n')).toContain('within 45 days');

    await writer.kb.remove(['en/shipping.md']);
    await vi.waitFor(() => expect(reader.kb.version).toBe('v000003'), { timeout: 5000, interval: 20 });
    expect(reader.kb.chunks().some((chunk) => chunk.documentId === 'en/shipping.md')).toBe(false);
    const hits = await reader.kb.search('Where is my parcel?', { k: 5, language: 'en' });
    expect(hits.every((p) => p.documentId !== 'en/shipping.md')).toBe(true);

    const restarted = await openKb(dataDir);
    expect(restarted.kb.version).toBe('v000003');
    expect(await answersTo(restarted.kb)).toEqual(await answersTo(reader.kb));
  });

  it('past a quarter of the graph deleted, the next version is built from scratch and the deleted points go', async () => {
    const dataDir = newDir();
    const { kb } = await openKb(dataDir);
    const files = await sampleFiles();
    await kb.ingest(files);
    // Replacing every English document at once leaves more deleted points than the graph keeps.
    const english = files.filter((file) => file.id.startsWith('en/'));
    const outcome = await kb.ingest(english.map((file) => ({ ...file, bytes: Buffer.concat([file.bytes, Buffer.from('\n\nUpdated.\n')]) })));
    expect(outcome.replaced).toHaveLength(english.length);
    expect(graphPoints(join(dataDir, 'knowledge', 'versions', 'v000002'))).toBe(kb.size);
  });
});
