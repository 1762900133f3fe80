import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { launchChromium, screenshot } from '../../testkit/browser.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

const adminToken = 'misses-console-token-42';
const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };

interface MissesBody {
  groups: Array<{ question: string; count: number; misses: Array<{ id: number }> }>;
}

describe('learning from misses in the console (Chromium) and the admin API', { timeout: 180_000 }, () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dir = tempDir();
    const metrics = createMetrics();
    runtime = await testRuntime(dir.path, { observer: metrics.observer, env: { ADMIN_TOKEN: adminToken } });
    server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
    for (const [key, text] of [
      ['k1', 'kettle lid wobbles'],
      ['k2', 'the kettle lid wobbles'],
      ['k3', 'my kettle lid wobbles, call 13812345678'],
      ['s1', 'is there a shop in Berlin I can visit'],
      ['s2', 'can I visit your Berlin store'],
    ]) {
      expect((await runtime.engine.handle(message(key!, text!))).replyKind).toBe('no_answer');
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await runtime?.close();
    dir?.remove();
  });

  it('lists the questions grouped with counts, attaches one to a section, and the bot then answers it', async () => {
    await page.goto(`${server.url}/admin/kb`);
    await page.getByLabel('Admin token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'What the bot could not answer' }).waitFor();
    const rows = page.locator('#misses tbody tr');
    expect(await rows.count()).toBe(2);
    const kettle = rows.filter({ hasText: 'kettle lid' });
    expect(await kettle.locator('td').first().textContent()).toBe('3');
    expect(await kettle.textContent()).toContain('[PHONE_1]');
    expect(await page.content()).not.toContain('13812345678');
    expect(await rows.filter({ hasText: 'Berlin' }).locator('td').first().textContent()).toBe('2');

    await kettle.getByText('Attach to a section').click();
    await kettle.getByLabel('As customers ask it').fill('kettle lid wobbles');
    await kettle.getByLabel('Section', { exact: true }).selectOption({ label: 'en/shipping.md § Damaged on arrival' });
    await screenshot(page, 'console-kb-misses');
    const before = await page.locator('[data-testid="kb-version"]').textContent();
    await kettle.getByRole('button', { name: 'Attach' }).click();
    await page.getByRole('status').filter({ hasText: 'Attached "kettle lid wobbles" to en/shipping.md § Damaged on arrival' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('3 unanswered question(s) dealt with');
    expect(await page.locator('[data-testid="kb-version"]').textContent()).not.toBe(before);
    expect(await page.locator('#misses tbody tr').count()).toBe(1);

    const outcome = await runtime.engine.handle(message('k-after', 'kettle lid wobbles'));
    expect(outcome.replyKind).toBe('answer');
    expect(outcome.citations[0]).toEqual({ source: 'shipping.md', section: 'Damaged on arrival' });
  });

  it('starts a new document from a question, which then answers it', async () => {
    const shop = page.locator('#misses tbody tr').filter({ hasText: 'Berlin' });
    await shop.getByText('Start a new document').click();
    await shop.getByLabel('File name').fill('berlin-shop.md');
    await shop.getByLabel('Title').fill('Our shop in Berlin');
    await shop.getByLabel('Section heading (what customers ask)').fill('Can I visit your shop in Berlin?');
    await shop.getByLabel('Answer').fill('Yes: our Berlin showroom at Torstrasse 1 is open Monday to Saturday from 10:00 to 18:00.');
    await shop.getByRole('button', { name: 'Create document' }).click();
    await page.getByRole('status').filter({ hasText: 'Created berlin-shop.md' }).waitFor();
    await page.locator('tr[data-document="berlin-shop.md"]').waitFor();
    expect(await page.locator('#misses tbody tr').count()).toBe(0);
    const outcome = await runtime.engine.handle(message('s-after', 'can I visit the Berlin shop?'));
    expect(outcome.replyKind).toBe('answer');
    expect(outcome.citations[0]).toEqual({ source: 'berlin-shop.md', section: 'Can I visit your shop in Berlin?' });
    expect(outcome.reply).toContain('Torstrasse 1');
  });

  it('offers the same through the admin API, behind the token, with clear 4xx answers', async () => {
    await runtime.engine.handle(message('api-1', 'what about bitcoin then?'));
    expect((await fetch(`${server.url}/admin/api/kb/misses`)).status).toBe(401);
    const listed = (await (await fetch(`${server.url}/admin/api/kb/misses`, { headers: auth })).json()) as MissesBody;
    expect(listed.groups).toHaveLength(1);
    expect(listed.groups[0]).toMatchObject({ question: 'what about bitcoin then?', count: 1 });

    const post = (body: unknown) => fetch(`${server.url}/admin/api/kb/phrasings`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
    const invalid = await post({ document: 'en/orders.md', question: '' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { issues: string[] }).issues.join(' ')).toContain('section');
    const noSection = await post({ document: 'en/orders.md', section: 'Crypto', question: 'what about bitcoin then?' });
    expect(noSection.status).toBe(404);
    expect(await noSection.json()).toMatchObject({ error: 'section_not_found', sections: expect.arrayContaining(['Payment methods']) });
    const noDocument = await post({ document: 'nothing.md', section: 'x', question: 'y' });
    expect(noDocument.status).toBe(404);

    const attached = await post({ document: 'en/orders.md', section: 'Payment methods', question: 'what about bitcoin then?', misses: [listed.groups[0]!.misses[0]!.id] });
    expect(attached.status).toBe(201);
    expect(await attached.json()).toMatchObject({ phrased: ['en/orders.md'], resolved: 1 });
    expect(((await (await fetch(`${server.url}/admin/api/kb/misses`, { headers: auth })).json()) as MissesBody).groups).toEqual([]);
    const outcome = await runtime.engine.handle(message('api-2', 'what about bitcoin then?'));
    expect(outcome.citations[0]).toEqual({ source: 'orders.md', section: 'Payment methods' });

    const badDocument = await fetch(`${server.url}/admin/api/kb/misses/document`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: '../x.md', title: 't', question: 'q', answer: 'a', language: 'en' }),
    });
    expect(badDocument.status).toBe(400);
  });
});
