import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../testkit/runtime.js';

describe('npm run eval:retrieval', () => {
  it("prints the customer sets' figures per part and language, decided by the real retrieve stage", () => {
    const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/eval-retrieval.ts'], {
      cwd: repoRoot,
      env: { ...process.env, EMBEDDING_MODEL: 'hashed', LOG_LEVEL: 'error' },
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(result.status, result.stderr).toBe(0);
    for (const part of ['dev', 'test']) {
      for (const lang of ['en', 'zh']) {
        expect(result.stdout).toMatch(new RegExp(`sample-shop · ${part} · ${lang} +\\d+ +\\d+\\.\\d% +\\d+\\.\\d% +\\d+\\.\\d% of +\\d+ +\\d+\\.\\d% of +\\d+`));
      }
    }
  }, 180_000);
});
