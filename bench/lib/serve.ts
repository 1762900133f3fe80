import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const bin = resolve(import.meta.dirname, '../../bin/aftercare.js');

/**
 * `aftercare serve` as production runs it (info-level JSON logs on stdout, read and dropped
 * here), resolving with its URL once it logs that it is running.
 */
export async function startServe(env: NodeJS.ProcessEnv): Promise<{ url: string; stop(): Promise<void> }> {
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
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
