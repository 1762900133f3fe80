import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { conversationOfToken, launchChromium, screenshot, widgetTokens } from '../../testkit/browser.js';
import { startHostPage, type HostPage } from '../../testkit/host-page.js';
import { tempDir, testRuntime } from '../../testkit/runtime.js';

const password = 'a long agent password';

describe('a customer in the widget and an agent in the console, in two browser contexts', { timeout: 180_000 }, () => {
  let dir: ReturnType<typeof tempDir>;
  let host: HostPage & { setWidget(src: string, attributes?: Record<string, string>): void };
  let runtime: Runtime;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = tempDir();
    host = await startHostPage();
    const metrics = createMetrics();
    runtime = await testRuntime(dir.path, {
      observer: metrics.observer,
      env: { ADMIN_TOKEN: 'inbox-browser-admin-token', WIDGET_ALLOWED_ORIGINS: host.origin, STAFF_PASSWORD_HASH_COST: '4', CONSOLE_LIVE_POLL_MS: '200' },
    });
    await runtime.staffAccounts.create({ username: 'sam', name: 'Sam', role: 'agent', password }, { id: 'test', name: 'Test' });
    server = await startServer(runtime, metrics, { host: '127.0.0.1', port: 0 });
    host.setWidget(`${server.url}/widget.js`, { title: 'Test shop help' });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await runtime?.close();
    await host?.close();
    dir?.remove();
  });

  it('escalates in the widget; the agent sees it arrive live, takes it, replies, resolves, and the rating is recorded', async () => {
    // The agent signs in and opens the inbox first: nobody is waiting yet.
    const agentContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const agent = await agentContext.newPage();
    agent.setDefaultTimeout(30_000);
    await agent.goto(`${server.url}/admin/inbox`);
    await agent.getByLabel('Username').fill('sam');
    await agent.getByLabel('Password').fill(password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await agent.locator('#inbox-empty').waitFor();
    await agent.locator('html[data-live-ready="true"]').waitFor();
    // Marks this page load: a reload would lose it.
    await agent.evaluate('window.loadedOnce = true');

    // The customer, in another context, asks for a person in the widget on the shop's site.
    const customerContext = await browser.newContext({ viewport: { width: 1000, height: 720 } });
    const customer: Page = await customerContext.newPage();
    customer.setDefaultTimeout(30_000);
    await customer.goto(host.url());
    const widgetMessage = (author: string, text: string | RegExp) => customer.locator(`#aftercare-chat-widget li.msg.${author}`, { hasText: text });
    const say = async (words: string) => {
      await customer.locator('#aftercare-chat-widget textarea').fill(words);
      await customer.locator('#aftercare-chat-widget textarea').press('Enter');
    };
    await customer.locator('#aftercare-chat-widget button.launcher').click();
    await say('My parcel never arrived and nobody answers. I want to talk to a real person now!');
    await widgetMessage('bot', /passed your conversation to a colleague/).waitFor();
    const conversationKey = conversationOfToken((await widgetTokens(customer))[0]![1]);

    // It appears in the agent's inbox without a reload.
    const row = agent.locator('#inbox-queue tbody tr', { hasText: conversationKey.slice(0, 20) });
    await row.waitFor();
    expect(await row.locator('.badge').textContent()).toBe('open');
    expect(await agent.evaluate('window.loadedOnce')).toBe(true);
    await screenshot(agent, 'inbox-1-queue');

    // The conversation: transcript, why it was escalated (with the evidence), sentiment and intent.
    await row.getByRole('link').click();
    await agent.locator('#inbox-transcript').getByText('I want to talk to a real person now!').waitFor();
    const aside = agent.locator('aside');
    expect(await aside.textContent()).toContain('Asked for a person');
    expect(await aside.locator('.evidence').first().textContent()).toMatch(/real person/);
    expect(await agent.getByTestId('sentiment').textContent()).toMatch(/negative/);
    expect(await agent.getByTestId('intent').textContent()).not.toBe('–');

    await agent.getByRole('button', { name: 'Take over' }).click();
    await agent.getByRole('status').filter({ hasText: 'You have taken this over' }).waitFor();
    await widgetMessage('system', 'Sam from our support team has joined the conversation').waitFor();

    await agent.getByLabel('Reply to the customer').fill('Hi, Sam here. I have found your parcel and a courier brings it tomorrow.');
    await agent.getByRole('button', { name: 'Send to customer' }).click();
    await agent.getByRole('status').filter({ hasText: 'Sent to the customer.' }).waitFor();
    const staffReply = widgetMessage('staff', 'I have found your parcel');
    await staffReply.waitFor();
    expect(await staffReply.locator('.who').textContent()).toBe('Sam · Support team');
    await screenshot(customer, 'inbox-2-widget-staff-reply');
    // The customer's answer shows in the agent's open conversation, live.
    await agent.evaluate('window.loadedOnce = true');
    await say('Great, thank you Sam!');
    await agent.locator('#inbox-transcript').getByText('Great, thank you Sam!').waitFor();
    expect(await agent.evaluate('window.loadedOnce')).toBe(true);
    await screenshot(agent, 'inbox-3-conversation');

    await agent.getByRole('button', { name: 'Resolve' }).click();
    await agent.getByRole('status').filter({ hasText: 'Resolved; the customer was told.' }).waitFor();
    await widgetMessage('system', /Reply with a number from 1 \(poor\) to 5/).waitFor();
    await say('5');
    await widgetMessage('bot', 'Thank you for your feedback!').waitFor();

    // Recorded in the store, and the agent's page shows it without a reload.
    const conversation = (await runtime.store.conversations.findByKey('widget', conversationKey))!;
    const escalation = (await runtime.store.escalations.latest(conversation.id))!;
    expect(escalation).toMatchObject({ status: 'resolved', rating: 5, closedByName: 'Sam', assigneeName: 'Sam' });
    await agent.getByTestId('rating').filter({ hasText: '5/5' }).waitFor();
    await screenshot(agent, 'inbox-4-resolved-rated');
    await customerContext.close();
    await agentContext.close();
  });
});
