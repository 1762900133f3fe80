import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { tempDir, testRuntime } from '../../testkit/runtime.js';
import { newSession } from '../../testkit/widget-client.js';

describe('widget push streams are bounded per conversation, per address and in all', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;
  const open: AbortController[] = [];

  beforeAll(async () => {
    dir = tempDir();
    const metrics = createMetrics();
    runtime = await testRuntime(dir.path, {
      observer: metrics.observer,
      env: { WIDGET_STREAMS_PER_CONVERSATION: '2', WIDGET_STREAMS_PER_ADDRESS: '3', WIDGET_STREAMS_TOTAL: '5', WIDGET_SESSIONS_PER_MINUTE: '100' },
    });
    server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    open.forEach((controller) => controller.abort());
    await server.close();
    await runtime.close();
    dir.remove();
  });

  /** Opens a stream as the widget does (the test server sits behind no proxy; X-Forwarded-For from loopback stands for other clients). */
  async function stream(token: string, address: string): Promise<Response> {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/widget/events?after=0`, {
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': address },
      signal: controller.signal,
    });
    if (response.status === 200) open.push(controller);
    return response;
  }
  const session = async (address: string) => (await newSession(server.url, undefined, { 'x-forwarded-for': address })).token;
  const refusal = async (response: Response) => ({ status: response.status, ...((await response.json()) as { limit: string; message: string }) });

  it('refuses a third stream for one conversation, a fourth from one address, a sixth in all, each 429 naming its setting', async () => {
    const first = await session('198.51.100.1');
    expect((await stream(first, '198.51.100.1')).status).toBe(200);
    expect((await stream(first, '198.51.100.1')).status).toBe(200);
    expect(await refusal(await stream(first, '198.51.100.1'))).toMatchObject({
      status: 429,
      limit: 'WIDGET_STREAMS_PER_CONVERSATION',
      message: expect.stringContaining('at most 2'),
    });

    const second = await session('198.51.100.1');
    expect((await stream(second, '198.51.100.1')).status).toBe(200);
    expect(await refusal(await stream(second, '198.51.100.1'))).toMatchObject({ status: 429, limit: 'WIDGET_STREAMS_PER_ADDRESS' });

    for (const address of ['198.51.100.2', '198.51.100.3']) expect((await stream(await session(address), address)).status).toBe(200);
    const late = await refusal(await stream(await session('198.51.100.4'), '198.51.100.4'));
    expect(late).toMatchObject({ status: 429, limit: 'WIDGET_STREAMS_TOTAL' });

    // The server stays reachable for everything else.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('a closed stream frees its slot', async () => {
    const token = await session('198.51.100.9');
    open.shift()!.abort();
    // The server learns of the close asynchronously: ask until the slot is free.
    let response = await stream(token, '198.51.100.9');
    while (response.status === 429) {
      await response.body?.cancel();
      await new Promise((resolve) => setImmediate(resolve));
      response = await stream(token, '198.51.100.9');
    }
    expect(response.status).toBe(200);
  });
});
