import Database from 'better-sqlite3';
import { existsSync, openSync, readdirSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { cliEnv, runCliAsync } from '../../testkit/cli.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

interface Readiness {
  status: string;
  problems?: string[];
}

describe('/readyz tells the truth', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function serve(dataDir: string): Promise<{ runtime: Runtime; server: RunningServer }> {
    const runtime = await testRuntime(dataDir);
    const server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
    cleanups.push(async () => {
      await server.close();
      await runtime.close();
    });
    return { runtime, server };
  }
  const readiness = async (server: RunningServer) => {
    const response = await fetch(`${server.url}/readyz`);
    return { code: response.status, ...((await response.json()) as Readiness) };
  };

  it('is not ready while the store cannot write a turn (another process holds the write lock), and ready again after', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const { server } = await serve(dir.path);
    expect(await readiness(server)).toMatchObject({ code: 200, status: 'ready' });

    const other = new Database(join(dir.path, 'aftercare.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    const blocked = await readiness(server);
    other.exec('ROLLBACK');
    other.close();
    expect(blocked).toMatchObject({ code: 503, status: 'not_ready' });
    expect(blocked.problems!.join()).toMatch(/^store: a turn cannot be written \(database is locked\)/);
    expect(await readiness(server)).toMatchObject({ code: 200, status: 'ready' });
  });

  it('is not ready while no knowledge base version loads (0 passages), and says why', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const first = await testRuntime(dir.path);
    const version = first.knowledge.version!;
    await first.close();
    // The only version's passages are damaged on disk.
    writeFileSync(join(dir.path, 'knowledge', 'versions', version, 'chunks.json'), '{"truncated": ');
    const { runtime, server } = await serve(dir.path);
    expect(runtime.knowledge.size).toBe(0);
    const state = await readiness(server);
    expect(state).toMatchObject({ code: 503, status: 'not_ready' });
    expect(state.problems!.join()).toMatch(new RegExp(`^knowledge base: no version loaded \\(0 passages\\): could not load ${version}`));
  });
});

describe('start-up refuses an unusable database file', () => {
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

  const serveOnce = (dataDir: string) => runCliAsync(['serve'], { env: cliEnv(dataDir, { PORT: '0', HOST: '127.0.0.1' }) });

  it('a 0-byte file: names it, says how to restore it, exits non-zero, and leaves it as it was', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir.path, 'aftercare.sqlite');
    writeFileSync(file, '');
    const { status, stderr } = await serveOnce(dir.path);
    expect(status).toBe(65);
    expect(stderr).toContain(`aftercare: ${file} is empty (0 bytes)`);
    expect(stderr).toContain('copy your latest backup of aftercare.sqlite over');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(statSync(file).size).toBe(0);
  }, 90_000);

  it('a damaged file: names it and the damage, exits non-zero without a stack trace', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const runtime = await testRuntime(dir.path);
    for (let i = 0; i < 30; i++) await runtime.engine.handle(message(`c-${i}`, `Where is my order ${i}? It has been a week and nobody answers.`));
    await runtime.close();
    const file = join(dir.path, 'aftercare.sqlite');
    expect(readdirSync(dir.path).filter((name) => name.endsWith('-wal') && statSync(join(dir.path, name)).size > 0)).toEqual([]);
    // Garbage over every page after the schema: table and index pages alike.
    const fd = openSync(file, 'r+');
    const pageSize = 4096;
    for (let offset = 2 * pageSize; offset < statSync(file).size; offset += pageSize) writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, offset + 8);
    closeSync(fd);
    const { status, stderr } = await serveOnce(dir.path);
    expect(status).toBe(65);
    expect(stderr).toMatch(new RegExp(`aftercare: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is (damaged|not a usable SQLite database)`));
    expect(stderr).toContain('backup');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(file)).toBe(true);
  }, 90_000);
});
