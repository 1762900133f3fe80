/**
 * Makes the README's screenshots (docs/screenshots/*.png): the widget on a pretend shop's page
 * and each console page, over demo conversations that this script writes and spreads over the
 * last two weeks. Needs Chromium (/usr/bin/chromium or CHROMIUM_PATH).
 *
 *   npm run docs:screenshots
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { launchChromium } from '../testkit/browser.js';
import { startFakeOpenAi } from '../testkit/fake-openai-server.js';
import { startHostPage } from '../testkit/host-page.js';
import { message, repoRoot } from '../testkit/runtime.js';
import { groundedModel } from '../testkit/scripted-llm.js';
import { startSlackHarness, staffUsers } from '../testkit/slack-harness.js';
import { eventEnvelope, postButtonClick, postEvent, staffChannel, staffReplyEvent } from '../testkit/slack-requests.js';

const out = join(repoRoot, 'docs/screenshots');
const adminToken = 'screenshots-admin-token';
const dayMs = 86_400_000;

/** Chinese text needs a CJK font in the browser (e.g. Debian's fonts-noto-cjk); without one it would show as boxes. */
const cjkFont = (spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout ?? '').trim().length > 0;
if (!cjkFont) console.warn('no CJK font installed (fonts-noto-cjk): the Chinese demo conversations are left out of the screenshots');

const allDemo: Array<{ key: string; channel: string; daysAgo: number; texts: string[] }> = [
  { key: 'wx-oA81', channel: 'wechat', daysAgo: 13, texts: ['退款多久能到账？', '好的，谢谢！'] },
  { key: 'c-1042', channel: 'widget', daysAgo: 12, texts: ['Do you ship to Canada?'] },
  { key: 'U04SLK', channel: 'slack', daysAgo: 11, texts: ['How long does a refund take to reach my card?', 'Great, thanks a lot!'] },
  {
    key: 'c-1107',
    channel: 'widget',
    daysAgo: 10,
    texts: ['My parcel says delivered but nothing arrived. This is the third time!', 'I want to speak to a manager, this is unacceptable'],
  },
  { key: 'wx-oB22', channel: 'wechat', daysAgo: 9, texts: ['拆封的耳机可以七天无理由退货吗？'] },
  { key: 'c-1180', channel: 'widget', daysAgo: 8, texts: ['What is the return window for shoes?', 'Thanks'] },
  { key: 'shop-app-9', channel: 'web', daysAgo: 7, texts: ['Can I change my delivery address? The order has not shipped yet.'] },
  { key: 'c-1233', channel: 'widget', daysAgo: 6, texts: ['The charger started smoking when I plugged it in!'] },
  { key: 'wx-oC09', channel: 'wechat', daysAgo: 5, texts: ['你们这是什么垃圾服务，我要投诉到12315！'] },
  { key: 'U05SLK', channel: 'slack', daysAgo: 4, texts: ['Do you offer price protection if it goes on sale?', 'ok thanks'] },
  { key: 'c-1301', channel: 'widget', daysAgo: 3, texts: ['How do I get an invoice for my order?'] },
  { key: 'c-1322', channel: 'widget', daysAgo: 2, texts: ['Is the warranty valid if I bought it on sale?', 'perfect, thank you!'] },
  { key: 'wx-oD47', channel: 'wechat', daysAgo: 1, texts: ['发票怎么开？'] },
  { key: 'c-1350', channel: 'widget', daysAgo: 0, texts: ['Where is my order A-7781? It was due on Monday.', 'Still nothing. I need a real person please.'] },
];

const demo = allDemo.filter((c) => cjkFont || c.texts.every((t) => !/\p{Script=Han}/u.test(t)));

/** Moves a conversation's rows back in time, so the metrics charts have days to show. */
function backdate(store: SqliteStore, conversationId: string, ms: number): void {
  const db = store.db;
  db.prepare('UPDATE messages SET created_at = created_at - ? WHERE conversation_id = ?').run(ms, conversationId);
  db.prepare('UPDATE events SET created_at = created_at - ? WHERE conversation_id = ?').run(ms, conversationId);
  db.prepare('UPDATE escalations SET created_at = created_at - ?, updated_at = updated_at - ? WHERE conversation_id = ?').run(ms, ms, conversationId);
  db.prepare('UPDATE conversations SET created_at = created_at - ?, updated_at = updated_at - ? WHERE id = ?').run(ms, ms, conversationId);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(out, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

mkdirSync(out, { recursive: true });
const host = await startHostPage();
const llm = await startFakeOpenAi(groundedModel());
const h = await startSlackHarness({
  env: { OPENAI_BASE_URL: llm.url, LLM_MAX_RETRIES: '0', WIDGET_ALLOWED_ORIGINS: host.origin, ADMIN_TOKEN: adminToken, LOG_LEVEL: 'silent' },
});
host.setWidget(`${h.url}/widget.js`, { title: 'Northwind Outfitters' });
const browser = await launchChromium();
try {
  const store = h.runtime.store as SqliteStore;
  for (const conversation of demo) {
    for (const text of conversation.texts)
      await h.runtime.engine.handle({ ...message(conversation.key, text, { channel: conversation.channel }), userId: `${conversation.channel}-user-${conversation.key}` });
    const stored = (await store.conversations.findByKey(conversation.channel, conversation.key))!;
    backdate(store, stored.id, conversation.daysAgo * dayMs + 3_600_000);
  }
  await h.runtime.engine.settled();

  // The widget: an answer with its source, then a hand-over to a colleague who replies.
  const widgetContext = await browser.newContext({ viewport: { width: 900, height: 760 }, locale: 'en-US' });
  const page = await widgetContext.newPage();
  await page.goto(host.url());
  await page.locator('#aftercare-chat-widget button.launcher').click();
  const input = page.locator('#aftercare-chat-widget textarea');
  await input.fill('How long does a refund take to reach my card?');
  await input.press('Enter');
  const answer = page.locator('#aftercare-chat-widget li.msg.bot[data-id]').last();
  await answer.waitFor();
  await answer.locator('details.sources summary').click();
  await shoot(page, 'widget-answer');

  await input.fill('I was charged twice for this order, agent please');
  await input.press('Enter');
  await page.locator('#aftercare-chat-widget .banner').filter({ hasText: 'colleague' }).waitFor();
  const card = await h.slack.waitFor(
    'chat.postMessage',
    (call) => call.args.channel === staffChannel && !call.args.thread_ts && JSON.stringify(call.args.blocks ?? []).includes('charged twice'),
  );
  const cardTs = String(card.response.ts);
  const escalation = (await store.escalations.listRecent(['open'], 10)).find((e) => e.staffThread?.includes(cardTs))!;
  await postButtonClick(h.url, { actionId: 'handoff_take_over', value: escalation.id, user: staffUsers.alex.id, messageTs: cardTs });
  await postEvent(
    h.url,
    eventEnvelope(
      staffReplyEvent(staffUsers.alex.id, cardTs, "Hi, I'm Alex. I can see the double charge: I've refunded the second one, it will show on your card in 5 to 10 business days."),
    ),
  );
  await page.locator('#aftercare-chat-widget li.msg.staff').waitFor();
  await shoot(page, 'widget-staff-reply');
  // Alex resolves it and the customer rates the help.
  await postButtonClick(h.url, { actionId: 'handoff_resolve', value: escalation.id, user: staffUsers.alex.id, messageTs: cardTs });
  await page.locator('#aftercare-chat-widget li.msg.system', { hasText: 'resolved' }).waitFor();
  await input.fill('5');
  await input.press('Enter');
  await page.locator('#aftercare-chat-widget li.msg.bot[data-id]', { hasText: 'Thank you for your feedback' }).waitFor();
  await widgetContext.close();

  // The console.
  const consoleContext = await browser.newContext({ viewport: { width: 1200, height: 820 } });
  const admin = await consoleContext.newPage();
  await admin.goto(`${h.url}/admin/login`);
  await shoot(admin, 'console-login');
  await admin.getByLabel('Admin token').fill(adminToken);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await admin.locator('[data-metric="conversations"]').waitFor();
  await shoot(admin, 'console-metrics');
  await admin.goto(`${h.url}/admin/kb?q=${encodeURIComponent('Can I return opened headphones?')}`);
  await shoot(admin, 'console-knowledge-base');
  await admin.goto(`${h.url}/admin/conversations`);
  await shoot(admin, 'console-conversations');
  const c1107 = (await store.conversations.findByKey('widget', 'c-1107'))!;
  await admin.goto(`${h.url}/admin/conversations/${c1107.id}`);
  await shoot(admin, 'console-transcript');
  await admin.goto(`${h.url}/admin/escalations?status=all`);
  await shoot(admin, 'console-escalations');
  await consoleContext.close();
} finally {
  await browser.close();
  await h.close();
  await llm.close();
  await host.close();
}
