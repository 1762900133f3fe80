import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TemplateError, Templates } from '../src/llm/templates.js';
import { repoRoot, tempDir } from './helpers/runtime.js';

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
});
