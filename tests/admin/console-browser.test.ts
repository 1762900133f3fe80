import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { launchChromium, screenshot } from '../../testkit/browser.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';

const adminToken = 'browser-console-token-42';
const newPolicy = `# Gift wrapping

## Gift wrapping and gift notes
We gift-wrap any order for $4.50 per parcel. Add a gift note of up to 200 characters at checkout; prices never appear on the packing slip of a gift order.
`;

describe('the admin console in a real browser', { timeout: 120_000 }, () => {
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
    await runtime.engine.handle(message('order-7781', 'Where is my order A-7781? It was due on Monday.'));
    await runtime.engine.handle(message('order-7781', 'This is ridiculous, I want to talk to a real person now!'));
    await runtime.engine.handle(message('refund-q', 'How long does a refund take to reach my card?'));
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

  it('signs in with the admin token', async () => {
    await page.goto(`${server.url}/admin/kb`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.getByLabel('Admin token').fill('wrong token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That is not the admin token.' }).waitFor();
    await page.getByLabel('Admin token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Knowledge base', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/kb');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'aftercare_console')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
    // The page's scripts cannot read it.
    expect(await page.evaluate('document.cookie')).toBe('');
  });

  it('uploads a document, which a search then finds with its score', async () => {
    const versionBefore = await page.locator('[data-testid="kb-version"]').textContent();
    await page.getByLabel(/Policy documents/).setInputFiles({ name: 'gift-wrapping.md', mimeType: 'text/markdown', buffer: Buffer.from(newPolicy) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('status').filter({ hasText: 'Uploaded: added gift-wrapping.md' }).waitFor();
    const versionAfter = await page.locator('[data-testid="kb-version"]').textContent();
    expect(versionAfter).not.toBe(versionBefore);
    const row = page.locator('tr[data-document="gift-wrapping.md"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('en');

    await page.getByLabel('Question').fill('Can you gift wrap my order with a note?');
    await page.getByRole('button', { name: 'Search' }).click();
    const first = page.locator('#search-results tbody tr').first();
    await first.waitFor();
    expect(await first.textContent()).toContain('gift-wrapping.md');
    expect(await first.textContent()).toContain('Gift wrapping and gift notes');
    const score = Number(await first.locator('.score-value').textContent());
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThanOrEqual(1);
    await screenshot(page, 'console-kb-search');
    // And the bot now answers from it.
    const outcome = await runtime.engine.handle(message('gift-1', 'Can you gift wrap my order with a note?'));
    expect(outcome.citations[0]).toMatchObject({ source: 'gift-wrapping.md' });
  });

  it('finds a conversation and shows its transcript with sentiment per turn and why it was escalated', async () => {
    await page.getByRole('link', { name: 'Conversations' }).click();
    await page.getByLabel(/Words in a message/).fill('real person');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.locator('#conversations tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    await screenshot(page, 'console-conversations');
    await rows.first().getByRole('link', { name: 'order-7781' }).click();
    const transcript = page.locator('#transcript');
    await transcript.waitFor();
    const angry = transcript.locator('tr.customer', { hasText: 'I want to talk to a real person now!' });
    expect(await angry.locator('.badge').textContent()).toBe('negative');
    expect(await angry.locator('.reason').allTextContents()).toContain('human_requested');
    // No staff desk in this set-up (no Slack, no staff account): the customer was given the shop's contact instead of a promise.
    expect(await transcript.locator('tr.bot', { hasText: 'please contact them directly' }).count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('human_requested');
    await screenshot(page, 'console-transcript');
  });

  it('shows the escalation queue and the metrics with charts', async () => {
    await page.getByRole('link', { name: 'Escalations' }).click();
    const waiting = page.locator('#escalations tbody tr', { hasText: 'order-7781' });
    await waiting.waitFor();
    expect(await waiting.locator('.badge').textContent()).toBe('open');
    await screenshot(page, 'console-escalations');

    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.locator('[data-metric="conversations"]').waitFor();
    // order-7781, refund-q and gift-1.
    expect(await page.locator('[data-metric="conversations"]').textContent()).toBe('3');
    expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(4);
    expect(await page.getByRole('img', { name: /Share of conversations escalated, by reason/ }).count()).toBe(1);
    await screenshot(page, 'console-metrics');
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto(`${server.url}/admin/metrics`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
  });
});
