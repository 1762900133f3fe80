import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WidgetTokens } from '../../adapters/web/widget-token.js';
import type { WidgetMessage } from '../../adapters/web/widget/protocol.js';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { startFakeOpenAi, type FakeOpenAiServer } from '../../testkit/fake-openai-server.js';
import { tempDir, testRuntime } from '../../testkit/runtime.js';
import { groundedModel } from '../../testkit/scripted-llm.js';
import { history, newSession, openPush, postTurn, sendTurn } from '../../testkit/widget-client.js';

const shop = 'https://shop.example';

async function serve(dataDir: string, env: Record<string, string>): Promise<{ runtime: Runtime; server: RunningServer; close(): Promise<void> }> {
  const metrics = createMetrics();
  const runtime = await testRuntime(dataDir, { observer: metrics.observer, env });
  const server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
  return {
    runtime,
    server,
    async close() {
      await server.close();
      await runtime.close();
    },
  };
}

describe('the widget API', () => {
  let dir: ReturnType<typeof tempDir>;
  let llm: FakeOpenAiServer;
  let app: Awaited<ReturnType<typeof serve>>;
  let url: string;

  beforeAll(async () => {
    dir = tempDir();
    llm = await startFakeOpenAi(groundedModel());
    app = await serve(dir.path, {
      OPENAI_BASE_URL: llm.url,
      LLM_MAX_RETRIES: '0',
      WIDGET_ALLOWED_ORIGINS: `${shop},https://www.shop.example`,
      WIDGET_SESSIONS_PER_MINUTE: '1000',
      WIDGET_MESSAGES_PER_MINUTE: '1000',
      WIDGET_PUSH_POLL_MS: '100',
    });
    url = app.server.url;
  });
  afterAll(async () => {
    await app.close();
    await llm.close();
    dir.remove();
  });

  it('issues a signed token for a new conversation, renews it for the same one, and refuses forged, tampered and expired ones', async () => {
    const first = await newSession(url);
    expect(first).toMatchObject({ resumed: false, handoff: { state: 'bot' }, language: null });
    const [tag, claims, signature] = first.token.split('.');
    expect(tag).toBe('v1');
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const conversation = JSON.parse(Buffer.from(claims!, 'base64url').toString()).c as string;
    expect(conversation).toMatch(/^[A-Za-z0-9_-]{22}$/);

    await sendTurn(url, first.token, 'Do you ship to Canada?');
    const renewed = await newSession(url, first.token);
    expect(JSON.parse(Buffer.from(renewed.token.split('.')[1]!, 'base64url').toString()).c).toBe(conversation);
    expect(renewed).toMatchObject({ resumed: true, language: 'en' });

    // Another conversation's key under this token's signature, a made-up token, none at all.
    const otherClaims = Buffer.from(JSON.stringify({ c: 'AAAAAAAAAAAAAAAAAAAAAA', iat: Date.now(), exp: Date.now() + 60_000 })).toString('base64url');
    for (const [token, problem] of [
      [`v1.${otherClaims}.${signature}`, 'bad_signature'],
      ['v1.abc.def', 'bad_signature'],
      ['not-a-token', 'malformed'],
      [undefined, 'missing'],
    ] as const) {
      const refused = await history(url, token);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: 'invalid_token', problem });
    }

    // An expired token (signed with the data directory's secret) gets a new conversation, not the old one.
    const secret = Buffer.from((await app.runtime.store.keyValues.get('widget:token-secret'))!.value, 'hex');
    const expired = new WidgetTokens(secret, 1000).issue(Date.now() - 5000, conversation).token;
    expect((await history(url, expired)).body).toMatchObject({ problem: 'expired' });
    const fresh = await newSession(url, expired);
    expect(fresh.resumed).toBe(false);
    expect(JSON.parse(Buffer.from(fresh.token.split('.')[1]!, 'base64url').toString()).c).not.toBe(conversation);
  });

  it('streams the answer as events and ends with the stored messages, the source as a citation', async () => {
    const { token } = await newSession(url);
    const { events, done } = await sendTurn(url, token, 'How long does a refund take to reach my card?');
    const deltas = events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text);
    expect(deltas.length).toBeGreaterThan(0);
    expect(events.at(-1)!.event).toBe('done');
    const [question, answer] = done.messages;
    expect(question).toMatchObject({ author: 'customer', text: 'How long does a refund take to reach my card?' });
    expect(answer!.author).toBe('bot');
    expect(answer!.id).toBe(question!.id + 1);
    expect(answer!.text.startsWith(deltas.join(''))).toBe(true);
    expect(answer!.text).not.toMatch(/Source:/);
    expect(answer!.citations).toEqual([
      { source: 'refunds.md', section: 'How long a refund takes to reach you', excerpt: expect.stringContaining('Refunds go back to the original payment method') },
    ]);
    expect(done).toMatchObject({ cursor: answer!.id, language: 'en', escalated: false, replyKind: 'answer', handoff: { state: 'bot' } });

    // The history says the same, and `after` returns only what is newer.
    const all = await history(url, token);
    expect(all.body.messages).toEqual(done.messages);
    expect((await history(url, token, answer!.id)).body.messages).toEqual([]);
  });

  it('a visitor reads only their own conversation, and message ids are scoped to it', async () => {
    const alice = await newSession(url);
    const bob = await newSession(url);
    await sendTurn(url, alice.token, 'My order number is A-7781, where is it?', { id: 'same-id-123' });
    expect((await history(url, bob.token)).body.messages).toEqual([]);
    // Bob reusing Alice's message id gets his own answer, not a replay of hers.
    const { done } = await sendTurn(url, bob.token, 'Do you ship to Canada?', { id: 'same-id-123' });
    expect(JSON.stringify(done)).not.toContain('A-7781');
    expect(done.messages[0]).toMatchObject({ author: 'customer', text: 'Do you ship to Canada?' });
  });

  it('a message sent again (a dropped connection) is answered once', async () => {
    const { token } = await newSession(url);
    const first = await sendTurn(url, token, 'What is the return window?', { id: 'retry-me-001' });
    const again = await sendTurn(url, token, 'What is the return window?', { id: 'retry-me-001' });
    expect(again.events.filter((e) => e.event === 'delta')).toEqual([]);
    expect(again.done.messages).toEqual(first.done.messages);
    expect((await history(url, token)).body.messages).toHaveLength(2);
  });

  it('refuses malformed messages with a reason', async () => {
    const { token } = await newSession(url);
    for (const body of [{ text: '', id: 'abcdefgh' }, { text: 'hi', id: 'bad id!' }, { text: 'x'.repeat(4001), id: 'abcdefgh' }, { id: 'abcdefgh' }]) {
      const response = await postTurn(url, token, body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
    }
    const broken = await fetch(`${url}/api/widget/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"text": ',
    });
    expect(broken.status).toBe(400);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it("answers the allowed origins and this server's own pages, and refuses every other origin", async () => {
    const preflight = await fetch(`${url}/api/widget/messages`, {
      method: 'OPTIONS',
      headers: { origin: shop, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(shop);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

    const allowed = await fetch(`${url}/api/widget/session`, { method: 'POST', headers: { origin: 'https://www.shop.example' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://www.shop.example');
    expect(allowed.headers.get('vary')).toMatch(/origin/i);
    const own = await fetch(`${url}/api/widget/session`, { method: 'POST', headers: { origin: url } });
    expect(own.status).toBe(200);

    for (const origin of ['https://evil.example', 'http://shop.example', 'null']) {
      const refused = await fetch(`${url}/api/widget/session`, { method: 'POST', headers: { origin } });
      expect(refused.status).toBe(403);
      // Nothing was done; the page may read that much, so the widget can say why.
      expect(await refused.json()).toEqual({ error: 'origin_not_allowed' });
      const refusedPreflight = await fetch(`${url}/api/widget/session`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect(refusedPreflight.status).toBe(403);
      expect(refusedPreflight.headers.get('access-control-allow-origin')).toBeNull();
      const history = await fetch(`${url}/api/widget/messages`, { headers: { origin, authorization: 'Bearer x' } });
      expect(history.status).toBe(403);
    }
  });

  it('pushes what staff write: at once when relayed by this process, within the poll interval from another', async () => {
    const { token } = await newSession(url);
    const { done } = await sendTurn(url, token, 'agent please');
    // This set-up has no staff desk (no Slack staff channel, no console account): the widget says nobody can reply here.
    expect(done).toMatchObject({ escalated: true, handoff: { state: 'unstaffed' } });
    const conversation = (await app.runtime.store.conversations.findByKey('widget', JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).c))!;

    const push = await openPush(url, token, done.cursor);
    expect(push.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect((await push.next((e) => e.event === 'handoff')).data).toEqual({ state: 'unstaffed' });

    // As the handoff relays a staff reply: stored first, then sent through the widget's channel.
    const stored = await app.runtime.store.messages.append({
      conversationId: conversation.id,
      direction: 'out',
      author: 'staff',
      text: 'Hi, Sam here.',
      meta: { staffName: 'Sam' },
    });
    await app.runtime.channels.send(
      { channel: 'widget', conversationKey: conversation.conversationKey, userId: conversation.userId, replyContext: null },
      { author: 'staff', authorName: 'Sam', text: 'Hi, Sam here.' },
    );
    const relayed = await push.next((e) => e.event === 'message');
    expect(relayed).toMatchObject({ id: String(stored.id), data: { id: stored.id, author: 'staff', authorName: 'Sam', text: 'Hi, Sam here.' } });

    // Another process on the same data directory writes; nothing wakes this one but its poll.
    const other = await testRuntime(dir.path, { env: { OPENAI_BASE_URL: llm.url } });
    try {
      await other.store.messages.append({ conversationId: conversation.id, direction: 'out', author: 'staff', text: 'Still there?', meta: { staffName: 'Sam' } });
      expect(((await push.next((e) => e.event === 'message')).data as WidgetMessage).text).toBe('Still there?');
    } finally {
      await other.close();
    }
    push.close();
  });

  it('/widget.js is built from the sources, revalidated by ETag and loadable from any site', async () => {
    const script = await fetch(`${url}/widget.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const code = await script.text();
    expect(code).toContain('/api/widget/session');
    expect(code.length).toBeLessThan(60_000);
    const etag = script.headers.get('etag')!;
    const again = await fetch(`${url}/widget.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const demo = await fetch(`${url}/widget/demo`);
    expect(await demo.text()).toContain('<script src="/widget.js"');
  });
});

describe('the widget across processes and settings', () => {
  it('rate limits each visitor (by token, else by address), counted across processes', async () => {
    const dir = tempDir();
    const env = { WIDGET_MESSAGES_PER_MINUTE: '3', WIDGET_SESSIONS_PER_MINUTE: '4' };
    const a = await serve(dir.path, env);
    const b = await serve(dir.path, env);
    try {
      const visitor = await newSession(a.server.url);
      const other = await newSession(a.server.url);
      await sendTurn(a.server.url, visitor.token, 'Do you ship to Canada?');
      await sendTurn(b.server.url, visitor.token, 'What is the return window?');
      await sendTurn(a.server.url, visitor.token, 'How long does a refund take?');
      const limited = await postTurn(b.server.url, visitor.token, { text: 'And exchanges?', id: 'over-the-limit' });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('ratelimit')).toMatch(/\br=0\b/);
      expect(await limited.json()).toEqual({ error: 'rate_limited', retryable: true });
      // Another visitor is not slowed down by the first.
      expect((await sendTurn(b.server.url, other.token, 'Do you ship to Canada?')).done.replyKind).toBe('answer');

      // New conversations without a token are counted per address: two made above, two more here, then no more.
      await newSession(b.server.url);
      await newSession(a.server.url);
      expect((await fetch(`${b.server.url}/api/widget/session`, { method: 'POST' })).status).toBe(429);
      // Renewing a valid token counts against that conversation, not the address.
      expect((await newSession(a.server.url, visitor.token)).resumed).toBe(true);
    } finally {
      await a.close();
      await b.close();
      dir.remove();
    }
  });

  it('a server with push streams open still closes at once', async () => {
    const dir = tempDir();
    const app = await serve(dir.path, {});
    try {
      const { token } = await newSession(app.server.url);
      const push = await openPush(app.server.url, token);
      await push.next((e) => e.event === 'handoff').catch(() => undefined);
      await app.server.close();
      expect(await push.ended()).toBe(true);
    } finally {
      await app.runtime.close();
      dir.remove();
    }
  });

  it('WIDGET_ENABLED=false serves no widget; CHAT_API_TOKEN guards the plain chat API', async () => {
    const dir = tempDir();
    const app = await serve(dir.path, { WIDGET_ENABLED: 'false', CHAT_API_TOKEN: 'integration-token-123' });
    const url = app.server.url;
    try {
      expect((await fetch(`${url}/widget.js`)).status).toBe(404);
      expect((await fetch(`${url}/api/widget/session`, { method: 'POST' })).status).toBe(404);
      const chat = (token?: string) =>
        fetch(`${url}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ conversation: 'backend-1', text: 'Do you ship to Canada?' }),
        });
      expect((await chat()).status).toBe(401);
      expect((await chat('wrong-token-456789')).status).toBe(401);
      expect((await chat('integration-token-123')).status).toBe(200);
      expect((await fetch(`${url}/api/chat/backend-1/messages`)).status).toBe(401);
      const feed = await fetch(`${url}/api/chat/backend-1/messages`, { headers: { authorization: 'Bearer integration-token-123' } });
      expect(((await feed.json()) as { messages: unknown[] }).messages).toHaveLength(1);
    } finally {
      await app.close();
      dir.remove();
    }
  });
});
