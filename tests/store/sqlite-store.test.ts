import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../../testkit/runtime.js';

describe('SQLite store', () => {
  const dir = tempDir();
  afterEach(() => dir.remove());

  it('creates its schema in WAL mode under the data directory, and reopens without migrating twice', async () => {
    const first = SqliteStore.open(dir.path, { lockLeaseMs: 1000 });
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const version = first.db.pragma('user_version', { simple: true });
    expect(version).toBeGreaterThan(0);
    const conversation = await first.conversations.getOrCreate({ channel: 'c', conversationKey: 'k', userId: 'u' });
    await first.close();

    const second = SqliteStore.open(dir.path, { lockLeaseMs: 1000 });
    expect(second.db.pragma('user_version', { simple: true })).toBe(version);
    expect(await second.conversations.findByKey('c', 'k')).toMatchObject({ id: conversation.id, state: 'bot' });
    await second.close();
  });

  it('refuses a database written by a newer version instead of corrupting it', async () => {
    const store = SqliteStore.open(dir.path, { lockLeaseMs: 1000 });
    store.db.pragma('user_version = 999');
    await store.close();
    expect(() => SqliteStore.open(dir.path, { lockLeaseMs: 1000 })).toThrow(/newer than this build/);
  });

  it('a lease left by a dead worker expires and the lock can be taken', async () => {
    const store = SqliteStore.open(dir.path, { lockLeaseMs: 1000 });
    store.db.prepare('INSERT INTO locks (key, owner, expires_at) VALUES (?, ?, ?)').run('k', 'dead-worker', Date.now() - 1);
    await expect(store.locks.runExclusive('k', async () => 'ran')).resolves.toBe('ran');
    await store.close();
  });

  it('several processes starting at once on a new data directory all open the same database', { timeout: 60_000 }, async () => {
    const work = join(dir.path, 'race');
    mkdirSync(work, { recursive: true });
    const go = join(work, 'go');
    const opener = join(work, 'open.mts');
    const store = resolve(import.meta.dirname, '../../src/store/sqlite/sqlite-store.ts');
    // Each process waits for the same go file, so the openings race as replicas started together do.
    writeFileSync(
      opener,
      `import { existsSync } from 'node:fs';
       import { SqliteStore } from ${JSON.stringify(store)};
       process.stdout.write('ready\\n');
       while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setImmediate(r));
       const store = SqliteStore.open(${JSON.stringify(join(work, 'data'))}, { lockLeaseMs: 1000 });
       await store.conversations.getOrCreate({ channel: 'c', conversationKey: String(process.pid), userId: 'u' });
       await store.close();`,
    );
    const ready: Promise<void>[] = [];
    const runs = Array.from({ length: 6 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', opener], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<{ code: number | null; stderr: string }>((done) => child.on('exit', (code) => done({ code, stderr })));
      ready.push(new Promise((done) => child.stdout.once('data', () => done())));
      return exited;
    });
    await Promise.race([Promise.all(ready), Promise.all(runs)]);
    writeFileSync(go, '');
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    const reopened = SqliteStore.open(join(work, 'data'), { lockLeaseMs: 1000 });
    expect(reopened.db.prepare('SELECT COUNT(*) AS n FROM conversations').get()).toEqual({ n: 6 });
    await reopened.close();
  });
});
