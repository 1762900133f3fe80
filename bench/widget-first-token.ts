/**
 * How soon a widget visitor sees the answer start, end to end: a real `aftercare serve`
 * process, the widget embedded in a page on another origin in headless Chromium, and an
 * OpenAI-compatible stand-in model on 127.0.0.1 that streams its answer word by word. Times
 * are taken in the page (a MutationObserver on the widget), from pressing Enter to the first
 * streamed text on screen and to the finished answer with its source; and, without the
 * browser, from the POST to the first `delta` event on the wire.
 *
 *   npm run bench:widget [-- --runs 20 --word-ms 25]
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium } from '../testkit/browser.js';
import { cliEnv, startCliServer } from '../testkit/cli.js';
import { startFakeOpenAi, type FakeReply } from '../testkit/fake-openai-server.js';
import { startHostPage } from '../testkit/host-page.js';
import { tempDir } from '../testkit/runtime.js';
import { groundedModel, isReplyRequest, readReplyPrompt } from '../testkit/scripted-llm.js';
import { newSession, postTurn } from '../testkit/widget-client.js';
import { percentile } from '../src/stats.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, 'word-ms': { type: 'string', default: '25' } } });
const runs = Number(values.runs);
const wordMs = Number(values['word-ms']);

const answer = (id: string) =>
  `Card refunds usually appear within 5 to 10 business days [${id}]. PayPal, Alipay and WeChat Pay refunds usually arrive within 1 to 3 business days [${id}]. Store credit is available immediately [${id}].`;
const questions = [
  'How long does a refund take to reach my card?',
  'When will my refund arrive on my card?',
  'How many days until the refund is on my credit card?',
  'My card refund, how long does it take?',
];

function report(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (n: number) => `${n.toFixed(0).padStart(5)} ms`;
  console.log(`${label.padEnd(50)} p50 ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  max ${f(sorted.at(-1)!)}  (n=${sorted.length})`);
}

/** Records, in the page, when the first streamed text and the finished answer appear. */
const observe = `(() => {
  const root = document.querySelector('#aftercare-chat-widget').shadowRoot;
  window.__marks = {};
  new MutationObserver(() => {
    const now = performance.now();
    const streaming = root.querySelector('li.msg.bot[aria-busy="true"] .bubble');
    if (!window.__marks.first && streaming && streaming.textContent) window.__marks.first = now;
    const done = [...root.querySelectorAll('li.msg.bot[data-id]')].find((li) => li.querySelector('details.sources'));
    if (!window.__marks.done && done) window.__marks.done = now;
  }).observe(root, { subtree: true, childList: true, characterData: true });
})()`;

// Answers from the refund-times passage wherever the prompt put it, as a grounded model would.
const llm = await startFakeOpenAi((request): FakeReply => {
  if (!isReplyRequest(request)) return groundedModel()(request);
  const passage = readReplyPrompt(request).passages.find((p) => p.source === 'refunds.md' && p.section === 'How long a refund takes to reach you');
  if (!passage) throw new Error('the refund-times passage was not retrieved for this question');
  return { content: answer(passage.id), chunkDelayMs: wordMs };
});
const host = await startHostPage();
const dir = tempDir();
const server = await startCliServer(
  cliEnv(dir.path, { OPENAI_BASE_URL: llm.url, LLM_MAX_RETRIES: '0', WIDGET_ALLOWED_ORIGINS: host.origin, WIDGET_SESSIONS_PER_MINUTE: '1000', LOG_LEVEL: 'warn' }),
);
host.setWidget(`${server.url}/widget.js`);
const browser = await launchChromium();
try {
  console.log(`model stand-in streams one word every ${wordMs} ms; the guard releases whole sentences (the first is ${answer('P1').split('. ')[0]!.split(' ').length} words)`);
  /** One question in a new conversation; a fresh profile also pays for the CORS preflight and the first session. */
  const measure = async (page: Page, question: string) => {
    await page.goto(host.url());
    await page.locator('#aftercare-chat-widget button.launcher').click();
    await page.evaluate(observe);
    const input = page.locator('#aftercare-chat-widget textarea');
    await input.fill(question);
    const sent = (await page.evaluate('performance.now()')) as number;
    await input.press('Enter');
    await page.locator('#aftercare-chat-widget li.msg.bot[data-id] details.sources').waitFor({ timeout: 60_000 });
    const marks = (await page.evaluate('window.__marks')) as { first?: number; done?: number };
    if (marks.first === undefined || marks.done === undefined) throw new Error('the answer was not streamed');
    // A new conversation next time.
    await page.evaluate('localStorage.clear(); sessionStorage.clear()');
    return { first: marks.first - sent, done: marks.done - sent };
  };
  for (const mode of ['new browser profile each time', 'same browser, new conversation'] as const) {
    const first: number[] = [];
    const done: number[] = [];
    const shared = mode.startsWith('same') ? await browser.newContext() : null;
    const sharedPage = shared ? await shared.newPage() : null;
    // The first run warms up the server (script build, first model call); it is not counted.
    for (let run = 0; run < runs + 1; run++) {
      const context = shared ?? (await browser.newContext());
      const page = sharedPage ?? (await context.newPage());
      const times = await measure(page, questions[run % questions.length]!);
      if (run > 0) {
        first.push(times.first);
        done.push(times.done);
      }
      if (!shared) await context.close();
    }
    await shared?.close();
    console.log(`${mode}:`);
    report('  widget: Enter → first words on screen', first);
    report('  widget: Enter → whole answer with its source', done);
  }

  const wire: number[] = [];
  for (let run = 0; run < runs; run++) {
    const { token } = await newSession(server.url);
    const started = performance.now();
    const response = await postTurn(server.url, token, { text: questions[run % questions.length], id: `bench-${run}-${Date.now()}` });
    const reader = response.body!.getReader();
    let text = '';
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) throw new Error(`run ${run}: no delta event in ${text}`);
      text += new TextDecoder().decode(value);
      if (text.includes('event: delta')) {
        wire.push(performance.now() - started);
        break;
      }
    }
    await reader.cancel();
  }
  report('API: POST → first delta event (no browser)', wire);
} finally {
  await browser.close();
  await server.stop();
  await llm.close();
  await host.close();
  dir.remove();
}
