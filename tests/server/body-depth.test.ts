import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../adapters/webhook/signature.js';
import type { Runtime } from '../../src/runtime.js';
import { jsonNestingDepth, xmlNestingDepth } from '../../src/http/body-depth.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { startCallbackReceiver } from '../helpers/callback-receiver.js';
import { tempDir, testRuntime } from '../../testkit/runtime.js';
import { newSession } from '../../testkit/widget-client.js';

const secret = 'f3c1a9e07b2d4c58a6e1d0b9c7f2e4a1d3b5c7e9f1a2b4c6';
const adminToken = 'depth-test-token-0123456789';

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** Arrays nest in two bytes a level: 20,000 levels fit in a 64 KB body. */
const nestedArrays = (depth: number) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;

describe('deeply nested request bodies get a 400 naming the problem, never a 500', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;

  beforeAll(async () => {
    dir = tempDir();
    receiver = await startCallbackReceiver();
    runtime = await testRuntime(dir.path, {
      env: { ADMIN_TOKEN: adminToken, WEBHOOK_CHANNELS: JSON.stringify({ 'shop-app': { secret, callbackUrl: receiver.url } }) },
    });
    server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await runtime.close();
    await receiver.close();
    dir.remove();
  });

  it('a signed webhook whose context nests 20,000 deep', async () => {
    const body = `{"messageId":"deep-1","conversation":"c-1","text":"Where is my parcel?","context":${nestedArrays(20_000)}}`;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(`${server.url}/webhook/shop-app`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-aftercare-timestamp': timestamp, 'x-aftercare-signature': signBody(secret, timestamp, body) },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'too_deep', message: 'the JSON body nests deeper than 64 levels' });
    expect(body.length).toBeLessThan(64 * 1024);
    expect(await runtime.store.conversations.findByKey('webhook:shop-app', 'c-1')).toBeNull();
    // An ordinary context still goes through.
    const fine = `{"messageId":"deep-2","conversation":"c-2","text":"Where is my parcel?","context":${nested(10)}}`;
    const ok = await fetch(`${server.url}/webhook/shop-app`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-aftercare-timestamp': timestamp, 'x-aftercare-signature': signBody(secret, timestamp, fine) },
      body: fine,
    });
    expect([200, 202]).toContain(ok.status);
  });

  it('POST /api/chat, the widget and the admin batch upload', async () => {
    const deep = `{"conversation":"x","text":"hi","extra":${nested(5_000)}}`;
    const chat = await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep });
    expect(chat.status).toBe(400);
    expect(await chat.json()).toEqual({ error: 'body_too_deep', message: 'the JSON body nests deeper than 64 levels' });

    const { token } = await newSession(server.url);
    const widget = await fetch(`${server.url}/api/widget/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: `{"text":"hi","id":"w-1","after":0,"x":${nested(2_000)}}`,
    });
    expect(widget.status).toBe(400);
    expect(((await widget.json()) as { error: string }).error).toBe('body_too_deep');

    const batch = await fetch(`${server.url}/admin/api/kb/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: `{"documents":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
    });
    expect(batch.status).toBe(400);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('depth is counted outside strings only', () => {
    expect(jsonNestingDepth('{"text":"[[[[{{{{ \\" [[[["}')).toBe(1);
    expect(jsonNestingDepth(nested(100), 64)).toBeGreaterThan(64);
    expect(xmlNestingDepth('<xml><Content><![CDATA[<a><b><c>]]></Content><br/></xml>')).toBe(2);
  });
});
