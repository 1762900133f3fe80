import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../testkit/runtime.js';

/** Runs vitest as `npm test` does, on a fast file and a browser test file, with Chromium "missing". */
async function vitestWithoutChromium(env: Record<string, string>) {
  const child = spawn(process.execPath, [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', 'tests/text/language.test.ts', 'tests/web/widget-browser.test.ts'], {
    cwd: repoRoot,
    env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium', AFTERCARE_BROWSER_TESTS: '', NO_COLOR: '1', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { status, output };
}

describe('a machine without Chromium', { timeout: 120_000 }, () => {
  it('passes, and says the browser tests were not run, why, and how to install Chromium', async () => {
    const { status, output } = await vitestWithoutChromium({});
    expect(status, output).toBe(0);
    expect(output).toContain('Browser tests NOT RUN');
    expect(output).toContain('no Chromium at /nonexistent/chromium');
    expect(output).toContain('apt-get install -y chromium');
    expect(output).toMatch(/language\.test\.ts/);
    expect(output).not.toMatch(/widget-browser\.test\.ts/);
  });

  it('fails in CI, where the browser tests are required', async () => {
    const { status, output } = await vitestWithoutChromium({ AFTERCARE_BROWSER_TESTS: 'required' });
    expect(status).not.toBe(0);
    expect(output).toContain('AFTERCARE_BROWSER_TESTS=required but there is no Chromium at /nonexistent/chromium');
  });
});
