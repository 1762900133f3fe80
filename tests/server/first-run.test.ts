import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { cliEnv, runCli } from '../../testkit/cli.js';
import { repoRoot, tempDir, testRuntime } from '../../testkit/runtime.js';

const bin = join(repoRoot, 'bin/aftercare.js');

/** A user's shell: no LOG_LEVEL of the test runner's, nothing but what they would set. */
function userEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = cliEnv(dataDir, { HOST: '127.0.0.1' });
  delete env.LOG_LEVEL;
  delete env.LOG_FORMAT;
  return { ...env, ...extra };
}

describe('GET / — the start page', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;

  beforeAll(async () => {
    dir = tempDir();
    runtime = await testRuntime(dir.path, { env: { ADMIN_TOKEN: 'start-page-admin-token-0123456789' } });
    server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await runtime.close();
    dir.remove();
  });

  it('says what is running and links to the widget demo, the console, /readyz and the docs', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<h1>aftercare is running</h1>');
    expect(html).toMatch(/Channels<\/th><td>[^<]*web widget/);
    expect(html).toMatch(/Knowledge base<\/th><td>\d+ documents, \d+ passages/);
    expect(html).toContain('quoted from the best policy passage');
    const links = [...html.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]);
    expect(links).toEqual(['/widget/demo', '/admin', '/readyz', '/docs/']);
    // Every link leads somewhere.
    for (const link of links) {
      const followed = await fetch(`${server.url}${link}`, { redirect: 'manual' });
      expect([200, 303], link).toContain(followed.status);
    }
    const docs = await fetch(`${server.url}/docs/`);
    expect(docs.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await docs.text()).toContain('# aftercare documentation');
    expect((await fetch(`${server.url}/docs/channels/widget.md`)).status).toBe(200);
  });

  it('names what to set for what is off', async () => {
    const plain = await testRuntime(dir.path);
    const other = await startServer(plain, createMetrics(), { host: '127.0.0.1', port: 0 });
    try {
      expect(await (await fetch(`${other.url}/`)).text()).toContain('off: set ADMIN_TOKEN to turn it on');
    } finally {
      await other.close();
      await plain.close();
    }
  });
});

describe('`npm start` on a first run', { timeout: 120_000 }, () => {
  it('prints the start page, widget demo, console, readiness and docs URLs once, in plain words', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [bin, 'serve'], { cwd: repoRoot, env: userEnv(dir.path, { PORT: '0' }) });
    try {
      const lines: string[] = [];
      const running = new Promise<Record<string, unknown>>((resolve, reject) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          lines.push(line);
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (String(entry.msg).startsWith('aftercare is running')) resolve(entry);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const entry = await running;
      const url = String(entry.url);
      expect(entry.msg).toBe(
        `aftercare is running. Open start page ${url} · widget demo ${url}/widget/demo · ` +
          `admin console ${url}/admin (off: set ADMIN_TOKEN to turn it on) · readiness ${url}/readyz · docs ${url}/docs/`,
      );
      expect(lines.filter((line) => line.includes('/widget/demo'))).toHaveLength(1);
      expect((await fetch(`${url}/`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
      dir.remove();
    }
  });

  it('a port in use: says which port and how to pick another, without a stack trace', async () => {
    const dir = tempDir();
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = runCli(['serve'], { env: userEnv(dir.path, { PORT: String(port) }) });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`aftercare: port ${port} on 127.0.0.1 is already in use`);
      expect(result.stderr).toContain(`PORT=${port + 1} npm start`);
      expect(result.stderr).not.toMatch(/EADDRINUSE|\n\s+at /);
    } finally {
      blocker.close();
      dir.remove();
    }
  });

  it('logs readable lines on a terminal and JSON when piped', () => {
    const dir = tempDir();
    try {
      // `script` gives the command a pseudo-terminal, as a person's shell would.
      const onTerminal = spawnSync('script', ['-qec', `${process.execPath} ${bin} chat --message hello`, '/dev/null'], {
        cwd: repoRoot,
        env: userEnv(dir.path, { LOG_LEVEL: 'info' }),
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(onTerminal.stdout).toMatch(/^\[?\d\d:\d\d:\d\d(?:\.\d+)?\]? .*INFO.*: /m);
      expect(onTerminal.stdout).not.toMatch(/^\{"level"/m);

      expect(onTerminal.stdout).toContain('runtime ready');
      const piped = runCli(['chat', '--message', 'hello'], { env: userEnv(dir.path, { LOG_LEVEL: 'info' }) });
      const logLines = piped.stderr.split('\n').filter(Boolean);
      expect(logLines.length).toBeGreaterThan(0);
      for (const line of logLines) expect(() => JSON.parse(line), line).not.toThrow();
    } finally {
      dir.remove();
    }
  });
});

describe('`aftercare chat` at the prompt', { timeout: 120_000 }, () => {
  it('shows one short line on which models serve, not log lines; --verbose shows the details', () => {
    const dir = tempDir();
    try {
      const quiet = runCli(['chat'], { env: userEnv(dir.path), input: 'Thanks!\n' });
      expect(quiet.status, quiet.stderr).toBe(0);
      expect(quiet.stderr).toBe('');
      const [first, second] = quiet.stdout.split('\n');
      expect(first).toMatch(
        /^Models: replies quote the policies \(no LLM\); sentiment tiny-bert-sentiment-zh-en \(research-only\) \+ lexicon; intent \S+; search BM25 \+ .+\. --verbose for details$/,
      );
      expect(first!.length).toBeLessThan(200);
      expect(second).toMatch(/^aftercare chat: conversation /);
      expect(quiet.stdout).toContain("bot> You're welcome!");

      const verbose = runCli(['chat', '--verbose'], { env: userEnv(dir.path), input: '' });
      expect(verbose.status, verbose.stderr).toBe(0);
      expect(verbose.stdout).toContain('"sentimentModel"');
      expect(verbose.stderr).toContain('runtime ready');
    } finally {
      dir.remove();
    }
  });
});
