import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const bin = resolve(import.meta.dirname, '../../bin/aftercare.js');

/**
 * `aftercare serve` as production runs it (info-level JSON logs on stdout, read and dropped
 * here), resolving with its URL once it logs that it is running.
 */
export async function startServe(env: NodeJS.ProcessEnv): Promise<{ url: string; pid: number; listeningMs: number; stop(): Promise<void> }> {
  const started = performance.now();
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, bin, 'serve'], { env: { LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (process.env.BENCH_SERVER_LOG) process.stderr.write(`${line}\n`);
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg?.startsWith('aftercare is running') && entry.url) {
        resolveUrl(entry.url);
        // From here on the logs are only drained: parsing them would load the load generator.
        if (!process.env.BENCH_SERVER_LOG) {
          lines.close();
          child.stdout.resume();
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`aftercare serve exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    listeningMs: performance.now() - started,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Resident memory of a process in MiB (Linux /proc), or NaN where there is none. */
export function processRssMiB(pid: number): number {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Polls /readyz until it answers ready with the sentiment model no longer loading. */
export async function waitUntilReady(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${url}/readyz`).catch(() => null);
    if (response?.ok) {
      const body = (await response.json()) as { components?: { sentimentModel?: { state?: string } } };
      if (body.components?.sentimentModel?.state !== 'loading') return;
    }
    if (performance.now() > deadline) throw new Error(`${url} was not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
