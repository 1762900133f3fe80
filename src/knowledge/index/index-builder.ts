import type { Logger } from '../../logger.js';
import type { LockService } from '../../store/types.js';
import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import type { ExtractionLimits } from '../ingest/extraction-limits.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import type { Chunk, DocumentInfo } from '../types.js';
import { InvalidUploadError, type ChangeRequest } from './build-job.js';
import { AmbiguousDocumentError, DocumentNotFoundError, SectionNotFoundError } from '../errors.js';
import { buildDelta } from './delta-build.js';
import { selfLineage } from './delta-files.js';
import { withPrecomputed } from './precomputed-vectors.js';
import type { BuildRunner } from './build-runner.js';
import type { IncrementalBase } from './incremental-index.js';
import { IndexSnapshot } from './index-snapshot.js';
import { VersionStore } from './version-store.js';
import { deriveSnapshot } from './derive-snapshot.js';
import type { PrecomputedVectors } from './precomputed-vectors.js';
import { readManifest, indexTextOf, writeTopics } from './version-files.js';
import { yieldToLoop } from './vector-view.js';
import type { TopicReader } from '../search/topic-prior.js';

/** One document as a build sees it; `vectors` is null when it must be (re-)embedded. */
export interface Entry {
  info: DocumentInfo;
  chunks: Chunk[];
  vectors: Array<ArrayLike<number>> | null;
}

export interface BaseState {
  name: string | null;
  /** The embedder the live version was built with. */
  embedder: string | null;
  entries: Map<string, Entry>;
  /** What an incremental build reuses of the live version: its folder and where each chunk sits. */
  reuse?: IncrementalBase;
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

const lockKey = 'knowledge-base:build';

/**
 * Builds index versions: under a lock shared by every process (through the Store), a build
 * job (in a worker thread when serving) reads the live version from disk, applies the change,
 * embeds only new or changed chunks and writes the new version to a staging folder; this
 * thread then loads it back to prove it works, and only then publishes it. Any failure leaves
 * the live version untouched.
 */
export class IndexBuilder {
  constructor(
    private readonly versions: VersionStore,
    private readonly embeddings: KnowledgeEmbeddings,
    private readonly analyzer: TextAnalyzer,
    private readonly locks: LockService,
    private readonly keepVersions: number,
    private readonly limits: ExtractionLimits,
    private readonly logger: Logger,
    private readonly lockTimeoutMs = 10 * 60_000,
  ) {}

  /**
   * Applies `change` to the live version and publishes the result; returns the new snapshot too.
   * An incremental build starting from the version `live` serves is made in memory from it
   * (derive-snapshot.ts); any other is loaded back from the files, which proves they load.
   */
  async build(
    change: ChangeRequest,
    runner: BuildRunner,
    options: { force?: boolean; live?: IndexSnapshot; topics?: TopicReader; precomputed?: PrecomputedVectors } = {},
  ): Promise<{ outcome: BuildOutcome; snapshot: IndexSnapshot | null; skipped: string[]; retire?: () => void }> {
    return this.locks.runExclusive(
      lockKey,
      async () => {
        const started = Date.now();
        const request = {
          root: this.versions.root,
          change,
          force: options.force ?? false,
          limits: this.limits,
          ...(options.precomputed ? { precomputed: options.precomputed } : {}),
        };
        const { live, topics } = options;
        if (live && !options.force) {
          const delta = await this.tryDelta(live, change, options);
          if (delta) return delta;
        }
        const { outcome, staging, skipped, incremental } = await runner.run(request);
        if (!staging) return { outcome, snapshot: null, skipped };
        const built = Date.now();
        try {
          let verified: IndexSnapshot;
          let retire: (() => void) | undefined;
          if (incremental && live && live.name === incremental.delta.base && live.vectors) {
            // The files are finished (the manifest goes last) and describe the version made here.
            const manifest = await readManifest(staging);
            if (manifest.chunks !== incremental.manifest.chunks) throw new Error(`staged ${manifest.chunks} passages, the build reported ${incremental.manifest.chunks}`);
            ({ snapshot: verified, retire } = await deriveSnapshot(live, incremental.delta, incremental.manifest, topics));
          } else {
            // Proves the files load and agree before anyone is pointed at them.
            verified = await IndexSnapshot.load('staging', staging, this.embeddings, this.analyzer);
            if (topics) await carryTopics(live, verified, topics);
          }
          const rows = topics ? verified.currentTopics : null;
          if (rows) await writeTopics(staging, rows);
          const name = await this.versions.publish(staging);
          const pruned = await this.versions.prune(this.keepVersions);
          const { added, replaced, removed, documents, chunks } = outcome;
          this.logger.info(
            {
              version: name,
              previous: outcome.previous,
              added,
              replaced,
              removed,
              documents,
              chunks,
              pruned,
              buildMs: built - started,
              swapMs: Date.now() - built,
              inMemory: Boolean(retire),
            },
            'knowledge base version published',
          );
          const published = verified.renamed(name);
          // A full version: the base of the delta versions the next edits make.
          published.lineage = selfLineage(name, published.size);
          return { outcome: { ...outcome, version: name }, snapshot: published, skipped, ...(retire ? { retire } : {}) };
        } catch (error) {
          await this.versions.discard(staging);
          throw error;
        }
      },
      { timeoutMs: this.lockTimeoutMs },
    );
  }

  /**
   * The edit as a delta over the live version, built here (delta-build.ts); null when it must
   * be built in full, or when the delta build failed for any reason but the change itself.
   */
  private async tryDelta(
    live: IndexSnapshot,
    change: ChangeRequest,
    options: { topics?: TopicReader; precomputed?: PrecomputedVectors },
  ): Promise<{ outcome: BuildOutcome; snapshot: IndexSnapshot | null; skipped: string[]; retire?: () => void } | null> {
    try {
      const result = await buildDelta(live, change, {
        versions: this.versions,
        embeddings: options.precomputed ? withPrecomputed(this.embeddings, options.precomputed) : this.embeddings,
        analyzer: this.analyzer,
        limits: this.limits,
        keepVersions: this.keepVersions,
        logger: this.logger,
        ...(options.topics ? { topics: options.topics } : {}),
      });
      if (!result) return null;
      if (result.kind === 'unchanged') return { outcome: result.outcome, snapshot: null, skipped: result.skipped };
      return { outcome: result.outcome, snapshot: result.snapshot, skipped: result.skipped, retire: result.retire };
    } catch (error) {
      if (userErrors.some((type) => error instanceof type)) throw error;
      this.logger.warn({ err: error }, 'knowledge base: the delta build failed; building the version in full');
      return null;
    }
  }
}

const userErrors = [InvalidUploadError, DocumentNotFoundError, AmbiguousDocumentError, SectionNotFoundError];

/**
 * A version loaded from files gets the topic rows of passages the live version already read
 * (same id, same text), and the rest are classified a few at a time between searches.
 */
async function carryTopics(live: IndexSnapshot | undefined, next: IndexSnapshot, reader: TopicReader): Promise<void> {
  const rows = next.topicsFor(reader);
  const old = live && live.size > 0 ? live.topicsFor(reader) : null;
  const byId = new Map<string, number>();
  if (live && old) live.chunks.forEach((chunk, index) => old.filled[index] && byId.set(chunk.id, index));
  const width = rows.labels.length;
  const sameLabels = old !== null && old.labels.join('\n') === rows.labels.join('\n');
  let sliceStart = performance.now();
  for (let index = 0; index < next.size; index++) {
    const chunk = next.chunks[index]!;
    const from = byId.get(chunk.id);
    if (old && from !== undefined && sameLabels && indexTextOf(live!.chunks[from]!) === indexTextOf(chunk)) {
      rows.rows.set(old.rows.subarray(from * width, (from + 1) * width), index * width);
      rows.filled[index] = 1;
    } else rows.fill(reader, index, chunk);
    if (performance.now() - sliceStart > 8) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }
}
