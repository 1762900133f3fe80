import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeSchema } from '../../src/domain/schemas.js';
import { cliEnv, cliTestTimeoutMs, runCli, runCliAsync } from '../../testkit/cli.js';
import { startFakeOpenAi, type FakeOpenAiServer } from '../../testkit/fake-openai-server.js';
import { tempDir } from '../../testkit/runtime.js';
import { groundedModel } from '../../testkit/scripted-llm.js';

const noLlm = { OPENAI_BASE_URL: '', OPENAI_API_KEY: '' };

describe('`npx aftercare chat` answers refund questions from the sample knowledge base', { timeout: cliTestTimeoutMs }, () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => dir.remove());

  it('with no LLM configured, in English, with a citation', () => {
    const result = runCli(['chat', '--message', 'How long does a refund take to reach my card?', '--json'], { env: cliEnv(dir.path, noLlm), viaNpx: true });
    expect(result.status, result.stderr).toBe(0);
    const outcome = outcomeSchema.parse(JSON.parse(result.stdout));
    expect(outcome).toMatchObject({ language: 'en', replyKind: 'answer', citations: [{ source: 'refunds.md', section: 'How long a refund takes to reach you' }] });
    expect(outcome.reply).toContain('5 to 10 business days');
    expect(outcome.reply).toContain('Source: refunds.md § How long a refund takes to reach you');
  });

  it('with no LLM configured, in Chinese, with a citation', () => {
    const result = runCli(['chat', '--message', '退款多久能到我的银行卡？', '--json'], { env: cliEnv(dir.path, noLlm), viaNpx: true });
    expect(result.status, result.stderr).toBe(0);
    const outcome = outcomeSchema.parse(JSON.parse(result.stdout));
    expect(outcome).toMatchObject({ language: 'zh', replyKind: 'answer', citations: [{ source: 'refunds.md', section: '退款多久到账' }] });
    expect(outcome.reply).toContain('5 至 10 个工作日');
    expect(outcome.reply).toContain('来源：refunds.md § 退款多久到账');
  });

  describe('with an LLM configured', () => {
    let server: FakeOpenAiServer;
    beforeAll(async () => {
      server = await startFakeOpenAi(groundedModel());
    });
    afterAll(() => server.close());

    it('answers through the model and still cites the policy', async () => {
      const env = cliEnv(dir.path, { OPENAI_BASE_URL: server.url, LLM_MAX_RETRIES: '0', LLM_REPLY_BUDGET_MS: '20000' });
      const result = await runCliAsync(['chat', '--message', 'How long does a refund take to reach my card?', '--json'], { env });
      expect(result.status, result.stderr).toBe(0);
      const outcome = outcomeSchema.parse(JSON.parse(result.stdout));
      expect(outcome.reply).not.toMatch(/^Here is what our policy says/);
      expect(outcome.reply).toContain('5 to 10 business days');
      expect(outcome.citations).toEqual([{ source: 'refunds.md', section: 'How long a refund takes to reach you' }]);
      expect(server.requests.length).toBeGreaterThan(0);
    });
  });
});
