import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlmError } from '../../src/llm/chat-model.js';
import { CircuitBreakerChatModel, type BreakerState } from '../../src/llm/circuit-breaker-chat-model.js';
import { OpenAiCompatibleChatModel } from '../../src/llm/providers/openai-compatible.js';
import { startFakeOpenAi, type FakeOpenAiServer } from '../../testkit/fake-openai-server.js';
import { deferred } from '../../testkit/runtime.js';

describe('the circuit breaker around the model', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await startFakeOpenAi();
  });
  afterAll(() => server.close());

  function breaker(resetTimeoutMs: number) {
    const provider = new OpenAiCompatibleChatModel({ baseURL: server.url, model: 'm', timeoutMs: 2000, maxRetries: 0 });
    return new CircuitBreakerChatModel(provider, { errorThresholdPercentage: 50, volumeThreshold: 2, resetTimeoutMs, rollingWindowMs: 60_000 });
  }
  const ask = (model: CircuitBreakerChatModel) => model.complete({ messages: [{ role: 'user', content: 'hi' }] });

  it('opens after repeated outages, fails fast without calling the model, then one trial call closes it', async () => {
    const model = breaker(200);
    const states: BreakerState[] = [];
    const halfOpen = deferred();
    model.onStateChange((state) => {
      states.push(state);
      if (state === 'half_open') halfOpen.resolve();
    });
    server.setHandler(() => ({ status: 503 }));
    await expect(ask(model)).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(ask(model)).rejects.toMatchObject({ kind: 'unavailable' });
    expect(model.state).toBe('open');

    const before = server.requests.length;
    const error = await ask(model).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).kind).toBe('circuit_open');
    expect(server.requests.length).toBe(before);

    await halfOpen.promise;
    server.setHandler(() => ({ content: 'back' }));
    await expect(ask(model)).resolves.toMatchObject({ text: 'back' });
    expect(model.state).toBe('closed');
    expect(states).toEqual(['open', 'half_open', 'closed']);
  });

  it('a request the server rejects (4xx) does not open it: that is our bug, not an outage', async () => {
    const model = breaker(60_000);
    server.setHandler(() => ({ status: 400 }));
    for (let i = 0; i < 4; i++) await expect(ask(model)).rejects.toMatchObject({ kind: 'rejected' });
    expect(model.state).toBe('closed');
  });

  it('counts a broken stream as a failure and passes the deltas of a good one through', async () => {
    const model = breaker(60_000);
    server.setHandler(() => ({ content: 'one two three' }));
    const pieces: string[] = [];
    for await (const piece of model.stream({ messages: [{ role: 'user', content: 'x' }] })) pieces.push(piece);
    expect(pieces.join('')).toBe('one two three');
    server.setHandler(() => ({ chunks: ['a ', 'b '], failAfterChunks: 1 }));
    for (let i = 0; i < 2; i++) {
      const read = async () => {
        for await (const piece of model.stream({ messages: [{ role: 'user', content: 'x' }] })) void piece;
      };
      await expect(read()).rejects.toBeInstanceOf(LlmError);
    }
    expect(model.state).toBe('open');
  });
});
