import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../../testkit/runtime.js';

const bin = join(repoRoot, 'bin/aftercare.js');
const started = new Set<ChildProcess>();

export interface ServeProcess {
  url: string;
  pid: number;
  /** Every JSON log line the server wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** `kill -9`: no shutdown hook runs, nothing is flushed; resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM, the graceful stop; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * A real `aftercare serve` child process on 127.0.0.1, for tests that crash it: resolves once
 * it logs that it is listening. `env` is the whole environment (see `cliEnv`).
 */
export async function startServeProcess(env: NodeJS.ProcessEnv, options: { startTimeoutMs?: number } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [bin, 'serve'], {
    cwd: repoRoot,
    env: { ...env, LOG_LEVEL: env.LOG_LEVEL === 'debug' ? 'debug' : 'info', PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => started.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr = (stderr + String(chunk)).slice(-4000)));
  const logs: Array<Record<string, unknown>> = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`aftercare serve did not listen within ${options.startTimeoutMs ?? 240_000} ms: ${stderr}`)),
      options.startTimeoutMs ?? 240_000,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (typeof entry.msg === 'string' && entry.msg.startsWith('aftercare is running') && typeof entry.url === 'string') {
        clearTimeout(timer);
        resolve(entry.url);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`aftercare serve exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    logs,
    async kill9() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Kills (SIGKILL) every server this test file started that is still running: for `afterAll`. */
export async function killAllServeProcesses(): Promise<void> {
  await Promise.all(
    [...started].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    }),
  );
}
