import { writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { outcomeSchema } from '../../src/domain/schemas.js';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { cliEnv, runCli, startCliServer } from '../../testkit/cli.js';
import { fixturePolicies } from '../helpers/knowledge.js';
import { tempDir, testRuntime } from '../../testkit/runtime.js';

const token = 'test-admin-token-0123456789';
const auth = { authorization: `Bearer ${token}` };
const loyalty =
  '---\ntitle: Loyalty points\nlanguage: en\n---\n# Loyalty points\n\n## Earning loyalty points\nEvery dollar you spend earns one loyalty point; 100 points are worth a $5 voucher at checkout.\n';

function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    get(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body) as T));
    }).on('error', reject);
  });
}

interface SearchBody {
  version: string;
  results: Array<{ source: string; section?: string; text: string; score: number }>;
}

async function startTestServer(env: Record<string, string>) {
  const dir = tempDir();
  const metrics = createMetrics();
  const runtime = await testRuntime(dir.path, { observer: metrics.observer, env });
  const server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
  return {
    dir,
    runtime,
    server,
    async close() {
      await server.close();
      await runtime.close();
      dir.remove();
    },
  };
}

describe('admin API without ADMIN_TOKEN', () => {
  it('is off, not open', async () => {
    const { server, close } = await startTestServer({});
    try {
      for (const [method, path] of [
        ['GET', '/admin/api/kb/documents'],
        ['PUT', '/admin/api/kb/documents/x.md'],
        ['DELETE', '/admin/api/kb/documents/returns.md'],
      ] as const) {
        const response = await fetch(`${server.url}${path}`, { method, headers: auth, body: method === 'PUT' ? 'x' : undefined });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ error: 'admin_api_disabled' });
      }
    } finally {
      await close();
    }
  });
});

describe('admin API for the knowledge base', () => {
  let runtime: Runtime;
  let server: RunningServer;
  let close: () => Promise<void>;
  const api = (path: string, init: RequestInit = {}) => fetch(`${server.url}/admin/api/kb${path}`, { ...init, headers: { ...auth, ...init.headers } });
  const search = async (q: string) => (await (await api(`/search?q=${encodeURIComponent(q)}`)).json()) as SearchBody;
  const chat = async (text: string) =>
    outcomeSchema.parse(
      await (
        await fetch(`${server.url}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ conversation: `c-${Math.random()}`, text }),
        })
      ).json(),
    );

  beforeAll(async () => {
    ({ runtime, server, close } = await startTestServer({ ADMIN_TOKEN: token }));
  });
  afterAll(() => close());

  it('needs the bearer token: none or a wrong one is 401', async () => {
    const none = await fetch(`${server.url}/admin/api/kb/documents`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(`${server.url}/admin/api/kb/documents`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect((await api('/documents')).status).toBe(200);
  });

  it('lists the sample documents the fresh server started with, with their versions', async () => {
    const body = (await (await api('/documents')).json()) as { version: string; documents: Array<{ id: string; version: string; language: string }> };
    expect(body.version).toBe('v000001');
    expect(body.documents).toHaveLength(16);
    expect(body.documents.find((d) => d.id === 'zh/warranty.md')).toMatchObject({ version: '2026.3', language: 'zh' });
    const status = (await (await api('')).json()) as { version: string; embedder: { id: string } };
    expect(status.embedder.id).toMatch(/^hashed-ngrams/);
  });

  it('upload → the bot answers from it with a citation; delete → it no longer does, without a restart', async () => {
    expect((await chat('Do you have a loyalty points programme?')).replyKind).toBe('no_answer');

    const upload = await api('/documents/loyalty-points.md', { method: 'PUT', headers: { 'content-type': 'text/markdown' }, body: loyalty });
    expect(upload.status).toBe(201);
    expect(await upload.json()).toMatchObject({ version: 'v000002', added: ['loyalty-points.md'] });
    expect((await search('How do loyalty points work?')).results[0]).toMatchObject({ source: 'loyalty-points.md', section: 'Earning loyalty points' });
    const answered = await chat('Do you have a loyalty points programme?');
    expect(answered).toMatchObject({ replyKind: 'answer', citations: [{ source: 'loyalty-points.md', section: 'Earning loyalty points' }] });
    expect(answered.reply).toContain('Every dollar you spend earns one loyalty point');

    const removed = await api('/documents/loyalty-points.md', { method: 'DELETE' });
    expect(await removed.json()).toMatchObject({ version: 'v000003', removed: ['loyalty-points.md'] });
    expect((await search('How do loyalty points work?')).results).toEqual([]);
    expect((await chat('Do you have a loyalty points programme?')).replyKind).toBe('no_answer');
  });

  it('a broken upload is refused with the reason, and the previous version keeps serving', async () => {
    const before = (await search('How long does a refund take to reach my card?')).results[0];
    const broken = await api('/documents/terms.pdf', { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.4 truncated garbage' });
    expect(broken.status).toBe(422);
    expect(await broken.json()).toMatchObject({ error: 'invalid_document', serving: 'v000003', message: expect.stringMatching(/terms\.pdf: is not a readable PDF/) });
    expect(runtime.knowledge.version).toBe('v000003');
    expect((await search('How long does a refund take to reach my card?')).results[0]).toEqual(before);
    const status = (await (await api('')).json()) as { lastError: { message: string } };
    expect(status.lastError.message).toMatch(/terms\.pdf/);
  });

  it('uploads a batch as JSON (base64 for binary files) and refuses unsafe names, ambiguous and unknown documents', async () => {
    const batch = await api('/documents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documents: [{ name: 'policies/loyalty-points.md', content: Buffer.from(loyalty).toString('base64'), encoding: 'base64' }] }),
    });
    expect(await batch.json()).toMatchObject({ added: ['policies/loyalty-points.md'] });
    expect((await api('/documents/..%2Fsecrets.md', { method: 'PUT', body: 'x' })).status).toBe(400);
    const ambiguous = await api('/documents/returns.md', { method: 'DELETE' });
    expect(ambiguous.status).toBe(409);
    expect(await ambiguous.json()).toMatchObject({ candidates: ['en/returns.md', 'zh/returns.md'] });
    expect((await api('/documents/en/nope.md', { method: 'DELETE' })).status).toBe(404);
    expect((await api('/documents/en/returns.md', { method: 'DELETE' })).status).toBe(200);
  });

  it('refuses uploads over KB_MAX_UPLOAD_BYTES', async () => {
    const limit = runtime.config.KB_MAX_UPLOAD_BYTES;
    const response = await api('/documents/huge.md', { method: 'PUT', body: Buffer.alloc(limit + 1, 'a') });
    expect(response.status).toBe(413);
  });
});

describe('a running `aftercare serve` and `aftercare kb` in another process', { timeout: 180_000 }, () => {
  it('ingest → search → remove → search shows each change live; a broken file leaves the previous version serving', async () => {
    const dir = tempDir();
    const env = cliEnv(dir.path, { ADMIN_TOKEN: token, KB_RELOAD_INTERVAL_MS: '100' });
    const server = await startCliServer(env);
    // A fresh connection per request: between CLI runs (seconds apart on a busy machine) a
    // pooled keep-alive socket can be closed by the server just as it is reused.
    const search = (q: string) => getJson<SearchBody>(`${server.url}/admin/api/kb/search?q=${encodeURIComponent(q)}`, auth);
    const question = '拆封的软件光盘还能无理由退货吗';
    const cites25 = (body: SearchBody) => body.results.slice(0, 2).some((r) => r.source === 'zh_law_consumer_rights_protection_2013.md' && r.section === '第二十五条');
    try {
      expect((await search(question)).version).toBe('v000001');
      expect(cites25(await search(question))).toBe(false);

      const ingest = runCli(['kb', 'ingest', fixturePolicies], { env });
      expect(ingest.status, ingest.stderr).toBe(0);
      await vi.waitFor(async () => expect((await search(question)).version).toBe('v000002'), { timeout: 20_000, interval: 100 });
      expect(cites25(await search(question))).toBe(true);

      const removed = runCli(['kb', 'remove', 'zh_law_consumer_rights_protection_2013.md'], { env });
      expect(removed.status, removed.stderr).toBe(0);
      await vi.waitFor(async () => expect((await search(question)).version).toBe('v000003'), { timeout: 20_000, interval: 100 });
      expect(cites25(await search(question))).toBe(false);

      const broken = join(dir.path, 'broken.html');
      writeFileSync(broken, Buffer.from([0x3c, 0x68, 0x31, 0x3e, 0xff, 0xfe, 0x00, 0x00]));
      const failed = runCli(['kb', 'ingest', broken], { env });
      expect(failed.status).toBe(1);
      expect(failed.stderr).toMatch(/broken\.html: is binary.*v000003 keeps serving/);
      const after = await search('Can I return opened software within seven days without giving a reason?');
      expect(after.version).toBe('v000003');
      expect(after.results.length).toBeGreaterThan(0);
    } finally {
      expect(await server.stop()).toBe(0);
      dir.remove();
    }
  });
});
