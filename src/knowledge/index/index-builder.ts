import type { Logger } from '../../logger.js';
import type { LockService } from '../../store/types.js';
import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import type { Chunk, DocumentInfo } from '../types.js';
import { analyzeChunks, IndexSnapshot } from './index-snapshot.js';
import { indexTextOf, readChunks, readManifest, readVectors, vectorOf, writeVersion, type Manifest } from './version-files.js';
import { VersionStore } from './version-store.js';

/** One document as a build sees it; `vectors` is null when it must be (re-)embedded. */
export interface Entry {
  info: DocumentInfo;
  chunks: Chunk[];
  vectors: number[][] | null;
}

export interface BaseState {
  name: string | null;
  /** The embedder the live version was built with. */
  embedder: string | null;
  entries: Map<string, Entry>;
}

export interface ChangeSummary {
  added: string[];
  replaced: string[];
  unchanged: string[];
  removed: string[];
  /** Documents whose passages gained alternative phrasings (content unchanged). */
  phrased?: string[];
}

export interface BuildOutcome extends ChangeSummary {
  /** The version serving after the change (unchanged when nothing changed). */
  version: string | null;
  previous: string | null;
  documents: number;
  chunks: number;
}

/** What a change does to the documents of the live version. Returning null means "nothing to do". */
export type ChangePlan = (base: BaseState) => ChangeSummary | null;

const lockKey = 'knowledge-base:build';

/**
 * Builds index versions: under a lock shared by every process (through the Store), it reads
 * the live version from disk, applies the change, embeds only new or changed chunks, writes
 * the new version beside the live one, loads it back to prove it works, and only then
 * publishes it. Any failure leaves the live version untouched.
 */
export class IndexBuilder {
  constructor(
    private readonly versions: VersionStore,
    private readonly embeddings: KnowledgeEmbeddings,
    private readonly analyzer: TextAnalyzer,
    private readonly locks: LockService,
    private readonly keepVersions: number,
    private readonly logger: Logger,
    private readonly lockTimeoutMs = 10 * 60_000,
  ) {}

  async readBase(): Promise<BaseState> {
    const name = await this.versions.current();
    if (!name) return { name: null, embedder: null, entries: new Map() };
    const dir = this.versions.dirOf(name);
    const manifest = await readManifest(dir);
    const chunks = await readChunks(dir);
    const dimensions = manifest.embedder.dimensions;
    const reuse = manifest.embedder.id === this.embeddings.info.id;
    const vectors = reuse ? await readVectors(dir, chunks.length * dimensions) : null;
    const entries = new Map<string, Entry>();
    for (const info of manifest.documents) entries.set(info.id, { info, chunks: [], vectors: vectors ? [] : null });
    chunks.forEach((chunk, index) => {
      const entry = entries.get(chunk.documentId);
      if (!entry) throw new Error(`${name}: chunk ${chunk.id} belongs to no listed document`);
      entry.chunks.push(chunk);
      if (vectors) entry.vectors!.push(vectorOf(vectors, index, dimensions));
    });
    return { name, embedder: manifest.embedder.id, entries };
  }

  /** Applies `plan` to the live version and publishes the result; returns the new snapshot too. */
  async build(plan: ChangePlan, options: { force?: boolean } = {}): Promise<{ outcome: BuildOutcome; snapshot: IndexSnapshot | null }> {
    return this.locks.runExclusive(
      lockKey,
      async () => {
        const base = await this.readBase();
        const ours = this.embeddings.info;
        if (base.embedder && base.embedder !== ours.id && ours.fallback) {
          // A process that could not load the model must not replace good vectors with stand-ins.
          throw new Error(
            `the live version was built with ${base.embedder}, which this process could not load (${ours.note}); ` +
              'fix MODELS_DIR/EMBEDDING_MODEL, or set EMBEDDING_MODEL=hashed to switch embedders on purpose',
          );
        }
        const summary = plan(base);
        const needsEmbedding = [...base.entries.values()].some((entry) => entry.vectors === null);
        const summaryOrNone = summary ?? { added: [], replaced: [], unchanged: [...base.entries.keys()], removed: [] };
        const changed = summaryOrNone.added.length + summaryOrNone.replaced.length + summaryOrNone.removed.length + (summaryOrNone.phrased?.length ?? 0) > 0;
        if (!changed && !needsEmbedding && !options.force) {
          return { outcome: this.outcome(base, base.name, summaryOrNone), snapshot: null };
        }
        const snapshot = await this.publish(base, summaryOrNone);
        return { outcome: this.outcome(base, snapshot.name, summaryOrNone), snapshot };
      },
      { timeoutMs: this.lockTimeoutMs },
    );
  }

  private outcome(base: BaseState, version: string | null, summary: ChangeSummary): BuildOutcome {
    const entries = [...base.entries.values()];
    return {
      version,
      previous: base.name,
      ...summary,
      documents: entries.length,
      chunks: entries.reduce((sum, entry) => sum + entry.chunks.length, 0),
    };
  }

  private async publish(base: BaseState, summary: ChangeSummary): Promise<IndexSnapshot> {
    const entries = [...base.entries.values()].sort((a, b) => a.info.id.localeCompare(b.info.id));
    const missing = entries.filter((entry) => entry.vectors === null);
    if (missing.length > 0) {
      const texts = missing.flatMap((entry) => entry.chunks.map(indexTextOf));
      const started = Date.now();
      const vectors = await this.embeddings.embedDocuments(texts);
      let offset = 0;
      for (const entry of missing) {
        entry.vectors = vectors.slice(offset, offset + entry.chunks.length);
        offset += entry.chunks.length;
      }
      this.logger.info({ chunks: texts.length, ms: Date.now() - started, embedder: this.embeddings.info.id }, 'embedded knowledge chunks');
    }
    const dimensions = this.embeddings.info.dimensions;
    const chunks = entries.flatMap((entry) => entry.chunks);
    const vectors = new Float32Array(chunks.length * dimensions);
    let row = 0;
    for (const entry of entries) {
      for (const vector of entry.vectors!) {
        if (vector.length !== dimensions) throw new Error(`embedder returned ${vector.length} dimensions, expected ${dimensions}`);
        vectors.set(vector, row++ * dimensions);
      }
    }
    const manifest: Manifest = {
      format: 1,
      createdAt: new Date().toISOString(),
      embedder: { id: this.embeddings.info.id, dimensions },
      analyzer: this.analyzer.id,
      documents: entries.map((entry) => ({ ...entry.info, chunks: entry.chunks.length })),
      chunks: chunks.length,
      change: { added: summary.added, replaced: summary.replaced, removed: summary.removed, ...(summary.phrased?.length ? { phrased: summary.phrased } : {}) },
    };
    const staging = await this.versions.createStaging();
    try {
      await writeVersion(staging, { manifest, chunks, terms: analyzeChunks(chunks, this.analyzer), vectors }, this.embeddings);
      // Proves the files load and agree before anyone is pointed at them.
      const verified = await IndexSnapshot.load('staging', staging, this.embeddings, this.analyzer);
      const name = await this.versions.publish(staging);
      const snapshot = verified.renamed(name);
      const pruned = await this.versions.prune(this.keepVersions);
      this.logger.info({ version: name, previous: base.name, ...manifest.change, documents: entries.length, chunks: chunks.length, pruned }, 'knowledge base version published');
      return snapshot;
    } catch (error) {
      await this.versions.discard(staging);
      throw error;
    }
  }
}
