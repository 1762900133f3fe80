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
});
