import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../../testkit/runtime.js';

/** A small project laid out like this one, with each forbidden import once and each allowed direction beside it. */
const fixture: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
  'src/domain/types.ts': "import type { Turn } from '../core/turn.js';\nexport type Language = 'en' | 'zh';\nexport type Echo = Turn;\n",
  'src/core/turn.ts': "import type { Language } from '../domain/types.js';\nexport interface Turn { language: Language }\n",
  'src/core/ports.ts': 'export interface TurnStore { commit(): Promise<void> }\n',
  'src/core/engine.ts': [
    "import type { TurnStore } from './ports.js';",
    "import { redact } from '../text/redact.js';",
    "import type { SqliteStore } from '../store/sqlite.js';",
    "import { slackChannel } from '../../adapters/slack/index.js';",
    'export const parts = [redact, slackChannel];',
    'export type Stores = TurnStore | SqliteStore;',
  ].join('\n'),
  'src/store/sqlite.ts': "import type { TurnStore } from '../core/ports.js';\nexport class SqliteStore implements TurnStore { async commit() {} }\n",
  'src/text/redact.ts': "import { lexicon } from '../nlu/lexicon.js';\nexport const redact = (text: string) => text + lexicon;\n",
  'src/nlu/lexicon.ts': "export const lexicon = '';\n",
  'adapters/slack/index.ts': "import type { Turn } from '../../src/core/turn.js';\nexport const slackChannel = (turn: Turn) => turn;\n",
  'src/server/app.ts': "import { fakeSlack } from '../../testkit/fake-slack.js';\nexport const app = fakeSlack;\n",
  'testkit/fake-slack.ts': "export const fakeSlack = 'fake';\n",
  'scripts/eval.ts': "import { fakeSlack } from '../testkit/fake-slack.js';\nimport { only } from '../tests/helpers/only-for-tests.js';\nexport const run = [fakeSlack, only];\n",
  'tests/helpers/only-for-tests.ts': 'export const only = 1;\n',
  'tests/engine.test.ts': "import { only } from './helpers/only-for-tests.js';\nimport { fakeSlack } from '../testkit/fake-slack.js';\nexport const t = [only, fakeSlack];\n",
};

/** Runs the repository's import check on the fixture, reporting as `npm run check:imports` does. */
async function checkImports(cwd: string): Promise<{ status: number | null; output: string }> {
  const depcruise = join(repoRoot, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const args = [depcruise, 'src', 'adapters', 'testkit', 'tests', 'scripts', '--config', join(repoRoot, '.dependency-cruiser.cjs')];
  const child = spawn(process.execPath, args, { cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { status, output: stdout + stderr };
}

describe('the import-direction check', { timeout: 60_000 }, () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('fails naming every import that points the wrong way, and only those', async () => {
    for (const [path, text] of Object.entries(fixture)) {
      mkdirSync(dirname(join(dir.path, path)), { recursive: true });
      writeFileSync(join(dir.path, path), text);
    }
    const { status, output } = await checkImports(dir.path);
    expect(status, output).not.toBe(0);
    const found = [...output.matchAll(/^\s*error (.+)$/gm)].map((m) => m[1]!.trim()).sort();
    expect(found).toEqual(
      [
        'core-imports-no-implementation: src/core/engine.ts → adapters/slack/index.ts',
        'core-imports-no-implementation: src/core/engine.ts → src/store/sqlite.ts',
        'domain-imports-nothing: src/domain/types.ts → src/core/turn.ts',
        'nothing-imports-tests: scripts/eval.ts → tests/helpers/only-for-tests.ts',
        'product-imports-no-testkit: src/server/app.ts → testkit/fake-slack.ts',
        'text-utilities-import-only-the-domain: src/text/redact.ts → src/nlu/lexicon.ts',
      ].sort(),
    );
  });
});
