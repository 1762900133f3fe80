import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { startFakeSlack, type FakeSlack, type SlackCall } from '../../testkit/fake-slack-server.js';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';
import { startSlackHarness, staffUsers, type SlackHarness } from '../../testkit/slack-harness.js';
import { postButtonClick, staffChannel } from '../../testkit/slack-requests.js';

const text = (call: SlackCall) => String(call.args.text ?? '');
const blocksOf = (call: SlackCall) => JSON.stringify(call.args.blocks ?? []);
const minutes = (n: number) => n * 60_000;

describe('reminders and several processes', () => {
  const dir = tempDir();
  let slack: FakeSlack;
  /** Two server processes' worth of runtime on one database, as two replicas behind a load balancer would be. */
  let a: SlackHarness;
  let b: SlackHarness;
  /** A process without Slack (say, the CLI) that also takes customer turns. */
  let plain: Runtime;

  beforeAll(async () => {
    slack = await startFakeSlack();
    a = await startSlackHarness({ slack, dataDir: dir.path, env: { HANDOFF_REMINDER_MINUTES: '10', HANDOFF_MAX_REMINDERS: '3' } });
    b = await startSlackHarness({ slack, dataDir: dir.path, env: { HANDOFF_REMINDER_MINUTES: '10', HANDOFF_MAX_REMINDERS: '3' } });
    plain = await testRuntime(dir.path);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await plain.close();
    await slack.close();
    dir.remove();
  });

  const attempts = (key: string) => slack.callsTo('chat.postMessage', (call) => call.args.channel === staffChannel && !call.args.thread_ts && blocksOf(call).includes(key));
  const cards = (key: string) => attempts(key).filter((call) => call.response.ok === true);
  const reminders = (cardTs: string) => slack.callsTo('chat.postMessage', (call) => call.args.thread_ts === cardTs && /Still waiting/.test(text(call)));

  it('an escalation taken where no desk is attached is posted once by the sweep, however many processes sweep', async () => {
    await plain.engine.handle(message('proc-1', 'I want a human agent now'));
    const now = new Date();
    await Promise.all([a.runtime.handoff.sweep(now), b.runtime.handoff.sweep(now), a.runtime.handoff.sweep(now), b.runtime.handoff.sweep(now)]);
    expect(cards('proc-1')).toHaveLength(1);
    await Promise.all([a.runtime.handoff.sweep(new Date()), b.runtime.handoff.sweep(new Date())]);
    expect(cards('proc-1')).toHaveLength(1);
    const conversation = (await plain.store.conversations.findByKey('test', 'proc-1'))!;
    expect((await plain.store.escalations.open(conversation.id))!.staffThread).toBe(`slack:${staffChannel}:${cards('proc-1')[0]!.response.ts}`);
  });

  it('if Slack refuses the post, the escalation is not lost: the next sweep posts it', async () => {
    slack.failNext('chat.postMessage', 'service_unavailable');
    await a.runtime.engine.handle(message('proc-2', 'agent please'));
    await a.runtime.engine.settled();
    expect(attempts('proc-2')).toHaveLength(1);
    expect(cards('proc-2')).toHaveLength(0);
    await b.runtime.handoff.sweep(new Date());
    expect(cards('proc-2')).toHaveLength(1);
  });

  it('reminds the thread when nobody takes over, every interval up to the limit, once across processes, and stops once taken', async () => {
    await a.runtime.engine.handle(message('proc-3', 'I need to talk to a person'));
    await a.runtime.engine.settled();
    const card = cards('proc-3')[0]!;
    const cardTs = String(card.response.ts);
    const conversation = (await a.runtime.store.conversations.findByKey('test', 'proc-3'))!;
    const escalation = (await a.runtime.store.escalations.open(conversation.id))!;
    const opened = escalation.createdAt.getTime();
    const at = (ms: number) => new Date(opened + ms);
    const sweepBoth = (when: Date) => Promise.all([a.runtime.handoff.sweep(when), b.runtime.handoff.sweep(when)]);

    await sweepBoth(at(minutes(9)));
    expect(reminders(cardTs)).toHaveLength(0);

    await sweepBoth(at(minutes(10)));
    expect(reminders(cardTs)).toHaveLength(1);
    const first = reminders(cardTs)[0]!;
    expect(text(first)).toContain('nobody has taken this over for 10 min (reminder 1 of 3)');
    // Visible in the channel, not only inside the thread.
    expect(first.args.reply_broadcast).toBe(true);

    await sweepBoth(at(minutes(15)));
    expect(reminders(cardTs)).toHaveLength(1);
    await sweepBoth(at(minutes(20)));
    expect(reminders(cardTs)).toHaveLength(2);

    await postButtonClick(a.url, { actionId: 'handoff_take_over', value: escalation.id, user: staffUsers.alex.id, messageTs: cardTs });
    await slack.waitFor('chat.update', (call) => call.args.ts === cardTs && blocksOf(call).includes('Taken over by'));
    await sweepBoth(at(minutes(60)));
    expect(reminders(cardTs)).toHaveLength(2);
  });

  it('stops after the configured number of reminders', async () => {
    await a.runtime.engine.handle(message('proc-4', 'human please'));
    await a.runtime.engine.settled();
    const cardTs = String(cards('proc-4')[0]!.response.ts);
    const conversation = (await a.runtime.store.conversations.findByKey('test', 'proc-4'))!;
    const opened = (await a.runtime.store.escalations.open(conversation.id))!.createdAt.getTime();
    for (let step = 1; step <= 6; step++) await a.runtime.handoff.sweep(new Date(opened + minutes(10 * step)));
    expect(reminders(cardTs).map(text)).toEqual([
      expect.stringContaining('reminder 1 of 3'),
      expect.stringContaining('reminder 2 of 3'),
      expect.stringContaining('reminder 3 of 3'),
    ]);
  });

  it('two staff members clicking Take over at the same moment in two processes: one gets it, the other is told', async () => {
    await a.runtime.engine.handle(message('proc-5', 'get me a human'));
    await a.runtime.engine.settled();
    const cardTs = String(cards('proc-5')[0]!.response.ts);
    const conversation = (await a.runtime.store.conversations.findByKey('test', 'proc-5'))!;
    const escalation = (await a.runtime.store.escalations.open(conversation.id))!;
    const now = new Date();
    const results = await Promise.all([
      a.runtime.handoff.act('take_over', escalation.id, { id: staffUsers.alex.id, name: 'Alex' }, now),
      b.runtime.handoff.act('take_over', escalation.id, { id: staffUsers.bea.id, name: 'Bea' }, now),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['already_taken', 'done']);
    expect(slack.callsTo('chat.postMessage', (call) => call.args.thread_ts === cardTs && /took over/.test(text(call)))).toHaveLength(1);
  });
});
