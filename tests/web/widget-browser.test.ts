import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { conversationOfToken, isFocused, launchChromium, screenshot, widgetTokens } from '../../testkit/browser.js';
import { startFakeOpenAi, type FakeOpenAiServer, type FakeReply } from '../../testkit/fake-openai-server.js';
import { startHostPage, type HostPage } from '../../testkit/host-page.js';
import { deferred } from '../../testkit/runtime.js';
import { groundedModel, isReplyRequest } from '../../testkit/scripted-llm.js';
import { startSlackHarness, staffUsers, type SlackHarness } from '../../testkit/slack-harness.js';
import { eventEnvelope, postButtonClick, postEvent, staffChannel, staffReplyEvent } from '../../testkit/slack-requests.js';

const firstSentence = 'Card refunds usually appear within 5 to 10 business days [P1]. ';
const restOfAnswer = ['PayPal refunds ', 'arrive within 1 to 3 business days [P1].'];

describe('the web widget in a real browser, embedded in a shop on another origin', { timeout: 120_000 }, () => {
  let host: HostPage & { setWidget(src: string, attributes?: Record<string, string>): void };
  let llm: FakeOpenAiServer;
  let h: SlackHarness;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    host = await startHostPage();
    llm = await startFakeOpenAi(groundedModel());
    h = await startSlackHarness({
      env: {
        OPENAI_BASE_URL: llm.url,
        LLM_MAX_RETRIES: '0',
        LLM_TIMEOUT_MS: '60000',
        LLM_REPLY_BUDGET_MS: '60000',
        WIDGET_ALLOWED_ORIGINS: host.origin,
      },
    });
    host.setWidget(`${h.url}/widget.js`, { title: 'Test shop help' });
    browser = await launchChromium();
  }, 120_000);
  afterEach(async () => {
    await context?.close();
    llm.setHandler(groundedModel());
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await llm?.close();
    await host?.close();
  });

  const openPage = async (locale = 'en-US'): Promise<Page> => {
    context = await browser.newContext({ locale, viewport: { width: 1000, height: 720 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(host.url());
    return page;
  };
  const widget = (page: Page) => ({
    launcher: page.locator('#aftercare-chat-widget button.launcher'),
    dialog: page.getByRole('dialog'),
    input: page.locator('#aftercare-chat-widget textarea'),
    typing: page.locator('#aftercare-chat-widget .typing'),
    banner: page.locator('#aftercare-chat-widget .banner'),
    message: (author: string, text: string | RegExp) => page.locator(`#aftercare-chat-widget li.msg.${author}`, { hasText: text }),
  });
  const send = async (page: Page, text: string) => {
    const w = widget(page);
    await w.input.fill(text);
    await w.input.press('Enter');
  };

  it('answers with a streamed reply and an expandable source, and keeps the conversation across a reload', async () => {
    const typingShown = deferred();
    const firstSentenceShown = deferred();
    llm.setHandler((request): FakeReply => {
      if (!isReplyRequest(request)) return groundedModel()(request);
      return {
        chunks: [firstSentence, ...restOfAnswer],
        pauses: [
          { afterChunks: 0, until: typingShown.promise },
          { afterChunks: 2, until: firstSentenceShown.promise },
        ],
      };
    });
    const page = await openPage();
    const w = widget(page);
    await w.launcher.click();
    await w.dialog.waitFor();
    expect(await w.dialog.getAttribute('aria-label')).toBe('Customer service chat');
    expect(await isFocused(w.input)).toBe(true);

    await send(page, 'How long does a refund take to reach my card?');
    await w.message('customer', 'How long does a refund take to reach my card?').waitFor();
    // Nothing written yet: the typing indicator shows.
    await w.typing.waitFor({ state: 'visible' });
    await screenshot(page, 'widget-1-typing');
    typingShown.resolve();

    // The first sentence arrives while the model is still writing the rest.
    const streaming = page.locator('#aftercare-chat-widget li.msg.bot[aria-busy="true"]', { hasText: 'Card refunds usually appear within 5 to 10 business days.' });
    await streaming.waitFor();
    expect(await streaming.textContent()).not.toContain('PayPal');
    expect(await w.typing.isVisible()).toBe(false);
    await screenshot(page, 'widget-2-streaming');
    firstSentenceShown.resolve();

    const answer = page.locator('#aftercare-chat-widget li.msg.bot[data-id]', { hasText: 'PayPal refunds arrive within 1 to 3 business days.' });
    await answer.waitFor();
    expect(await answer.getAttribute('aria-busy')).toBeNull();
    // The source is a collapsed citation, not a "Source:" line in the text.
    expect(await answer.locator('.bubble').textContent()).not.toMatch(/Source:/);
    const sources = answer.locator('details.sources');
    expect(await sources.locator('summary').textContent()).toBe('Source');
    expect(await sources.locator('.excerpt').isVisible()).toBe(false);
    await sources.locator('summary').click();
    await sources.locator('.excerpt').waitFor({ state: 'visible' });
    expect(await sources.textContent()).toContain('refunds.md › How long a refund takes to reach you');
    expect(await sources.locator('.excerpt').textContent()).toContain('Refunds go back to the original payment method');
    await screenshot(page, 'widget-3-answer-with-source');

    // The conversation token is signed, and the conversation key in it is random.
    const stored = await widgetTokens(page);
    expect(stored).toHaveLength(1);
    expect(stored[0]![1]).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);

    await page.reload();
    // The panel stays open after a reload, with the whole conversation.
    await w.dialog.waitFor();
    const restored = page.locator('#aftercare-chat-widget li.msg.bot[data-id]', { hasText: 'PayPal refunds arrive within 1 to 3 business days.' });
    await restored.waitFor();
    await w.message('customer', 'How long does a refund take to reach my card?').waitFor();
    expect(await restored.locator('details.sources summary').textContent()).toBe('Source');
    expect(await page.locator('#aftercare-chat-widget li.msg[data-id]').count()).toBe(2);
    await screenshot(page, 'widget-4-after-reload');
  });

  it('when the visitor asks for a person, says a colleague is coming and shows the staff reply as it arrives', async () => {
    const page = await openPage();
    const w = widget(page);
    await w.launcher.click();
    await send(page, 'agent please, I need a human');
    await w.message('bot', /passed your conversation to a colleague/).waitFor();
    await w.banner.filter({ hasText: 'A colleague has been asked to join' }).waitFor();

    // The staff side: the real Slack handoff, against the Slack stand-in.
    const conversationKey = conversationOfToken((await widgetTokens(page))[0]![1]);
    const blocksOf = (args: Record<string, unknown>) => JSON.stringify(args.blocks ?? []);
    const card = await h.slack.waitFor('chat.postMessage', (call) => call.args.channel === staffChannel && !call.args.thread_ts && blocksOf(call.args).includes(conversationKey));
    const cardTs = String(card.response.ts);
    expect(blocksOf(card.args)).toContain('agent please, I need a human');
    const conversation = (await h.runtime.store.conversations.findByKey('widget', conversationKey))!;
    const escalation = (await h.runtime.store.escalations.open(conversation.id))!;
    await postButtonClick(h.url, { actionId: 'handoff_take_over', value: escalation.id, user: staffUsers.alex.id, messageTs: cardTs });

    await w.message('system', 'Alex from our support team has joined the conversation').waitFor();
    await w.banner.filter({ hasText: "You're chatting with Alex from our support team." }).waitFor();

    // Closed panel: Esc closes it and gives focus back to the launcher; a staff reply lights the badge.
    await w.input.press('Escape');
    await w.dialog.waitFor({ state: 'hidden' });
    expect(await isFocused(w.launcher)).toBe(true);
    const reply = staffReplyEvent(staffUsers.alex.id, cardTs, 'Hi, Alex here. I can see your order and will sort this out now.');
    await postEvent(h.url, eventEnvelope(reply));
    await page.locator('#aftercare-chat-widget .badge').waitFor({ state: 'visible' });
    expect(await w.launcher.getAttribute('aria-label')).toBe('Chat with customer service (new message)');
    await w.launcher.click();
    const staffMessage = w.message('staff', 'Hi, Alex here. I can see your order');
    await staffMessage.waitFor();
    expect(await staffMessage.locator('.who').textContent()).toBe('Alex · Support team');
    await h.slack.waitFor('reactions.add', (call) => call.args.timestamp === reply.ts && call.args.name === 'white_check_mark');
    await screenshot(page, 'widget-5-staff-reply');

    // What the visitor writes now goes to Alex's thread; the bot stays quiet.
    await send(page, 'Thank you Alex!');
    await w.message('customer', 'Thank you Alex!').locator('xpath=self::*[@data-id]').waitFor();
    await h.slack.waitFor('chat.postMessage', (call) => call.args.thread_ts === cardTs && /Thank you Alex/.test(String(call.args.text)));
    expect(await page.locator('#aftercare-chat-widget li.msg.bot[data-id]').count()).toBe(1);
  });

  it("speaks the browser's language, and the customer's once they write in another", async () => {
    const zhPage = await openPage('zh-CN');
    const zh = widget(zhPage);
    expect(await zh.launcher.getAttribute('aria-label')).toBe('联系在线客服');
    await context.close();

    const page = await openPage('en-US');
    const w = widget(page);
    await w.launcher.click();
    expect(await w.input.getAttribute('placeholder')).toBe('Type your question…');
    await send(page, '退款多久能到账？');
    await page.locator('#aftercare-chat-widget li.msg.bot[data-id]').waitFor();
    expect(await w.input.getAttribute('placeholder')).toBe('请输入您的问题……');
    expect(await page.locator('#aftercare-chat-widget li.msg.customer .who').first().textContent()).toBe('我');
  });

  it('on a site that is not allowed, says chat is unavailable and tells the developer why', async () => {
    const stranger = await startHostPage();
    try {
      stranger.setWidget(`${h.url}/widget.js`);
      context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (entry) => entry.type() === 'error' && errors.push(entry.text()));
      await page.goto(stranger.url());
      const w = widget(page);
      await w.launcher.click();
      await page.locator('#aftercare-chat-widget .notice', { hasText: 'Chat is not available on this page right now.' }).waitFor();
      expect(errors.some((e) => e.includes('add it to WIDGET_ALLOWED_ORIGINS'))).toBe(true);
      expect(await widgetTokens(page)).toEqual([]);
    } finally {
      await stranger.close();
    }
  });

  it('is usable with the keyboard alone, and announces new messages politely', async () => {
    const page = await openPage();
    const w = widget(page);
    // The shop's own button, then the widget's launcher.
    await page.locator('#host-button').focus();
    await page.keyboard.press('Tab');
    expect(await isFocused(w.launcher)).toBe(true);
    expect(await w.launcher.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    await w.dialog.waitFor();
    expect(await w.launcher.getAttribute('aria-expanded')).toBe('true');
    expect(await isFocused(w.input)).toBe(true);
    const log = page.locator('#aftercare-chat-widget [role="log"]');
    expect(await log.getAttribute('aria-live')).toBe('polite');
    await page.keyboard.type('Do you ship to Canada?');
    await page.keyboard.press('Enter');
    await page.locator('#aftercare-chat-widget li.msg.bot[data-id]').waitFor();
    await page.keyboard.press('Escape');
    await w.dialog.waitFor({ state: 'hidden' });
    expect(await w.launcher.getAttribute('aria-expanded')).toBe('false');
  });
});
