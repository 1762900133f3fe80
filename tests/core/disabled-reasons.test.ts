import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

// Questions the shipped knowledge base cannot answer, the second from a customer who is
// getting annoyed: the reply stage would hand this conversation over as `unanswered`.
const firstQuestion = 'Do you sell garden furniture?';
const annoyedFollowUp = 'This is frustrating, you still have not answered me. Do you sell patio umbrellas?';

describe('ESCALATION_DISABLED_REASONS in the reply stage', () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  let runtime: Runtime | undefined;
  afterEach(async () => {
    await runtime?.close();
    dir?.remove();
  });

  async function start(env: Record<string, string>): Promise<Runtime> {
    dir = tempDir();
    runtime = await testRuntime(dir.path, { env });
    return runtime;
  }

  it('hands an unanswered, annoyed customer over as `unanswered` by default', async () => {
    const app = await start({});
    expect((await app.engine.handle(message('default', firstQuestion))).replyKind).toBe('no_answer');
    const second = await app.engine.handle(message('default', annoyedFollowUp));
    expect(second).toMatchObject({ escalated: true, escalationReasons: ['unanswered'], replyKind: 'escalation_ack' });
  });

  it('with `unanswered` disabled, the same conversation stays with the bot and no escalation is opened', async () => {
    const app = await start({ ESCALATION_DISABLED_REASONS: 'unanswered' });
    await app.engine.handle(message('disabled', firstQuestion));
    const second = await app.engine.handle(message('disabled', annoyedFollowUp));
    expect(second.escalated).toBe(false);
    expect(second.escalationReasons).not.toContain('unanswered');
    expect(second.replyKind).not.toBe('escalation_ack');
    const conversation = await app.store.conversations.findByKey('test', 'disabled');
    expect(conversation?.state).toBe('bot');
    expect(await app.store.escalations.open(conversation!.id)).toBeNull();
  });
});
