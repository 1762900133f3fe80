import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TemplateError, Templates } from '../src/llm/templates.js';
import { cliEnv, runCli } from '../testkit/cli.js';
import { repoRoot, tempDir } from '../testkit/runtime.js';

describe('reply templates', () => {
  const dir = tempDir();
  afterEach(() => dir.remove());

  it('the shipped templates load in both languages', async () => {
    const templates = await Templates.load(join(repoRoot, 'prompts'));
    const text = templates.render('replies/answer-from-passage', 'zh', { passage: 'P', citation: 'C' });
    expect(text).toContain('P');
    expect(text).toContain('来源：C');
  });

  it.each([
    ['an unknown placeholder', 'Here: {{passage}} {{citation}} {{oops}}', 'unknown placeholder'],
    ['a missing placeholder', 'Here: {{passage}}', 'missing placeholder'],
    ['unbalanced braces', 'Here: {{passage}} {{citation}} {{', 'unbalanced'],
  ])('%s stops start-up naming the file', async (_, content, problem) => {
    cpSync(join(repoRoot, 'prompts'), dir.path, { recursive: true });
    const file = join(dir.path, 'replies/en/answer-from-passage.txt');
    writeFileSync(file, content);
    const error = await Templates.load(dir.path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain(problem);
  });

  it.each([
    ['llm/en/system.txt', (t: string) => t.replace('{{tone}}', ''), 'missing placeholder(s) {{tone}}'],
    ['llm/zh/system.txt', (t: string) => t.replaceAll('NO_ANSWER', '无答案'), 'must mention "NO_ANSWER"'],
    [
      'llm/en/answer.txt',
      (t: string) => t.replace('<customer_message>\n{{message}}\n</customer_message>', 'Customer says: {{message}}'),
      '{{message}} must sit alone between <customer_message> and </customer_message>',
    ],
    ['llm/zh/summary.txt', (t: string) => t.replace('{{turns}}', '{{turns}} {{extra}}'), 'unknown placeholder(s) {{extra}}'],
    ['llm/en/tone-negative.txt', () => '', ''],
  ])('a broken prompt %s stops start-up naming the file', async (name, edit, problem) => {
    cpSync(join(repoRoot, 'prompts'), dir.path, { recursive: true });
    const file = join(dir.path, name);
    if (name.endsWith('tone-negative.txt')) rmSync(file);
    else writeFileSync(file, edit(readFileSync(file, 'utf8')));
    const error = await Templates.load(dir.path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain(problem || 'template file is missing');
  });

  it('a value is inserted as written, never expanded as a template', async () => {
    const templates = await Templates.load(join(repoRoot, 'prompts'));
    const text = templates.render('replies/answer', 'en', { answer: 'See {{citations}} and {{answer}}', citations: 'refunds.md' });
    expect(text).toBe('See {{citations}} and {{answer}}\n\nSource: refunds.md');
  });

  it('aftercare refuses to start on a broken prompt, naming the file', () => {
    cpSync(join(repoRoot, 'prompts'), dir.path, { recursive: true });
    const file = join(dir.path, 'llm/en/system.txt');
    writeFileSync(file, 'Be helpful.');
    const data = tempDir();
    const result = runCli(['chat', '--message', 'hi', '--json'], { env: cliEnv(data.path, { PROMPTS_DIR: dir.path }) });
    data.remove();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`aftercare: ${file}`);
  });
});
