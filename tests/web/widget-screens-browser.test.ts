import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { conversationOfToken, launchChromium, screenshot, widgetTokens } from '../../testkit/browser.js';
import { startFakeOpenAi, type FakeOpenAiServer } from '../../testkit/fake-openai-server.js';
import { startHostPage, type HostPage } from '../../testkit/host-page.js';
import { deferred, tempDir, testRuntime } from '../../testkit/runtime.js';
import { groundedModel, idOf, scriptedModel } from '../../testkit/scripted-llm.js';

/** Two phones people use (iPhone 12–15, a common Android) and a laptop. */
const screens = [
  { name: 'phone 390×844', width: 390, height: 844, phone: true },
  { name: 'phone 360×740', width: 360, height: 740, phone: true },
  { name: 'desktop 1280×800', width: 1280, height: 800, phone: false },
] as const;
type Screen = (typeof screens)[number];

const refundQuestion = 'How long does a refund take to reach my card?';
const cardSentence = 'Card refunds usually appear within 5 to 10 business days, depending on your bank';

describe('the web widget on phones and on a desktop', { timeout: 120_000 }, () => {
  let host: HostPage & { setWidget(src: string, attributes?: Record<string, string>): void };
  let llm: FakeOpenAiServer;
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    host = await startHostPage();
    llm = await startFakeOpenAi(groundedModel());
    dir = tempDir();
    runtime = await testRuntime(dir.path, {
      observer: createMetrics().observer,
      env: {
        OPENAI_BASE_URL: llm.url,
        LLM_MAX_RETRIES: '0',
        LLM_TIMEOUT_MS: '60000',
        LLM_REPLY_BUDGET_MS: '60000',
        WIDGET_ALLOWED_ORIGINS: host.origin,
        // Every page here is a new visitor from 127.0.0.1: the per-address limits would otherwise be reached.
        WIDGET_SESSIONS_PER_MINUTE: '1000',
        WIDGET_MESSAGES_PER_MINUTE: '1000',
      },
    });
    server = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
    host.setWidget(`${server.url}/widget.js`);
    browser = await launchChromium();
  }, 120_000);
  afterEach(async () => {
    await context?.close();
    context = undefined;
    llm.setHandler(groundedModel());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await runtime?.close();
    await llm?.close();
    await host?.close();
    dir?.remove();
  });

  const openPage = async (screen: Screen, locale = 'en-US'): Promise<Page> => {
    context = await browser.newContext({
      locale,
      viewport: { width: screen.width, height: screen.height },
      ...(screen.phone ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
    });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(host.url());
    return page;
  };
  const widget = (page: Page) => ({
    launcher: page.locator('#aftercare-chat-widget button.launcher'),
    dialog: page.getByRole('dialog'),
    input: page.locator('#aftercare-chat-widget textarea'),
    sendButton: page.locator('#aftercare-chat-widget form button[type="submit"]'),
    bots: page.locator('#aftercare-chat-widget li.msg.bot[data-id]'),
    message: (author: string, text: string | RegExp) => page.locator(`#aftercare-chat-widget li.msg.${author}`, { hasText: text }),
  });

  /** A finger on a phone, the mouse on a desktop: at the element's centre, wherever that lands. */
  const press = async (page: Page, screen: Screen, target: Locator): Promise<string | null> => {
    const box = (await target.boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    // What a finger at that point would hit, looked up in the widget's shadow root.
    const hit = (await page.evaluate(
      `(() => { const hit = document.getElementById('aftercare-chat-widget').shadowRoot.elementFromPoint(${x}, ${y}); return hit ? hit.tagName.toLowerCase() + '.' + hit.className : null; })()`,
    )) as string | null;
    if (screen.phone) await page.touchscreen.tap(x, y);
    else await page.mouse.click(x, y);
    return hit;
  };

  const openPanel = async (page: Page, screen: Screen) => {
    const w = widget(page);
    await press(page, screen, w.launcher);
    await w.dialog.waitFor();
  };

  const storedReplies = async (page: Page) => {
    const key = conversationOfToken((await widgetTokens(page))[0]![1]);
    const conversation = (await runtime.store.conversations.findByKey('widget', key))!;
    return (await runtime.store.messages.recent(conversation.id, 50)).filter((m) => m.author === 'bot');
  };

  /** What the customer reads in a reply bubble, as the stored reply says it (the widget lists the source line as a citation). */
  const withoutSourceLine = (text: string) => text.replace(/\n\nSources?: [^\n]+$|\n\n来源：[^\n]+$/, '');

  describe.each(screens)('$name', (screen) => {
    it('tapping Send sends: the launcher never covers it, and the panel stays open', async () => {
      const page = await openPage(screen);
      const w = widget(page);
      await openPanel(page, screen);
      if (screen.phone) {
        // The panel fills the screen; the launcher is out of the way until it closes.
        expect(await w.launcher.isVisible()).toBe(false);
        const panel = (await w.dialog.boundingBox())!;
        expect([panel.x, panel.y, panel.width, panel.height]).toEqual([0, 0, screen.width, screen.height]);
      } else {
        expect(await w.launcher.isVisible()).toBe(true);
      }
      await w.input.fill(refundQuestion);
      const hit = await press(page, screen, w.sendButton);
      expect(hit).toBe('button.');
      await w.message('customer', refundQuestion).waitFor();
      await w.bots.filter({ hasText: /card refunds/i }).waitFor();
      expect(await w.dialog.isVisible()).toBe(true);
      expect(await w.input.inputValue()).toBe('');
      await screenshot(page, `widget-${screen.width}x${screen.height}-sent`);

      // Closing gives the launcher back.
      await press(page, screen, page.locator('#aftercare-chat-widget button.close'));
      await w.dialog.waitFor({ state: 'hidden' });
      expect(await w.launcher.isVisible()).toBe(true);
    });

    it('an answer cut at the token budget ends on a whole sentence, and the stored reply is what the customer saw', async () => {
      const firstShown = deferred();
      llm.setHandler(
        scriptedModel((prompt) => {
          const id = idOf(prompt, 'refunds.md', 'How long a refund takes to reach you');
          // The first sentence is complete (and shown) once the next one starts; then the budget cuts the model off.
          return { chunks: [`${cardSentence} [${id}]. `, 'PayPal, ', 'Alipay and'], pauses: [{ afterChunks: 2, until: firstShown.promise }], finishReason: 'length' };
        }),
      );
      const page = await openPage(screen);
      const w = widget(page);
      await openPanel(page, screen);
      await w.input.fill(refundQuestion);
      await press(page, screen, w.sendButton);
      const streaming = page.locator('#aftercare-chat-widget li.msg.bot[aria-busy="true"]');
      await streaming.filter({ hasText: `${cardSentence}.` }).waitFor();
      firstShown.resolve();

      const answer = w.bots.filter({ hasText: cardSentence });
      await answer.waitFor();
      const shown = (await answer.locator('.bubble').textContent())!;
      expect(shown).toBe(`${cardSentence}.`);
      expect(shown).not.toContain('Alipay and');
      const stored = (await storedReplies(page)).at(-1);
      expect(withoutSourceLine(stored!.text)).toBe(shown);
      expect(stored!.text).toMatch(/Source: refunds\.md/);
    });

    it('an answer cut before its first sentence ends is replaced by the full passage answer', async () => {
      llm.setHandler(scriptedModel(() => ({ chunks: ['Card refunds usually appear within 5 to 10 business days, depending on'], finishReason: 'length' })));
      const page = await openPage(screen);
      const w = widget(page);
      await openPanel(page, screen);
      await w.input.fill(refundQuestion);
      await press(page, screen, w.sendButton);
      const answer = w.bots.filter({ hasText: 'PayPal, Alipay and WeChat Pay refunds usually arrive within 1 to 3 business days.' });
      await answer.waitFor();
      const shown = (await answer.locator('.bubble').textContent())!;
      expect(shown).not.toMatch(/depending on$/);
      const stored = (await storedReplies(page)).at(-1);
      expect(withoutSourceLine(stored!.text)).toBe(shown);
    });

    it('after a switch to Chinese, the first streamed reply is labelled in Chinese from its first word', async () => {
      const zhShown = deferred();
      llm.setHandler(
        scriptedModel((prompt) => {
          const zh = prompt.passages.find((p) => p.language === 'zh' && p.source === 'refunds.md');
          if (!zh) return groundedModel()({ messages: [], model: '', stream: true, body: {}, abandoned: Promise.resolve(false) });
          return { chunks: [`银行卡退款一般在 5 至 10 个工作日内到账[${zh.id}]。`, '具体', '以发卡银行为准。'], pauses: [{ afterChunks: 2, until: zhShown.promise }] };
        }),
      );
      const page = await openPage(screen);
      const w = widget(page);
      await openPanel(page, screen);
      await w.input.fill('Hello');
      await press(page, screen, w.sendButton);
      await w.bots.first().waitFor();
      expect(await w.bots.first().locator('.who').textContent()).toBe('Assistant');

      await w.input.fill('退款多久能到账？');
      await press(page, screen, w.sendButton);
      const streaming = page.locator('#aftercare-chat-widget li.msg.bot[aria-busy="true"]', { hasText: '银行卡退款' });
      await streaming.waitFor();
      expect(await streaming.locator('.who').textContent()).toBe('客服助手');
      zhShown.resolve();
      const answer = w.bots.filter({ hasText: '具体以发卡银行为准' });
      await answer.waitFor();
      // Every bubble, old and new, speaks the conversation's language.
      expect(await page.locator('#aftercare-chat-widget li.msg.bot .who').allTextContents()).toEqual(['客服助手', '客服助手', '客服助手']);
      expect(await page.locator('#aftercare-chat-widget li.msg.customer .who').allTextContents()).toEqual(['我', '我']);
      expect(await answer.locator('details.sources summary').textContent()).toBe('来源');
      await screenshot(page, `widget-${screen.width}x${screen.height}-chinese`);
    });

    it("thanks, ok and 好的谢谢 get short fitting replies in the customer's language", async () => {
      const page = await openPage(screen);
      const w = widget(page);
      await openPanel(page, screen);
      const say = async (text: string, expected: RegExp) => {
        const before = await w.bots.count();
        await w.input.fill(text);
        await press(page, screen, w.sendButton);
        await page.waitForFunction(`document.getElementById('aftercare-chat-widget').shadowRoot.querySelectorAll('li.msg.bot[data-id]').length > ${before}`);
        expect(await w.bots.last().locator('.bubble').textContent()).toMatch(expected);
      };
      await say(refundQuestion, /card refunds/i);
      await say('Thanks!', /^You're welcome!/);
      await say('ok', /^Great\. Is there anything else/);
      await say('好的谢谢', /^不客气/);
      expect(await w.bots.last().locator('.who').textContent()).toBe('客服助手');
    });
  });
});
