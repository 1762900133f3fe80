import { existsSync, readdirSync, renameSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectDocumentFiles, type IngestFile } from '../../src/knowledge/ingest/collect-files.js';
import { readDelta } from '../../src/knowledge/index/delta-files.js';
import { readManifest } from '../../src/knowledge/index/version-files.js';
import { SharedVersionMirror, type SharedVersionStorage } from '../../src/knowledge/index/shared-versions.js';
import { createLogger } from '../../src/logger.js';
import { answersTo, openTestKnowledgeBase, sampleQuestions, sampleKnowledge, type TestKnowledgeBase } from '../helpers/knowledge.js';
import { tempDir } from '../../testkit/runtime.js';

// The sample knowledge base (natural text, which the questions ask about) and 30 filler documents
// of 5 rules each in words no question uses, so the base is large enough for several deltas
// (a delta holds up to 10% of its base's passages) and edits of 5 passages are easy to count.
const filler = (n: number, revision = 0) =>
  `---\ntitle: Filler ${n}\nlanguage: en\n---\n# Filler ${n}\n\n` +
  Array.from({ length: 5 }, (_, j) => `## Zorb ${n} part ${j}\nQuexl${n} vrom${j} plinth${n + j} drazzle ${revision + n * 10 + j} glimp.\n`).join('\n');
const fillerFile = (n: number, revision = 0): IngestFile => ({ id: `filler/f${String(n).padStart(2, '0')}.md`, bytes: Buffer.from(filler(n, revision), 'utf8') });
const editedReturns = (file: IngestFile): IngestFile => ({
  ...file,
  bytes: Buffer.from(Buffer.from(file.bytes).toString('utf8').replaceAll('within 30 days of delivery', 'within 45 days of delivery')),
});

let sample: IngestFile[] = [];
const sampleFile = (id: string) => sample.find((file) => file.id === id)!;
/** Every document, with the filler revisions given and the sample documents edited or removed as said. */
const allFiles = (fillers: ReadonlyMap<number, number> = new Map(), options: { returns45?: boolean; without?: string[] } = {}) => [
  ...sample.filter((file) => !options.without?.includes(file.id)).map((file) => (file.id === 'en/returns.md' && options.returns45 ? editedReturns(file) : file)),
  ...Array.from({ length: 30 }, (_, n) => fillerFile(n, fillers.get(n) ?? 0)),
];

describe('delta knowledge base versions', () => {
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
  const versionDir = (dataDir: string, name: string) => join(dataDir, 'knowledge', 'versions', name);
  const manifestOf = (dataDir: string, name: string) => readManifest(versionDir(dataDir, name));
  /** The same documents built from scratch in a data directory of their own. */
  const rebuilt = async (files: IngestFile[]) => {
    const { kb } = await openKb(newDir());
    await kb.ingest(files);
    return kb;
  };
  beforeEach(async () => {
    dirs = [];
    sample = (await collectDocumentFiles([sampleKnowledge])).files;
  });
  afterEach(async () => {
    for (const handle of open.splice(0)) await handle.close();
    for (const dir of dirs) dir.remove();
  });

  it('an edit is written as a delta holding only the changed passages, and searches exactly like a full rebuild', async () => {
    const dataDir = newDir();
    const { kb } = await openKb(dataDir);
    await kb.ingest(allFiles());
    const baseSize = kb.size;
    const outcome = await kb.ingest([editedReturns(sampleFile('en/returns.md'))]);
    expect(outcome).toMatchObject({ version: 'v000002', replaced: ['en/returns.md'] });
    const manifest = await manifestOf(dataDir, 'v000002');
    expect(manifest).toMatchObject({ base: 'v000001', chunks: baseSize });
    const delta = await readDelta(versionDir(dataDir, 'v000002'), manifest);
    const returns = kb.chunks().filter((chunk) => chunk.documentId === 'en/returns.md');
    expect(delta.chunks.map((chunk) => chunk.id)).toEqual(returns.map((chunk) => chunk.id));
    expect(delta.removed).toHaveLength(returns.length);
    // Nothing of the base was written again.
    expect(readdirSync(versionDir(dataDir, 'v000002'))).not.toContain('hnsw');

    const expected = await answersTo(await rebuilt(allFiles(new Map(), { returns45: true })));
    expect(expected.flat().length).toBeGreaterThan(sampleQuestions.length);
    expect(await answersTo(kb)).toEqual(expected);
    expect((await kb.search('How many days do I have to return an item?', { k: 3, language: 'en' })).map((p) => p.text).join('\n')).toContain('within 45 days');
    // A restart loads base + delta from disk and answers the same.
    const restarted = await openKb(dataDir);
    expect(restarted.kb.version).toBe('v000002');
    expect(await answersTo(restarted.kb)).toEqual(expected);
  });

  it('a chain of deltas (edits and a removal) stays stated against one base; another process applies each to the base it already serves', async () => {
    const dataDir = newDir();
    const writer = await openKb(dataDir);
    await writer.kb.ingest(allFiles());
    const reader = await openKb(dataDir, { reloadIntervalMs: 20 });
    expect(reader.kb.version).toBe('v000001');
    // The base's passages file goes away: a process that re-read the base could not load the deltas.
    const baseChunks = join(versionDir(dataDir, 'v000001'), 'chunks.json');
    renameSync(baseChunks, `${baseChunks}.aside`);

    await writer.kb.ingest([editedReturns(sampleFile('en/returns.md'))]);
    await writer.kb.ingest([fillerFile(3, 1)]);
    await writer.kb.remove(['en/shipping.md']);
    await vi.waitFor(() => expect(reader.kb.version).toBe('v000004'), { timeout: 5000, interval: 20 });
    renameSync(`${baseChunks}.aside`, baseChunks);

    const manifest = await manifestOf(dataDir, 'v000004');
    expect(manifest.base).toBe('v000001');
    const delta = await readDelta(versionDir(dataDir, 'v000004'), manifest);
    expect([...new Set(delta.chunks.map((chunk) => chunk.documentId))]).toEqual(['en/returns.md', 'filler/f03.md']);
    expect(reader.kb.chunks().some((chunk) => chunk.documentId === 'en/shipping.md')).toBe(false);

    const expected = await answersTo(await rebuilt(allFiles(new Map([[3, 1]]), { returns45: true, without: ['en/shipping.md'] })));
    expect(await answersTo(writer.kb)).toEqual(expected);
    expect(await answersTo(reader.kb)).toEqual(expected);
    const restarted = await openKb(dataDir);
    expect(await answersTo(restarted.kb)).toEqual(expected);
  });

  it('past the delta limit the next version is a new full base; cleanup keeps a base while a kept delta needs it', async () => {
    const dataDir = newDir();
    const { kb } = await openKb(dataDir);
    await kb.ingest(allFiles());
    // Edits of one filler document each (5 passages): as many as fit in 10% of the base are deltas.
    const fit = Math.floor((kb.size * 0.1) / 5);
    expect(fit).toBeGreaterThanOrEqual(3);
    const fillers = new Map<number, number>();
    for (let n = 0; n < fit; n++) {
      fillers.set(n, 1);
      await kb.ingest([fillerFile(n, 1)]);
    }
    const lastDelta = `v${String(fit + 1).padStart(6, '0')}`;
    expect((await manifestOf(dataDir, lastDelta)).base).toBe('v000001');
    // The test helper keeps 3 versions: v000001 stays, as the deltas kept need it.
    const newest = (last: number) => [last - 2, last - 1, last].map((n) => `v${String(n).padStart(6, '0')}`);
    expect(readdirSync(join(dataDir, 'knowledge', 'versions')).sort()).toEqual(['v000001', ...newest(fit + 1)]);

    // The next one would pass it: built in full by the build runner, as a new base.
    fillers.set(fit, 1);
    const compaction = await kb.ingest([fillerFile(fit, 1)]);
    const compacted = await manifestOf(dataDir, compaction.version!);
    expect(compacted.base).toBeUndefined();
    expect(existsSync(join(versionDir(dataDir, compaction.version!), 'hnsw', 'hnswlib.index'))).toBe(true);
    expect(await answersTo(kb)).toEqual(await answersTo(await rebuilt(allFiles(fillers))));

    // The next edit is a delta over the new base; the old base goes with the last kept delta that needed it.
    fillers.set(fit + 1, 1);
    const after = await kb.ingest([fillerFile(fit + 1, 1)]);
    expect((await manifestOf(dataDir, after.version!)).base).toBe(compaction.version);
    expect(readdirSync(join(dataDir, 'knowledge', 'versions')).sort()).toEqual(['v000001', ...newest(fit + 3)].sort());
    fillers.set(fit + 2, 1);
    await kb.ingest([fillerFile(fit + 2, 1)]);
    expect(readdirSync(join(dataDir, 'knowledge', 'versions')).sort()).toEqual(newest(fit + 4));
    const expected = await answersTo(await rebuilt(allFiles(fillers)));
    expect(await answersTo(kb)).toEqual(expected);
    expect(await answersTo((await openKb(dataDir)).kb)).toEqual(expected);
  });

  it('a damaged base: the next edit is built in full instead of as a delta nobody could load', async () => {
    const dataDir = newDir();
    const { kb } = await openKb(dataDir);
    await kb.ingest(allFiles());
    await kb.ingest([editedReturns(sampleFile('en/returns.md'))]);
    expect((await manifestOf(dataDir, 'v000002')).base).toBe('v000001');
    truncateSync(join(versionDir(dataDir, 'v000001'), 'vectors.f32'), 100);

    const outcome = await kb.ingest([fillerFile(9, 1)]);
    expect(outcome.version).toBe('v000003');
    const manifest = await manifestOf(dataDir, 'v000003');
    expect(manifest.base).toBeUndefined();
    expect(manifest.chunks).toBe(kb.size);
    const expected = await answersTo(await rebuilt(allFiles(new Map([[9, 1]]), { returns45: true })));
    expect(await answersTo(kb)).toEqual(expected);
    expect(await answersTo((await openKb(dataDir)).kb)).toEqual(expected);
  });

  it('shared storage: a delta version goes up alone, naming its base, and another replica pulls both and loads it', async () => {
    const storage = new MemoryVersionStorage();
    const logger = createLogger({ level: 'silent' });
    const dirA = newDir();
    const mirrorA = new SharedVersionMirror(storage, join(dirA, 'knowledge'), logger);
    const { kb } = await openKb(dirA, { locks: (locks) => mirrorA.wrapLocks(locks) });
    await kb.ingest(allFiles());
    await kb.ingest([editedReturns(sampleFile('en/returns.md'))]);
    expect(storage.published).toEqual([
      { name: 'v000001', base: undefined },
      { name: 'v000002', base: 'v000001' },
    ]);
    // The delta's package holds a few passages, not the base's graph and vectors.
    expect(storage.files.get('v000002')!.length).toBeLessThan(storage.files.get('v000001')!.length / 5);

    const dirB = newDir();
    const mirrorB = new SharedVersionMirror(storage, join(dirB, 'knowledge'), logger);
    expect(await mirrorB.pull()).toBe(true);
    expect(readdirSync(join(dirB, 'knowledge', 'versions')).sort()).toEqual(['v000001', 'v000002']);
    const replica = await openKb(dirB);
    expect(replica.kb.version).toBe('v000002');
    expect(await answersTo(replica.kb)).toEqual(await answersTo(kb));
  });
});

/** Shared storage kept in memory: what Postgres does (kb-version-storage.ts), without the database. */
class MemoryVersionStorage implements SharedVersionStorage {
  readonly files = new Map<string, Buffer>();
  readonly published: Array<{ name: string; base: string | undefined }> = [];
  private live: string | null = null;

  async current(): Promise<string | null> {
    return this.live;
  }

  async fetch(name: string): Promise<Buffer | null> {
    return this.files.get(name) ?? null;
  }

  async publish(name: string, files: Buffer, base?: string): Promise<void> {
    this.files.set(name, files);
    this.published.push({ name, base });
    this.live = name;
  }
}
