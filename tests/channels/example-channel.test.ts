import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { channelAdapters } from '../../adapters/registry.js';
import { addressOf } from '../../src/core/channels.js';
import type { Stage } from '../../src/core/turn.js';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { startCallbackReceiver } from '../helpers/callback-receiver.js';
import { repoRoot, tempDir, testRuntime } from '../../testkit/runtime.js';
import { exampleChannel } from './example-channel/index.js';

/**
 * The template for a new channel's test. The channel is registered in one place — this list,
 * standing in for adapters/registry.ts — and everything else (its settings in the config,
 * its routes on the server, its sender in the core) follows from that.
 */
const channels = [...channelAdapters, exampleChannel];
const token = 'example-token-0123456789';

/** Makes the retrieve stage crash, as a broken index would. */
const crashRetrieve = (stages: Stage[]): Stage[] =>
  stages.map((stage) => (stage.name === 'retrieve' ? { name: stage.name, run: () => Promise.reject(new Error('index file is corrupt')) } : stage));

describe('a channel added through the registry (tests/channels/example-channel)', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;

  async function start(options: { customiseStages?: (stages: Stage[]) => Stage[] } = {}) {
    dir = tempDir();
    receiver = await startCallbackReceiver();
    runtime = await testRuntime(dir.path, {
      env: { EXAMPLE_CHANNEL_TOKEN: token, EXAMPLE_CHANNEL_CALLBACK_URL: receiver.url },
      channels: [exampleChannel],
      ...options,
    });
    server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0, channels });
  }
  afterEach(async () => {
    await server.close();
    await runtime.close();
    await receiver.close();
    dir.remove();
  });

  const post = (body: unknown, auth = `Bearer ${token}`) =>
    fetch(`${server.url}/example/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify(body) });

  it('receives a customer message over HTTP and replies with the core’s answer, once', async () => {
    await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const message = { conversation: 'c-1', from: 'u-1', id: 'm-1', text: 'How long does a refund take to reach my card?' };
    const response = await post(message);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { reply: string; duplicate: boolean };
    expect(body.reply).toMatch(/refund/i);
    expect(body.duplicate).toBe(false);

    // The core stored it as a conversation of this channel, like any other.
    const conversation = await runtime.store.conversations.findByKey('example', 'c-1');
    expect(conversation?.userId).toBe('u-1');

    // The platform redelivers: no second answer.
    expect(await (await post(message)).json()).toEqual({ reply: null, duplicate: true });
  });

  it('refuses an unsigned caller (401) and a malformed message (400), storing nothing', async () => {
    await start();
    expect((await post({ conversation: 'c-2', from: 'u-2', id: 'm-2', text: 'hello' }, 'Bearer wrong-token-000000000')).status).toBe(401);
    const invalid = await post({ conversation: 'c-2', from: 'u-2', id: 'm-2' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { issues: string[] }).issues.join()).toContain('text');
    expect(await runtime.store.conversations.findByKey('example', 'c-2')).toBeNull();
  });

  it('staff replies reach the channel through the sender it registered', async () => {
    await start();
    await post({ conversation: 'c-3', from: 'u-3', id: 'm-3', text: 'I want to talk to a human agent' });
    const conversation = await runtime.store.conversations.findByKey('example', 'c-3');
    await runtime.channels.send(addressOf(conversation!), { author: 'staff', authorName: 'Mia', text: 'Hi, Mia here.' });
    expect(receiver.received.map((r) => r.json)).toEqual([{ conversation: 'c-3', to: 'u-3', author: 'staff', text: 'Hi, Mia here.' }]);
  });

  it('a failed turn gets the same apology every channel gives', async () => {
    await start({ customiseStages: crashRetrieve });
    const response = await post({ conversation: 'c-4', from: 'u-4', id: 'm-4', text: 'Where is my refund?' });
    const body = (await response.json()) as { reply: string; failed: boolean };
    expect(body).toEqual({ reply: runtime.templates.render('replies/turn-failed', 'en', {}), failed: true });
    const chinese = (await (await post({ conversation: 'c-5', from: 'u-5', id: 'm-5', text: '我的退款什么时候到账？' })).json()) as { reply: string };
    expect(chinese.reply).toBe(runtime.templates.render('replies/turn-failed', 'zh', {}));
  });

  it('the server knows channels only through the registry: nothing in src/ imports a channel’s folder', () => {
    const allowed = new Set(['adapters/channel-adapter.ts', 'adapters/registry.ts', 'adapters/shared/turn-runner.ts']);
    const files = readdirSync(join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const imported = files.flatMap((file) => {
      const text = readFileSync(join(repoRoot, 'src', file), 'utf8');
      return [...text.matchAll(/from '(\.[^']*adapters\/[^']*)'/g)].map((match) => relative(repoRoot, join(repoRoot, 'src', file, '..', match[1]!)).replace(/\.js$/, '.ts'));
    });
    expect(imported.filter((path) => !allowed.has(path))).toEqual([]);
    // And no channel reaches back into the server.
    const adapterFiles = readdirSync(join(repoRoot, 'adapters'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    expect(adapterFiles.filter((file) => readFileSync(join(repoRoot, 'adapters', file), 'utf8').includes('src/server/'))).toEqual([]);
  });
});
