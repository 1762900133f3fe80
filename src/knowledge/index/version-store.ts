import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

const versionName = (n: number) => `v${String(n).padStart(6, '0')}`;
const versionPattern = /^v(\d{6,})$/;

/**
 * Index versions on disk: `versions/v000007/` are immutable once published, and `CURRENT`
 * names the live one. A new version is written to a staging folder beside them, renamed into
 * place, and only then does `CURRENT` change, by an atomic rename; readers in any process
 * see either the old version or the new one, never half of one.
 */
export class VersionStore {
  readonly versionsDir: string;
  private readonly pointer: string;

  constructor(readonly root: string) {
    this.versionsDir = join(root, 'versions');
    this.pointer = join(root, 'CURRENT');
  }

  dirOf(name: string): string {
    return join(this.versionsDir, name);
  }

  async current(): Promise<string | null> {
    try {
      const name = (await readFile(this.pointer, 'utf8')).trim();
      return versionPattern.test(name) ? name : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Published versions, newest first. */
  async list(): Promise<string[]> {
    try {
      const names = (await readdir(this.versionsDir)).filter((name) => versionPattern.test(name));
      return names.sort((a, b) => Number(versionPattern.exec(b)![1]) - Number(versionPattern.exec(a)![1]));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  static numberOf(name: string): number {
    return Number(versionPattern.exec(name)?.[1] ?? 0);
  }

  async createStaging(): Promise<string> {
    const dir = join(this.versionsDir, `.staging-${process.pid}-${randomUUID()}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Moves a finished staging folder into place as the next version and makes it current. */
  async publish(stagingDir: string): Promise<string> {
    const [newest] = await this.list();
    const name = versionName(newest ? VersionStore.numberOf(newest) + 1 : 1);
    await rename(stagingDir, this.dirOf(name));
    const temporary = `${this.pointer}.${process.pid}.${randomUUID()}`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(`${name}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.pointer);
    return name;
  }

  async discard(stagingDir: string): Promise<void> {
    await rm(stagingDir, { recursive: true, force: true });
  }

  /** The full version a delta version is stated against (delta-files.ts); null for a full version. */
  async baseOf(name: string): Promise<string | null> {
    try {
      const { base } = JSON.parse(await readFile(join(this.dirOf(name), 'manifest.json'), 'utf8')) as { base?: string };
      return base ?? null;
    } catch {
      return null;
    }
  }

  /**
   * Keeps the newest `keep` versions (and the current one), and the bases those of them that
   * are deltas need; older ones go.
   */
  async prune(keep: number): Promise<string[]> {
    const current = await this.current();
    const all = await this.list();
    const kept = new Set([...all.slice(0, keep), ...(current ? [current] : [])]);
    for (const name of [...kept]) {
      const base = await this.baseOf(name);
      if (base) kept.add(base);
    }
    const removed = all.filter((name) => !kept.has(name));
    await Promise.all(removed.map((name) => rm(this.dirOf(name), { recursive: true, force: true })));
    return removed;
  }
}
