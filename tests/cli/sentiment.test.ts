import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from '../../testkit/cli.js';
import { tempDir } from '../../testkit/runtime.js';

describe('aftercare sentiment', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => dir.remove());

  it('`aftercare sentiment "你们这是什么垃圾服务" --json` is negative, scored by the model that could load', () => {
    // The default SENTIMENT_MODEL is a hub id; with downloads off (tests never download) the
    // bundled model serves, and stderr says why.
    const result = runCli(['sentiment', '你们这是什么垃圾服务', '--json'], { env: cliEnv(dir.path), viaNpx: true });
    expect(result.status, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(output).sort()).toEqual(['label', 'language', 'model', 'score']);
    expect(output).toMatchObject({ label: 'negative', language: 'zh', model: 'tiny-bert-sentiment-zh-en+lexicon-v2' });
    expect(output.score).toBeGreaterThan(0.5);
    expect(result.stderr).toContain('SENTIMENT_ALLOW_DOWNLOAD=false');
    expect(result.stderr).toContain('not a production model');
  });

  it('with SENTIMENT_MODEL=lexicon it says the lexicon scored it', () => {
    const result = runCli(['sentiment', 'Thanks, that was really helpful!', '--json'], { env: cliEnv(dir.path, { SENTIMENT_MODEL: 'lexicon' }) });
    expect(JSON.parse(result.stdout)).toMatchObject({ label: 'positive', model: 'lexicon-v2', language: 'en' });
  });

  it('--explain shows the model probabilities, the lexicon cues and the blend', () => {
    const result = runCli(['sentiment', 'Where is my order?', '--explain'], { env: cliEnv(dir.path) });
    const output = JSON.parse(result.stdout) as { label: string; explanation: { model: { probabilities: Record<string, number> }; blend: { discounted: boolean } } };
    expect(output.label).toBe('neutral');
    expect(output.explanation.model.probabilities.negative).toBeGreaterThan(0.5);
    expect(output.explanation.blend.discounted).toBe(true);
  });

  it('--jsonl scores {"text"} lines in order, keeps ids, and reports a bad line in its place', () => {
    const input = ['{"text":"太差了，气死我了","id":1}', 'not json', '{"txt":"missing text"}', '{"text":"Thank you so much!","id":"b"}', ''].join('\n');
    const result = runCli(['sentiment', '--jsonl'], { env: cliEnv(dir.path), input });
    expect(result.status).toBe(1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ id: 1, label: 'negative', language: 'zh' });
    expect(lines[1]).toMatchObject({ line: 2, error: expect.any(String) });
    expect(lines[2]).toMatchObject({ line: 3, error: expect.stringContaining('text') });
    expect(lines[3]).toMatchObject({ id: 'b', label: 'positive', language: 'en' });
  });

  it('without a text or --jsonl it explains what it needs', () => {
    const result = runCli(['sentiment'], { env: cliEnv(dir.path) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('give a text to score');
  });
});
