import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { repoRoot, tempDir, testRuntime } from '../../testkit/runtime.js';

const adminToken = 'limits-test-token-0123456789';

async function serve(env: Record<string, string>) {
  const dir = tempDir();
  const metrics = createMetrics();
  const runtime: Runtime = await testRuntime(dir.path, { observer: metrics.observer, env: { ADMIN_TOKEN: adminToken, ...env } });
  const server: RunningServer = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
  return {
    url: server.url,
    async close() {
      await server.close();
      await runtime.close();
      dir.remove();
    },
  };
}

const kbStatus = (url: string, token: string, headers: Record<string, string> = {}) => fetch(`${url}/admin/api/kb`, { headers: { authorization: `Bearer ${token}`, ...headers } });

const login = (url: string, token: string) =>
  fetch(`${url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, next: '/admin/kb' }),
    redirect: 'manual',
  });

describe('admin limits count failed authentications only', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve({ ADMIN_AUTH_FAILURES_PER_MINUTE: '5', CONSOLE_LOGIN_FAILURES_PER_15_MIN: '3' });
  });
  afterAll(() => server.close());

  it('wrong tokens get 401, then 429 naming the limit; the right token from the same address still gets in', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await kbStatus(server.url, `wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await kbStatus(server.url, 'wrong-again');
    expect(await limited.json()).toMatchObject({ error: 'too_many_attempts', message: expect.stringContaining('ADMIN_AUTH_FAILURES_PER_MINUTE') });
    // Many successful requests never use the allowance up either.
    for (let i = 0; i < 10; i++) expect((await kbStatus(server.url, adminToken)).status).toBe(200);
  });

  it('wrong console sign-ins get 401, then 429; the right token still signs in at once', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login(server.url, `wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(await (await login(server.url, 'wrong-again')).text()).toContain('CONSOLE_LOGIN_FAILURES_PER_15_MIN');
    const right = await login(server.url, adminToken);
    expect(right.status).toBe(303);
    expect(right.headers.get('set-cookie')).toMatch(/^aftercare_console=/);
  });
});

describe('TRUST_PROXY', () => {
  it('is Express syntax, checked at start-up', () => {
    const config = (value: string) => loadConfig({ AFTERCARE_DATA_DIR: '/tmp/x', KNOWLEDGE_DIR: `${repoRoot}/knowledge`, TRUST_PROXY: value }).TRUST_PROXY;
    expect(config('false')).toBe(false);
    expect(config('2')).toBe(2);
    expect(config('loopback, 10.0.0.0/8')).toBe('loopback,10.0.0.0/8');
    expect(() => config('the-proxy')).toThrow(/the-proxy.*is not an address/);
  });

  it('a trusted proxy gives each client its own limit; untrusted, X-Forwarded-For is ignored and everyone shares the address', async () => {
    const trusted = await serve({ ADMIN_AUTH_FAILURES_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1' });
    const untrusted = await serve({ ADMIN_AUTH_FAILURES_PER_MINUTE: '2', TRUST_PROXY: 'false' });
    try {
      for (const server of [trusted, untrusted]) {
        for (let i = 0; i < 3; i++) await kbStatus(server.url, 'wrong', { 'x-forwarded-for': '203.0.113.1' });
      }
      // The first client is locked out behind either setting; a second client only when the proxy is trusted.
      expect((await kbStatus(trusted.url, 'wrong', { 'x-forwarded-for': '203.0.113.1' })).status).toBe(429);
      expect((await kbStatus(trusted.url, 'wrong', { 'x-forwarded-for': '203.0.113.2' })).status).toBe(401);
      expect((await kbStatus(untrusted.url, 'wrong', { 'x-forwarded-for': '203.0.113.2' })).status).toBe(429);
    } finally {
      await trusted.close();
      await untrusted.close();
    }
  }, 60_000);
});
