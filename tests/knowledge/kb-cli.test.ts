import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from '../../testkit/cli.js';
import { fixturePolicies } from '../helpers/knowledge.js';
import { tempDir } from '../../testkit/runtime.js';

interface Result {
  source: string;
  section?: string;
  text: string;
  score: number;
  translation?: { source: string; section?: string };
}
const cite = (r: Result) => `${r.source} § ${r.section}`;

// Each test runs the real command several times; on a busy 2-core machine one run takes seconds.
describe('aftercare kb (the knowledge base from the command line)', { timeout: 120_000 }, () => {
  let dir: ReturnType<typeof tempDir>;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    dir = tempDir();
    env = cliEnv(dir.path);
  });
  afterAll(() => dir.remove());

  it('`kb ingest` then `kb search --json`: the Chinese question finds 第二十五条 first or second', () => {
    const ingest = runCli(['kb', 'ingest', fixturePolicies], { env, viaNpx: true });
    expect(ingest.status, ingest.stderr).toBe(0);
    expect(ingest.stdout).toMatch(/^v000001 is live \(was empty\): 8 documents, \d+ passages/);
    expect(ingest.stdout).toContain('added      zh_law_consumer_rights_protection_2013.md');

    const search = runCli(['kb', 'search', '拆封的软件光盘还能无理由退货吗', '--json'], { env, viaNpx: true });
    expect(search.status, search.stderr).toBe(0);
    const results = JSON.parse(search.stdout) as Result[];
    expect(results.slice(0, 2).map(cite)).toContain('zh_law_consumer_rights_protection_2013.md § 第二十五条');
    expect(results[0]).toEqual(expect.objectContaining({ source: expect.any(String), text: expect.any(String), score: expect.any(Number) }));
  });

  it('`kb search --jsonl` answers each {"q"} line with one JSON array, and a bad line with an error in its place', () => {
    const input = [
      JSON.stringify({ q: 'Can I return opened software within seven days without giving a reason?' }),
      'not json',
      JSON.stringify({ q: 'Does the reTerminal DM warranty cover a unit I took apart and modified?', k: 3 }),
      JSON.stringify({ q: 'Do you sell garden furniture?' }),
    ].join('\n');
    const result = runCli(['kb', 'search', '--jsonl'], { env, input });
    expect(result.status).toBe(1);
    const [english, bad, pair, none] = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Result[] & { line?: number });
    // An English question about a document written in Chinese finds it…
    expect(english!.slice(0, 5).map(cite)).toContain('zh_law_consumer_rights_protection_2013.md § 第二十五条');
    expect(bad).toMatchObject({ line: 2 });
    // …and through the zh/en warranty pair, the Chinese warranty comes with the English one.
    expect(pair!.length).toBeLessThanOrEqual(3);
    expect(pair!.map((r) => r.translation?.source)).toContain('zh_seeed_reterminal_dm_warranty.md');
    expect(none).toEqual([]);
  });

  it('`kb list`, `kb remove` and a broken file: the error names the file and the old version keeps serving', () => {
    const list = JSON.parse(runCli(['kb', 'list', '--json'], { env }).stdout) as { version: string; documents: Array<{ id: string; version: string; revision: number }> };
    expect(list.version).toBe('v000001');
    expect(list.documents.find((d) => d.id === 'zh_law_ecommerce_2018.md')).toMatchObject({ version: '2018-08-31', revision: 1 });

    const removed = runCli(['kb', 'remove', 'zh_law_ecommerce_2018.md'], { env });
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('v000002 is live (was v000001): 7 documents');

    const broken = join(dir.path, 'broken.pdf');
    writeFileSync(broken, '%PDF-1.7 not a pdf at all');
    const failed = runCli(['kb', 'ingest', broken], { env });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/aftercare: nothing was ingested: broken\.pdf: is not a readable PDF .*v000002 keeps serving\./);
    expect(failed.stderr).not.toMatch(/\n\s+at /);

    expect(readFileSync(join(dir.path, 'knowledge/CURRENT'), 'utf8').trim()).toBe('v000002');
    expect(readdirSync(join(dir.path, 'knowledge/versions'))).toEqual(['v000001', 'v000002']);
  });
});
