import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TurnFailedError } from '../../src/core/errors.js';
import type { Stage } from '../../src/core/turn.js';
import type { Runtime } from '../../src/runtime.js';
import { message, tempDir, testRuntime } from '../helpers/runtime.js';

/** Makes the retrieve stage crash the first `failures` times, as a broken index would. */
function crashRetrieve(failures: number) {
  let remaining = failures;
  return (stages: Stage[]): Stage[] =>
    stages.map((stage) =>
      stage.name !== 'retrieve'
        ? stage
        : {
            name: stage.name,
            async run(turn) {
              if (remaining-- > 0) throw new Error('index file is corrupt');
              await stage.run(turn);
            },
          },
    );
}

describe('a stage that throws', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await runtime.close();
    dir.remove();
  });

  it('leaves the message marked failed with the reason, and a redelivery answers it', async () => {
    runtime = await testRuntime(dir.path, { customiseStages: crashRetrieve(1) });
    const delivery = message('crash-1', 'How long does a refund take to reach my card?', { messageId: 'm-crash-1' });

    const error = await runtime.engine.handle(delivery).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnFailedError);
    expect((error as TurnFailedError).stage).toBe('retrieve');

    const failed = await runtime.store.inbox.get('test', 'm-crash-1');
    expect(failed?.status).toBe('failed');
    expect(failed?.lastError).toContain('index file is corrupt');
    expect(failed?.inbound.text).toBe(delivery.text);
    const conversation = await runtime.store.conversations.findByKey('test', 'crash-1');
    expect(await runtime.store.messages.countInbound(conversation!.id)).toBe(0);

    const retried = await runtime.engine.handle(delivery);
    expect(retried.duplicate).toBe(false);
    expect(retried.replyKind).toBe('answer');
    const done = await runtime.store.inbox.get('test', 'm-crash-1');
    expect(done).toMatchObject({ status: 'done', attempts: 2 });
    expect(await runtime.store.messages.countInbound(conversation!.id)).toBe(1);
  });

  it('failed messages can be run again without a redelivery', async () => {
    runtime = await testRuntime(dir.path, { customiseStages: crashRetrieve(2) });
    await expect(runtime.engine.handle(message('crash-2', 'Where is my order?'))).rejects.toThrow(TurnFailedError);
    await expect(runtime.engine.handle(message('crash-3', '退款多久到账'))).rejects.toThrow(TurnFailedError);
    expect((await runtime.store.inbox.countByStatus()).failed).toBe(2);

    const results = await runtime.engine.retryFailed();
    expect(results.map((r) => r.outcome?.replyKind)).toEqual(['answer', 'answer']);
    expect(await runtime.store.inbox.countByStatus()).toMatchObject({ failed: 0, done: 2 });
  });

  it('a failure in one conversation does not stop the next message of the same conversation', async () => {
    runtime = await testRuntime(dir.path, { customiseStages: crashRetrieve(1) });
    await expect(runtime.engine.handle(message('crash-4', 'Where is my order?'))).rejects.toThrow(TurnFailedError);
    const next = await runtime.engine.handle(message('crash-4', 'How long does a refund take to reach my card?'));
    expect(next.replyKind).toBe('answer');
  });
});
