import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../testkit/postgres.js';
import type { Figure } from './lib/report.js';
import { percentile, round } from '../src/stats.js';

export interface StoreBenchOptions {
  seconds: number;
  /** Conversations each process runs at once. */
  concurrency: number;
}

interface WorkerResult {
  turns: number;
  elapsedMs: number;
  latencies: number[];
}

function runWorker(name: string, dataDir: string, options: StoreBenchOptions, env: Record<string, string>): Promise<WorkerResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'lib/store-turn-worker.ts'), name, dataDir, String(options.seconds), String(options.concurrency)],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout!.on('data', (chunk) => (out += String(chunk)));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`store bench worker ${name} exited with ${code}`));
      else resolve(JSON.parse(line) as WorkerResult);
    });
  });
}

/** Turns/s over all processes (each measured over its own window, summed) and p95 over every turn. */
function figuresOf(label: string, results: WorkerResult[]): { perSecond: number; p95: number } {
  const perSecond = results.reduce((sum, r) => sum + r.turns / (r.elapsedMs / 1000), 0);
  const p95 = percentile(
    results.flatMap((r) => r.latencies),
    95,
  );
  process.stderr.write(`bench: store ${label}: ${results.map((r) => r.turns).join(' + ')} turns, ${round(perSecond, 1)} turns/s, p95 ${round(p95, 1)} ms\n`);
  return { perSecond, p95 };
}

/**
 * Whole turns on the embedded SQLite store with one process, then on Postgres with two
 * processes (two replicas) sharing one database: the price of leaving one machine. The
 * target is Postgres×2 at 80% or more of SQLite's turns/s. Postgres here is a throwaway
 * local cluster without fsync, as the tests use; a managed database adds its network round trips.
 */
export async function storeBench(options: StoreBenchOptions): Promise<Figure[]> {
  const dirs: string[] = [];
  const dir = () => {
    const path = mkdtempSync(join(tmpdir(), 'aftercare-bench-store-'));
    dirs.push(path);
    return path;
  };
  const cluster = await startPostgres();
  try {
    const sqlite = figuresOf('sqlite ×1', [await runWorker('sqlite', dir(), options, {})]);
    const url = await cluster.createDatabase('bench_store');
    // The first replica migrates and seeds the knowledge base; then both run together.
    const pg = figuresOf('postgres ×2', await Promise.all([runWorker('pg-a', dir(), options, { DATABASE_URL: url }), runWorker('pg-b', dir(), options, { DATABASE_URL: url })]));
    const ratio = pg.perSecond / sqlite.perSecond;
    return [
      {
        section: 'store',
        name: 'SQLite, 1 process: turns/s',
        value: round(sqlite.perSecond, 1),
        unit: 'turns/s',
        note: `${options.concurrency} conversations at once, ${options.seconds} s`,
      },
      { section: 'store', name: 'SQLite, 1 process: p95 turn', value: round(sqlite.p95, 1), unit: 'ms' },
      {
        section: 'store',
        name: 'Postgres, 2 processes: turns/s',
        value: round(pg.perSecond, 1),
        unit: 'turns/s',
        note: `${options.concurrency} conversations at once per process`,
      },
      { section: 'store', name: 'Postgres, 2 processes: p95 turn', value: round(pg.p95, 1), unit: 'ms' },
      { section: 'store', name: 'Postgres ×2 / SQLite ×1 turns/s', value: round(ratio * 100, 0), unit: '%', target: { op: '>=', value: 80 } },
    ];
  } finally {
    await cluster.stop();
    for (const path of dirs) rmSync(path, { recursive: true, force: true });
  }
}
