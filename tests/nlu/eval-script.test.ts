import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../testkit/runtime.js';

describe('npm run eval:sentiment on a fresh clone (no ../shared)', () => {
  it('says the review sets are skipped and why, and still evaluates escalation on our own set', () => {
    const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/eval-sentiment.ts', '--sets', 'v4'], {
      cwd: repoRoot,
      env: { ...process.env, SHARED_DIR: '/nonexistent/shared', SENTIMENT_ALLOW_DOWNLOAD: 'false', LOG_LEVEL: 'error' },
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('SKIPPED: the shared data was not found at /nonexistent/shared/data');
    expect(result.stdout).toContain('model: tiny-bert-sentiment-zh-en (q8, fallback');
    expect(result.stdout).toMatch(/configured model \+ lexicon: tiny-bert-sentiment-zh-en\+lexicon-v2\n {2}escalate vs not: precision \d\.\d{3} {2}recall \d\.\d{3}/);
    expect(result.stdout).toMatch(/lexicon only \(SENTIMENT_MODEL=lexicon\): lexicon-v2\n {2}escalate vs not: precision/);
    expect(result.stdout).toContain('| frustration_trend | 12 |');
  }, 180_000);
});
