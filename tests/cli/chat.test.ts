import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeSchema } from '../../src/domain/schemas.js';
import { cliEnv, cliTestTimeoutMs, runCli } from '../../testkit/cli.js';
import { tempDir } from '../../testkit/runtime.js';

describe('aftercare chat', { timeout: cliTestTimeoutMs }, () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => dir.remove());

  it('`npx aftercare chat --message … --json` prints one valid outcome', () => {
    const result = runCli(['chat', '--message', 'Where is my order?', '--json'], { env: cliEnv(dir.path), viaNpx: true });
    expect(result.status, result.stderr).toBe(0);
    const outcome = outcomeSchema.parse(JSON.parse(result.stdout));
    expect(outcome).toMatchObject({ language: 'en', intent: 'order_status', escalated: false, duplicate: false });
    expect(outcome.reply.length).toBeGreaterThan(20);
  });

  it('--jsonl answers each line in order from one process, continuing the conversation', () => {
    const input = '{"conversation":"a","text":"hi"}\n{"conversation":"a","text":"转人工"}\n';
    const result = runCli(['chat', '--jsonl'], { env: cliEnv(dir.path), input });
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => outcomeSchema.parse(JSON.parse(line)));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ conversation: 'a', intent: 'greeting', escalated: false });
    expect(lines[1]).toMatchObject({ conversation: 'a', language: 'zh', escalated: true, escalationReasons: ['human_requested'] });
  });

  it('--jsonl reports a bad line in its place and carries on', () => {
    const input = '{"conversation":"b","text":"hello"}\nnot json\n{"text":"no conversation"}\n{"conversation":"b","text":"退款多久到账"}\n';
    const result = runCli(['chat', '--jsonl'], { env: cliEnv(dir.path), input });
    expect(result.status).toBe(1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatchObject({ line: 2 });
    expect(lines[2]).toMatchObject({ line: 3, error: expect.stringContaining('conversation') });
    expect(outcomeSchema.parse(lines[3]).citations.length).toBeGreaterThan(0);
  });

  it('--conversation continues the same conversation across invocations', () => {
    const env = cliEnv(dir.path);
    runCli(['chat', '--conversation', 'c', '--message', 'agent please', '--json'], { env });
    const result = runCli(['chat', '--conversation', 'c', '--message', 'are you there?', '--json'], { env });
    const outcome = outcomeSchema.parse(JSON.parse(result.stdout));
    expect(outcome).toMatchObject({ conversation: 'c', escalated: true, replyKind: 'waiting_for_staff' });
  });

  it('the interactive chat answers what is typed', () => {
    const result = runCli(['chat'], { env: cliEnv(dir.path), input: 'hello\nHow long does a refund take to reach my card?\n' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("bot> Hello! I'm the after-sales assistant");
    expect(result.stdout).toContain('5 to 10 business days');
  });
});
