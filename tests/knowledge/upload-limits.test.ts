import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { compressedTextPdf, deeplyNestedHtml } from '../../testkit/oversized-documents.js';
import { tempDir, testRuntime } from '../../testkit/runtime.js';

const adminToken = 'upload-limits-token-0123456789';
const auth = { authorization: `Bearer ${adminToken}` };

/** Sends /healthz requests one after another until `work` settles; returns how many were answered meanwhile. */
async function healthAnsweredDuring<T>(url: string, work: Promise<T>): Promise<{ result: T; answered: number }> {
  let settled = false;
  const watched = work.finally(() => (settled = true));
  let answered = 0;
  while (!settled) {
    const health = await fetch(`${url}/healthz`);
    if (health.status === 200 && !settled) answered++;
  }
  return { result: await watched, answered };
}

describe('knowledge base uploads are bounded and built off the serving thread', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;

  beforeAll(async () => {
    dir = tempDir();
    const metrics = createMetrics();
    runtime = await testRuntime(dir.path, { observer: metrics.observer, env: { ADMIN_TOKEN: adminToken, KB_MAX_CHUNKS_PER_DOCUMENT: '40', KB_MAX_TEXT_CHARS: '500000' } });
    server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await runtime.close();
    dir.remove();
  });

  const put = (name: string, bytes: Buffer) =>
    fetch(`${server.url}/admin/api/kb/documents/${name}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: bytes });

  it('a small PDF that unpacks to 20 MB of text is refused with 422 naming the limit, and /healthz answers all the while', async () => {
    const version = runtime.knowledge.version;
    const pdf = compressedTextPdf({ textChars: 20_000_000 });
    expect(pdf.length).toBeLessThan(100_000);
    const { result: response, answered } = await healthAnsweredDuring(server.url, put('bomb.pdf', pdf));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: string; message: string; serving: string };
    expect(body.error).toBe('invalid_document');
    expect(body.message).toMatch(/bomb\.pdf: unpacks to more than 500000 characters of text \(KB_MAX_TEXT_CHARS\)/);
    expect(body.serving).toBe(version);
    expect(answered).toBeGreaterThan(0);
    expect(runtime.knowledge.version).toBe(version);
  }, 90_000);

  it('HTML nested 200,000 deep is refused with 422 naming the depth limit', async () => {
    const response = await put('deep.html', deeplyNestedHtml(200_000));
    expect(response.status).toBe(422);
    expect(((await response.json()) as { message: string }).message).toContain('deep.html: nests HTML elements more than 256 deep (KB_MAX_HTML_DEPTH)');
    // Ordinary HTML still goes in.
    const fine = await put('care.html', deeplyNestedHtml(20));
    expect(fine.status).toBe(201);
  });

  it('a document that splits into more passages than KB_MAX_CHUNKS_PER_DOCUMENT is refused by name', async () => {
    const sections = Array.from({ length: 60 }, (_, i) => `## Rule ${i + 1}\nItem ${i + 1} may be returned within ${i + 10} days.`).join('\n\n');
    const response = await put('many-rules.md', Buffer.from(`# Rules\n\n${sections}`));
    expect(response.status).toBe(422);
    expect(((await response.json()) as { message: string }).message).toMatch(/many-rules\.md: splits into 60 passages, more than 40 per document \(KB_MAX_CHUNKS_PER_DOCUMENT\)/);
  });

  it('the console upload meets the same limits and says which one', async () => {
    const login = await fetch(`${server.url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: adminToken, next: '/admin/kb' }),
      redirect: 'manual',
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await (await fetch(`${server.url}/admin/kb`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const form = new FormData();
    form.append('_csrf', csrf);
    form.append('files', new Blob([compressedTextPdf({ textChars: 20_000_000 })], { type: 'application/pdf' }), 'bomb.pdf');
    const upload = fetch(`${server.url}/admin/kb/upload`, { method: 'POST', headers: { cookie }, body: form, redirect: 'manual' });
    const { result: response, answered } = await healthAnsweredDuring(server.url, upload);
    expect(response.status).toBe(303);
    expect(answered).toBeGreaterThan(0);
    const flash = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    const notice = await (await fetch(`${server.url}/admin/kb`, { headers: { cookie: `${cookie}; ${flash}` } })).text();
    expect(notice).toMatch(/Nothing changed: [^<]*bomb\.pdf: unpacks to more than 500000 characters of text \(KB_MAX_TEXT_CHARS\)/);
  }, 90_000);
});
