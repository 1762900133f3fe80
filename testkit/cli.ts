import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { repoRoot } from './runtime.js';

const bin = join(repoRoot, 'bin/aftercare.js');

export function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // Never download a model in tests: offline or not, the defaults fall back to bundled or weight-free ones.
  return { ...process.env, AFTERCARE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', SENTIMENT_ALLOW_DOWNLOAD: 'false', EMBEDDING_MODEL: 'hashed', ...extra };
}

/**
 * How long one CLI process may take in a test: start-up compiles the TypeScript and loads the
 * models, which on a busy 2-core machine takes 20–40 s. Tests that spawn it use this as their timeout.
 */
export const cliTestTimeoutMs = 120_000;

/** Runs `aftercare <args>` to completion, as a user would from the shell. */
export function runCli(args: string[], options: { env: NodeJS.ProcessEnv; input?: string; viaNpx?: boolean }) {
  const [command, argv] = options.viaNpx ? ['npx', ['--no-install', 'aftercare', ...args]] : [process.execPath, [bin, ...args]];
  return spawnSync(command, argv, { cwd: repoRoot, env: options.env, input: options.input, encoding: 'utf8', timeout: cliTestTimeoutMs - 5_000 });
}

/**
 * Like `runCli`, without blocking this process: needed when the command talks to a server
 * running in the test itself (a fake model), which must keep answering meanwhile.
 */
export async function runCliAsync(args: string[], options: { env: NodeJS.ProcessEnv; input?: string }) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: options.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  child.stdin.end(options.input ?? '');
  const status = await new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { status, stdout, stderr };
}

/** Starts `aftercare serve` and resolves with its URL once it logs that it is listening. */
export async function startCliServer(env: NodeJS.ProcessEnv): Promise<{ url: string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [bin, 'serve'], { cwd: repoRoot, env: { ...env, LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1' } });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg?.startsWith('aftercare is running') && entry.url) resolve(entry.url);
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
