import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startServer, type RunningServer } from '../../src/server/http-server.js';
import { createMetrics } from '../../src/server/metrics.js';
import { capturedLogger } from '../helpers/log-capture.js';
import { message, tempDir, testConfig, testRuntime } from '../../testkit/runtime.js';

const contact = { SUPPORT_CONTACT_EMAIL: 'help@shop.example', SUPPORT_CONTACT_PHONE: '+44 20 7946 0000', SUPPORT_CONTACT_HOURS: 'Mon-Fri 9:00-17:00' };
const askForPerson = 'This is useless, I want to talk to a real person now!';
const at = (iso: string) => new Date(iso);

describe('what an escalated customer is told', { timeout: 120_000 }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function runtimeWith(env: Record<string, string>, options: { account?: boolean } = {}): Promise<Runtime> {
    const dir = tempDir();
    const runtime = await testRuntime(dir.path, { env: { STAFF_PASSWORD_HASH_COST: '4', ...env } });
    cleanups.push(
      () => dir.remove(),
      () => runtime.close(),
    );
    if (options.account) await runtime.staffAccounts.create({ username: 'sam', name: 'Sam', role: 'agent', password: 'a long agent password' }, { id: 'test', name: 'Test' });
    return runtime;
  }

  it('with no staff desk, start-up warns loudly and the customer gets the shop’s contact instead of a promise', async () => {
    const dir = tempDir();
    const { logger, lines } = capturedLogger();
    const runtime = await createRuntime(testConfig(dir.path, contact), logger);
    const server: RunningServer = await startServer(runtime, createMetrics(), { host: '127.0.0.1', port: 0 });
    cleanups.push(
      () => dir.remove(),
      () => runtime.close(),
      () => server.close(),
    );
    const warning = lines.find((line) => line.level === 40 && String(line.msg).startsWith('NO STAFF DESK IS CONFIGURED'));
    expect(warning).toBeDefined();
    expect(String(warning!.msg)).toContain('aftercare staff add');

    const ack = await runtime.engine.handle(message('no-desk', askForPerson));
    expect(ack.replyKind).toBe('escalation_ack');
    expect(ack.reply).toContain('help@shop.example');
    expect(ack.reply).toContain('+44 20 7946 0000');
    expect(ack.reply).toContain('Mon-Fri 9:00-17:00');
    expect(ack.reply).not.toMatch(/reply here/);
    const followUp = await runtime.engine.handle(message('no-desk', 'hello??'));
    expect(followUp.reply).toContain('help@shop.example');

    // A console account is a staff desk: the next escalation promises a reply here.
    await runtime.staffAccounts.create({ username: 'sam', name: 'Sam', role: 'agent', password: 'a long agent password' }, { id: 'test', name: 'Test' });
    const withDesk = await runtime.engine.handle(message('with-desk', askForPerson));
    expect(withDesk.reply).toMatch(/colleague, who will reply here/);
  });

  it('says so in Chinese too, and without any contact configured points to the website', async () => {
    const runtime = await runtimeWith({});
    const zh = await runtime.engine.handle(message('no-desk-zh', '你们太差劲了，我要找人工客服！'));
    expect(zh.reply).toContain('请直接联系我们');
    expect(zh.reply).toContain('我们网站上的联系方式');
  });

  it('outside business hours, says when staff will answer', async () => {
    const runtime = await runtimeWith({ BUSINESS_HOURS: 'mon-fri 09:00-17:00', BUSINESS_TIMEZONE: 'Europe/London' }, { account: true });
    // Saturday 5 December 2026, noon in London.
    const weekend = await runtime.engine.handle({ ...message('weekend', askForPerson), timestamp: at('2026-12-05T12:00:00Z') });
    expect(weekend.reply).toContain('Our team is away right now and will reply here on Monday at 09:00 (Europe/London time)');
    // Wednesday 07:30 in London: later today.
    const early = await runtime.engine.handle({ ...message('early', askForPerson), timestamp: at('2026-12-09T07:30:00Z') });
    expect(early.reply).toContain('will reply here today at 09:00 (Europe/London time)');
    // Thursday 18:00: tomorrow.
    const evening = await runtime.engine.handle({ ...message('evening', askForPerson), timestamp: at('2026-12-10T18:00:00Z') });
    expect(evening.reply).toContain('tomorrow at 09:00');
    // Wednesday 11:00: open, the usual promise.
    const open = await runtime.engine.handle({ ...message('open', askForPerson), timestamp: at('2026-12-09T11:00:00Z') });
    expect(open.reply).toMatch(/colleague, who will reply here as soon as possible/);
    const zh = await runtime.engine.handle({ ...message('weekend-zh', '太差劲了，我要找人工客服！'), timestamp: at('2026-12-05T12:00:00Z') });
    expect(zh.reply).toContain('周一 09:00（Europe/London 时间）');
  });

  it('refuses opening hours it cannot read, naming the problem', () => {
    expect(() => loadConfig({ BUSINESS_HOURS: 'weekdays 9 to 5' })).toThrow(ConfigError);
    expect(() => loadConfig({ BUSINESS_HOURS: 'weekdays 9 to 5' })).toThrow(/BUSINESS_HOURS="weekdays 9 to 5": "weekdays 9 to 5" is not like "mon-fri 09:00-18:00"/);
    expect(() => loadConfig({ BUSINESS_HOURS: 'mon-fri 18:00-09:00' })).toThrow(/closing time must be after the opening time/);
    expect(() => loadConfig({ BUSINESS_HOURS: 'mon-fri 09:00-18:00', BUSINESS_TIMEZONE: 'Mars/Olympus' })).toThrow(/"Mars\/Olympus" is not a time zone/);
    expect(loadConfig({ BUSINESS_HOURS: 'mon-fri 09:00-18:00; sat 10:00-14:00', BUSINESS_TIMEZONE: 'Asia/Shanghai' }).BUSINESS_HOURS).toBe('mon-fri 09:00-18:00; sat 10:00-14:00');
  });

  it('answers a follow-up while waiting with a short status reply, at most one every few minutes, never silence', async () => {
    const runtime = await runtimeWith({ HANDOFF_STATUS_REPLY_MINUTES: '5' }, { account: true });
    const minutes = (n: number) => new Date(Date.now() + n * 60_000);
    expect((await runtime.engine.handle(message('waiting', askForPerson))).replyKind).toBe('escalation_ack');
    const first = await runtime.engine.handle({ ...message('waiting', 'hello? is anyone there?'), timestamp: minutes(1) });
    expect(first.replyKind).toBe('waiting_for_staff');
    expect(first.reply).toMatch(/added that to your conversation/);
    // Two minutes later: still within the five, the message is kept for staff, no second status line.
    const tooSoon = await runtime.engine.handle({ ...message('waiting', 'I am still waiting'), timestamp: minutes(2) });
    expect(tooSoon.replyKind).toBe('none');
    // Seven minutes after the last status reply: another one.
    const later = await runtime.engine.handle({ ...message('waiting', '还有人吗？'), timestamp: minutes(8) });
    expect(later.replyKind).toBe('waiting_for_staff');
    expect(later.reply).toContain('人工客服同事会尽快回复您');
    const conversation = (await runtime.store.conversations.findByKey('test', 'waiting'))!;
    expect(await runtime.store.messages.countInbound(conversation.id)).toBe(4);
  });

  it('hands a safety report to staff with the safety steps of the policy passage that covers it', async () => {
    const runtime = await runtimeWith({}, { account: true });
    const en = await runtime.engine.handle(message('smoke', 'My power bank started smoking and smells of burning while charging!'));
    expect(en.escalationReasons).toContain('high_risk_topic');
    expect(en.replyKind).toBe('escalation_ack');
    expect(en.reply).toMatch(/colleague/);
    expect(en.reply).toContain('For your safety, right now:');
    expect(en.reply).toContain('stop using it, unplug it');
    expect(en.citations[0]).toMatchObject({ source: 'warranty.md' });
    const zh = await runtime.engine.handle(message('smoke-zh', '充电宝充电时冒烟了，还有焦味！'));
    expect(zh.escalationReasons).toContain('high_risk_topic');
    expect(zh.reply).toContain('为了您的安全');
    expect(zh.reply).toContain('停止使用、拔掉电源');
    // A fraud report is high-risk too, but has no safety steps to give.
    const fraud = await runtime.engine.handle(message('fraud', 'There is an unauthorized charge on my card for an order I never placed!'));
    expect(fraud.escalationReasons).toContain('high_risk_topic');
    expect(fraud.reply).not.toContain('For your safety');
  });
});
