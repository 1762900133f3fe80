import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

const adminToken = 'console-test-token-0123456789';

/** Signs in like a browser: returns the session cookie and the page's CSRF token. */
async function signIn(url: string, token = adminToken): Promise<{ cookie: string; csrf: string; response: Response }> {
  const response = await fetch(`${url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next: '/admin/kb' }),
    redirect: 'manual',
  });
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  let csrf = '';
  if (response.status === 303) {
    const page = await (await fetch(`${url}/admin/kb`, { headers: { cookie } })).text();
    csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  }
  return { cookie, csrf, response };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('the admin console over HTTP', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;
  let url: string;

  beforeAll(async () => {
    dir = tempDir();
    const metrics = createMetrics();
    runtime = await testRuntime(dir.path, { observer: metrics.observer, env: { ADMIN_TOKEN: adminToken } });
    server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
    url = server.url;
    await runtime.engine.handle(message('console-1', 'How long does a refund take to reach my card?'));
    await runtime.engine.handle(message('console-2', 'This is a scam, I am calling my lawyer!'));
  });
  afterAll(async () => {
    await server.close();
    await runtime.close();
    dir.remove();
  });

  it('sends a visitor without a session to the login page, and back to where they were going after it', async () => {
    const page = await fetch(`${url}/admin/conversations?q=refund`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fconversations%3Fq%3Drefund');
    const login = await fetch(`${url}${page.headers.get('location')}`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('value="/admin/conversations?q=refund"');
    // Never back to another site.
    const outside = await (await fetch(`${url}/admin/login?next=${encodeURIComponent('//evil.example/admin')}`)).text();
    expect(outside).toContain('name="next" value="/admin/metrics"');
  });

  it('a wrong token gets a 401 and no session; the right one an httpOnly, SameSite=Strict, path-scoped cookie', async () => {
    const wrong = await signIn(url, 'not-the-token');
    expect(wrong.response.status).toBe(401);
    expect(wrong.response.headers.get('set-cookie')).toBeNull();
    expect(await wrong.response.text()).toContain('That is not the admin token.');

    const { response, cookie } = await signIn(url);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/kb');
    const setCookie = response.headers.get('set-cookie')!;
    const [pair, ...attributes] = setCookie.split('; ');
    expect(pair).toMatch(/^aftercare_console=[A-Za-z0-9_-]{43}$/);
    expect(attributes).toEqual(expect.arrayContaining(['Path=/admin', 'HttpOnly', 'SameSite=Strict', 'Max-Age=43200']));
    expect(attributes).not.toContain('Secure');
    // Plain HTTP here; behind an HTTPS proxy on loopback the cookie is Secure too.
    const behindTls = await fetch(`${url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
      body: form({ token: adminToken }),
      redirect: 'manual',
    });
    expect(behindTls.headers.get('set-cookie')!.split('; ')).toContain('Secure');
    const page = await fetch(`${url}/admin/metrics`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    // The session id in the store is hashed: the cookie's value is not there.
    const raw = JSON.stringify(await runtime.store.keyValues.get(`console-session:${cookie.split('=')[1]}`));
    expect(raw).toBe('null');
  });

  it("refuses a state-changing request without the session's CSRF token, with a wrong one, or from another origin", async () => {
    const { cookie, csrf } = await signIn(url);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const remove = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${url}/admin/kb/delete`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: form(fields),
        redirect: 'manual',
      });
    expect((await remove({ name: 'en/refunds.md' })).status).toBe(403);
    expect((await remove({ name: 'en/refunds.md', _csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await remove({ name: 'en/refunds.md', _csrf: csrf }, { origin: 'https://evil.example' })).status).toBe(403);
    expect(runtime.knowledge.documents().some((d) => d.id === 'en/refunds.md')).toBe(true);
    // Another session's token does not work either.
    const other = await signIn(url);
    expect((await remove({ name: 'en/refunds.md', _csrf: other.csrf })).status).toBe(403);
    // Without a session at all: 401, nothing happens.
    const anonymous = await fetch(`${url}/admin/kb/delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ name: 'en/refunds.md', _csrf: csrf }),
    });
    expect(anonymous.status).toBe(401);

    const done = await remove({ name: 'en/invoices.md', _csrf: csrf }, { origin: url });
    expect(done.status).toBe(303);
    expect(runtime.knowledge.documents().some((d) => d.id === 'en/invoices.md')).toBe(false);
    const notice = await (await fetch(`${url}/admin/kb`, { headers: { cookie: `${cookie}; ${(done.headers.get('set-cookie') ?? '').split(';')[0]}` } })).text();
    expect(notice).toContain('Deleted: removed en/invoices.md');
  });

  it('uploads need a session before anything is read, and the CSRF token inside the form; a broken file changes nothing', async () => {
    const upload = (cookie: string | null, csrf: string | null, name: string, content: string) => {
      const body = new FormData();
      if (csrf) body.append('_csrf', csrf);
      body.append('files', new Blob([content], { type: 'application/octet-stream' }), name);
      return fetch(`${url}/admin/kb/upload`, { method: 'POST', headers: cookie ? { cookie } : {}, body, redirect: 'manual' });
    };
    expect((await upload(null, null, 'a.md', '# A\n\nText.')).status).toBe(401);
    const { cookie, csrf } = await signIn(url);
    expect((await upload(cookie, null, 'a.md', '# A\n\nText.')).status).toBe(403);
    const version = runtime.knowledge.version;
    const broken = await upload(cookie, csrf, 'broken.pdf', 'this is not a PDF');
    expect(broken.status).toBe(303);
    expect(runtime.knowledge.version).toBe(version);
    const flash = (broken.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await (await fetch(`${url}/admin/kb`, { headers: { cookie: `${cookie}; ${flash}` } })).text();
    expect(page).toMatch(/class="notice error" role="alert">Nothing changed: [^<]*broken\.pdf/);
    const good = await upload(cookie, csrf, 'care-guide.md', '# Care guide\n\n## Washing\nWash the jacket cold and hang it to dry.');
    expect(good.status).toBe(303);
    expect(runtime.knowledge.documents().some((d) => d.id === 'care-guide.md')).toBe(true);
  });

  it('signing out ends the session everywhere', async () => {
    const { cookie, csrf } = await signIn(url);
    const out = await fetch(`${url}/admin/logout`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ _csrf: csrf }),
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    // Cleared: an empty value that expired long ago.
    expect(out.headers.get('set-cookie')).toMatch(/^aftercare_console=; .*Expires=Thu, 01 Jan 1970/);
    expect((await fetch(`${url}/admin/kb`, { headers: { cookie }, redirect: 'manual' })).status).toBe(303);
  });

  it("pages show the store's data: transcript with sentiment and reasons, the queue, the metrics", async () => {
    const { cookie } = await signIn(url);
    const get = async (path: string) => {
      const response = await fetch(`${url}${path}`, { headers: { cookie } });
      expect(response.status, path).toBe(200);
      return response.text();
    };
    const list = await get('/admin/conversations?q=lawyer');
    expect(list).toContain('console-2');
    expect(list).not.toContain('console-1');
    const id = /href="\/admin\/conversations\/([^"]+)"/.exec(list)![1]!;
    const transcript = await get(`/admin/conversations/${id}`);
    expect(transcript).toContain('This is a scam, I am calling my lawyer!');
    expect(transcript).toMatch(/class="badge negative">negative/);
    expect(transcript).toContain('<span class="reason">threat</span>');
    const queue = await get('/admin/escalations');
    expect(queue).toContain('console-2');
    expect(queue).toContain('<span class="badge open">open</span>');
    const metrics = await get('/admin/metrics?days=7');
    expect(metrics).toContain('data-metric="conversations">2<');
    expect(metrics).toContain('data-metric="escalation-rate">50.0%<');
    expect(metrics).toContain('<svg viewBox');
    expect((await fetch(`${url}/admin/conversations/nope`, { headers: { cookie } })).status).toBe(404);
  });

  it('escapes what customers wrote', async () => {
    await runtime.engine.handle(message('console-xss', '<script>alert(1)</script> where is my order?'));
    const { cookie } = await signIn(url);
    const list = await (await fetch(`${url}/admin/conversations?q=alert`, { headers: { cookie } })).text();
    const id = /href="\/admin\/conversations\/([^"]+)"/.exec(list)![1]!;
    const transcript = await (await fetch(`${url}/admin/conversations/${id}`, { headers: { cookie } })).text();
    expect(transcript).not.toContain('<script>alert(1)</script>');
    expect(transcript).toContain('&lt;script&gt;alert(1)&lt;/script&gt; where is my order?');
  });

  it('rate limits failed sign-ins, across processes on one data directory', async () => {
    const metrics = createMetrics();
    const other = await testRuntime(dir.path, { observer: metrics.observer, env: { ADMIN_TOKEN: adminToken } });
    const second = await startServer(other, metrics, { host: '127.0.0.1', port: 0 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await signIn(i % 2 ? url : second.url, `wrong-${i}`)).response.status);
      // One wrong attempt happened in an earlier test.
      expect(statuses.filter((s) => s === 401)).toHaveLength(9);
      expect(statuses.slice(-3)).toEqual([429, 429, 429]);
    } finally {
      await second.close();
      await other.close();
    }
  });
});

describe('the admin console without ADMIN_TOKEN', () => {
  it('is off, not open', async () => {
    const dir = tempDir();
    const metrics = createMetrics();
    const runtime = await testRuntime(dir.path, { observer: metrics.observer });
    const server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
    try {
      for (const path of ['/admin', '/admin/login', '/admin/kb', '/admin/metrics']) expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
      expect((await fetch(`${server.url}/admin/login`, { method: 'POST', body: 'token=x' })).status).toBe(404);
    } finally {
      await server.close();
      await runtime.close();
      dir.remove();
    }
  });
});
