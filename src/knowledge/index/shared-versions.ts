import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Logger } from '../../logger.js';
import type { LockService } from '../../store/types.js';
import { VersionStore } from './version-store.js';

/** Where every replica finds the published versions and which one is live (Postgres, object storage, …). */
export interface SharedVersionStorage {
  current(): Promise<string | null>;
  fetch(name: string): Promise<Buffer | null>;
  /**
   * Stores the version's files and makes it the live one. A delta version names its `base`
   * (delta-files.ts), which the storage must keep while the delta is kept.
   */
  publish(name: string, files: Buffer, base?: string): Promise<void>;
}

/** The key the index builder serialises builds on (see index-builder.ts). */
const buildLockKey = 'knowledge-base:build';

interface PackedFile {
  path: string;
  data: string;
}

async function pack(dir: string): Promise<Buffer> {
  const files: PackedFile[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.push({ path: relative(dir, path), data: (await readFile(path)).toString('base64') });
    }
  };
  await walk(dir);
  return gzipSync(JSON.stringify(files));
}

async function unpack(files: Buffer, dir: string): Promise<void> {
  for (const file of JSON.parse(gunzipSync(files).toString('utf8')) as PackedFile[]) {
    const target = join(dir, file.path);
    if (relative(dir, target).startsWith('..')) throw new Error(`a shared knowledge-base version names a file outside its folder: ${file.path}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, Buffer.from(file.data, 'base64'));
  }
}

/**
 * Keeps this replica's on-disk versions in step with the shared storage: builds run under
 * the store's (cross-replica) lock, so the newest shared version is pulled before a build and
 * the result pushed after it; between builds each replica pulls on the reload interval, and
 * its knowledge base's own watcher swaps the version in. Versions only move forward.
 */
export class SharedVersionMirror {
  private readonly versions: VersionStore;
  private building = 0;
  private timer: NodeJS.Timeout | null = null;
  private pulling: Promise<boolean> | null = null;

  constructor(
    private readonly storage: SharedVersionStorage,
    knowledgeDir: string,
    private readonly logger: Logger,
  ) {
    this.versions = new VersionStore(knowledgeDir);
  }

  /** The lock service for the knowledge base: builds see the newest shared version and publish theirs. */
  wrapLocks(locks: LockService): LockService {
    return {
      runExclusive: (key, task, options) => {
        if (key !== buildLockKey) return locks.runExclusive(key, task, options);
        return locks.runExclusive(
          key,
          async (lock) => {
            this.building++;
            try {
              await this.pull();
              const before = await this.versions.current();
              const result = await task(lock);
              const after = await this.versions.current();
              if (after && after !== before) await this.push(after);
              return result;
            } finally {
              this.building--;
            }
          },
          options,
        );
      },
    };
  }

  /** Brings the shared live version here and points CURRENT at it, if it is newer than this replica's. */
  pull(): Promise<boolean> {
    this.pulling ??= this.pullOnce().finally(() => (this.pulling = null));
    return this.pulling;
  }

  private async pullOnce(): Promise<boolean> {
    const name = await this.storage.current();
    const local = await this.versions.current();
    if (!name || name === local || (local && VersionStore.numberOf(name) <= VersionStore.numberOf(local))) return false;
    if (!(await this.fetchVersion(name))) return false;
    // A delta version loads on top of its base: that comes along unless this replica has it.
    const base = await this.versions.baseOf(name);
    if (base && !(await this.fetchVersion(base))) return false;
    const pointer = join(this.versions.root, 'CURRENT');
    const temporary = `${pointer}.${process.pid}.pull`;
    await writeFile(temporary, `${name}\n`);
    await rename(temporary, pointer);
    this.logger.info({ version: name, previous: local }, 'knowledge base: pulled the shared version');
    return true;
  }

  /** Makes sure version `name` is on this replica's disk; false when the shared storage does not have it either. */
  private async fetchVersion(name: string): Promise<boolean> {
    if ((await this.versions.list()).includes(name)) return true;
    const files = await this.storage.fetch(name);
    if (!files) return false;
    const staging = await this.versions.createStaging();
    try {
      await unpack(files, staging);
      await rm(this.versions.dirOf(name), { recursive: true, force: true });
      await rename(staging, this.versions.dirOf(name));
    } catch (error) {
      await this.versions.discard(staging);
      throw error;
    }
    return true;
  }

  /** A delta version goes up alone (a few passages), naming its base, which went up when it was published. */
  private async push(name: string): Promise<void> {
    const base = await this.versions.baseOf(name);
    await this.storage.publish(name, await pack(this.versions.dirOf(name)), ...(base ? [base] : []));
  }

  /** Publishes this replica's version when the shared storage has none yet (a first start, or a store just migrated). */
  async pushIfMissing(): Promise<void> {
    const local = await this.versions.current();
    if (!local || (await this.storage.current())) return;
    const base = await this.versions.baseOf(local);
    if (base) await this.push(base);
    await this.push(local);
  }

  /**
   * Pulls every `intervalMs` (not while this replica builds: the build pushes its own result)
   * and runs `pulled` after a new version arrived, so it is served within one interval.
   */
  watch(intervalMs: number, pulled: () => Promise<unknown>): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.building > 0) return;
      this.pull()
        .then((changed) => (changed ? pulled() : undefined))
        .catch((error: unknown) => this.logger.warn({ err: error }, 'could not pull the shared knowledge-base version'));
    }, intervalMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
