import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCliAsync } from '../../testkit/cli.js';
import { startPostgres, type PostgresCluster } from '../../testkit/postgres.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

describe('aftercare store migrate --to postgres://…', () => {
  let cluster: PostgresCluster;
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  const dir = () => {
    const made = tempDir();
    dirs.push(made);
    return made.path;
  };

  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.stop();
    for (const made of dirs) made.remove();
  });

  it(
    'moves conversations, staff accounts and the knowledge base of a SQLite store into Postgres, where a replica on another machine carries on',
    { timeout: 180_000 },
    async () => {
      const sqliteDir = dir();
      const before = await testRuntime(sqliteDir);
      await before.engine.handle(message('moving-1', 'How long does a refund take to reach my card?'));
      await before.engine.handle(message('moving-1', 'This is the worst service ever, I want to talk to a human now!'));
      await before.staffAccounts.create({ username: 'alex', name: 'Alex', role: 'admin', password: 'correct horse battery staple' }, { id: 'test', name: 'Test' });
      const upload = await before.knowledge.ingest([
        { id: 'gift-wrapping.md', bytes: Buffer.from('# Gift wrapping\n\nWe wrap gifts in recycled kraft paper for 3 euros.\n'), modified: new Date(), standalone: true },
      ]);
      expect(upload.added).toEqual(['gift-wrapping.md']);
      await before.close();

      const url = await cluster.createDatabase();
      const migrated = await runCliAsync(['store', 'migrate', '--to', url], { env: cliEnv(sqliteDir) });
      expect(migrated.stderr).toBe('');
      expect(migrated.status).toBe(0);
      expect(migrated.stdout).toMatch(/conversations: 1 rows/);
      expect(migrated.stdout).toMatch(/messages: 4 rows/);

      // A replica with an empty data directory of its own, pointed at the database.
      const after = await testRuntime(dir(), { env: { DATABASE_URL: url } });
      try {
        expect(after.components.store).toMatch(/^postgres \(postgres:\/\/postgres@127\.0\.0\.1:\d+\//);
        const conversation = (await after.store.conversations.findByKey('test', 'moving-1'))!;
        expect(conversation.state).toBe('escalated');
        expect((await after.store.escalations.open(conversation.id))?.reasons).toContain('human_requested');
        expect((await after.store.staffAccounts.findByUsername('alex'))?.name).toBe('Alex');
        expect(after.knowledge.documents().map((d) => d.id)).toContain('gift-wrapping.md');
        const old = await after.store.messages.recent(conversation.id, 10);
        await after.engine.handle(message('moving-1', 'Thanks, I will wait for someone.'));
        const now = await after.store.messages.recent(conversation.id, 10);
        expect(now.length).toBeGreaterThan(old.length);
        expect(now.at(-1)!.id).toBeGreaterThan(old.at(-1)!.id);
      } finally {
        await after.close();
      }

      // A second run would mix two stores: it refuses.
      const again = await runCliAsync(['store', 'migrate', '--to', url], { env: cliEnv(sqliteDir) });
      expect(again.status).not.toBe(0);
      expect(again.stderr).toMatch(/already holds conversations/);
    },
  );
});
