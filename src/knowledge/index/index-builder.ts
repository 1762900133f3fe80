import type { Logger } from '../../logger.js';
import type { LockService } from '../../store/types.js';
import type { KnowledgeEmbeddings } from '../embeddings/knowledge-embeddings.js';
import type { ExtractionLimits } from '../ingest/extraction-limits.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import type { Chunk, DocumentInfo } from '../types.js';
import type { ChangeRequest } from './build-job.js';
import type { BuildRunner } from './build-runner.js';
import type { IncrementalBase } from './incremental-index.js';
import { IndexSnapshot } from './index-snapshot.js';
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

  /** Applies `change` to the live version and publishes the result; returns the new snapshot too. */
  async build(
    change: ChangeRequest,
    runner: BuildRunner,
    options: { force?: boolean } = {},
  ): Promise<{ outcome: BuildOutcome; snapshot: IndexSnapshot | null; skipped: string[] }> {
    return this.locks.runExclusive(
      lockKey,
      async () => {
        const { outcome, staging, skipped } = await runner.run({ root: this.versions.root, change, force: options.force ?? false, limits: this.limits });
        if (!staging) return { outcome, snapshot: null, skipped };
        try {
          // Proves the files load and agree before anyone is pointed at them.
          const verified = await IndexSnapshot.load('staging', staging, this.embeddings, this.analyzer);
          const name = await this.versions.publish(staging);
          const pruned = await this.versions.prune(this.keepVersions);
          const { added, replaced, removed, documents, chunks } = outcome;
          this.logger.info({ version: name, previous: outcome.previous, added, replaced, removed, documents, chunks, pruned }, 'knowledge base version published');
          return { outcome: { ...outcome, version: name }, snapshot: verified.renamed(name), skipped };
        } catch (error) {
          await this.versions.discard(staging);
          throw error;
        }
      },
      { timeoutMs: this.lockTimeoutMs },
    );
  }
}
