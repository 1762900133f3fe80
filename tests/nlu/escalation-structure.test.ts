import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/domain/types.js';
import { shippedNeedsPersonClassifier } from '../../src/nlu/escalation/needs-person/classifier.js';
import { needsPersonFeatures } from '../../src/nlu/escalation/needs-person/features.js';
import { decideEscalation } from '../../src/nlu/escalation/policy.js';
import { message } from '../../testkit/runtime.js';
import { useTestRuntime } from '../../testkit/use-test-runtime.js';
import { fixtureModelEnv } from '../helpers/sentiment.js';

// Hand-written cases for how a message is built and where a conversation stands: the learned
// judgement's inputs beyond n-grams, upset read sentence by sentence, repeats clause by clause,
// grievances only against the shop, and safety or bank questions that are already settled.
describe('the needs-person model reads the lexicon and rules as well as the words', () => {
  it('adds negativity, its target, swearing and shouting to the n-grams', () => {
    expect(needsPersonFeatures('WHY IS MY REFUND STILL NOT HERE, THIS IS A DISGRACE')).toEqual(expect.arrayContaining(['x:shouting', 'x:target:shop']));
    expect(needsPersonFeatures('傻逼客服，什么玩意儿！！！')).toEqual(expect.arrayContaining(['x:swearing', 'x:impatient-punctuation']));
    expect(needsPersonFeatures('the kettle lid is broken, can I get a replacement?')).toContain('x:target:product');
    expect(needsPersonFeatures('where is my parcel?').some((f) => f.startsWith('x:'))).toBe(false);
  });

  it('the shipped weights were trained with them', () => {
    const judge = shippedNeedsPersonClassifier();
    const calm = judge.judge('the kettle lid is broken, can I get a replacement?').probability;
    const shouted = judge.judge('THE KETTLE LID IS BROKEN AND NOBODY CARES').probability;
    expect(shouted).toBeGreaterThan(calm);
  });
});

describe.each([
  ['model + lexicon', fixtureModelEnv],
  ['lexicon only', { SENTIMENT_MODEL: 'lexicon' }],
])('escalation reads the structure of messages and conversations (%s)', (_name, env) => {
  const fixture = useTestRuntime({ per: 'file', setup: { env } });
  beforeAll(() => fixture.runtime.sentiment.ready());
  let n = 0;
  const chat = async (...turns: string[]) => {
    const key = `structure-${++n}`;
    const outcomes = [];
    for (const text of turns) outcomes.push(await fixture.runtime.engine.handle(message(key, text)));
    return outcomes;
  };
  const last = async (...turns: string[]) => (await chat(...turns)).at(-1)!;

  it.each(['This is a disgrace, you have wasted a whole week of my time. Where is my parcel?', '你们这服务太差劲了，耽误了我整整一个礼拜。我的包裹到底在哪？'])(
    'an angry sentence is not made calm by a question beside it: %s',
    async (text) => {
      const outcome = await last(text);
      expect(outcome.escalated).toBe(true);
      expect(outcome.escalationReasons).toContain('anger');
    },
  );

  it.each(['These headphones are rubbish for the gym, they keep slipping out. Is there anything I can do?', '这个耳机跑步的时候老掉，挺失望的。有什么办法吗？'])(
    'a complaint about the product with a calm question stays with the bot: %s',
    async (text) => {
      expect((await last(text)).escalated).toBe(false);
    },
  );

  it.each([
    ['Why was my refund $15 less than what I paid?', 'That does not explain anything. Why was my refund $15 less?'],
    ['电子发票开好了会发到哪个邮箱？', '这个我知道，你说过了。到底发到哪个邮箱？'],
  ])('part of an earlier question asked again after the answer is a repeat: %s', async (first, again) => {
    const [before, after] = await chat(first, again);
    expect(before!.escalated).toBe(false);
    expect(after!.escalationReasons).toContain('repeated_question');
  });

  it.each([
    ['hi, my parcel LG-55120 has not arrived', 'the courier said he would bring it yesterday and never showed up. can you check where it is?'],
    ['你好，我的包裹LG55120还没到', '快递员说昨天送到，结果一直没送来，能帮我查查吗'],
  ])('a broken promise told later in the chat is the courier’s, not the shop’s: %s', async (first, story) => {
    const outcome = await last(first, story);
    expect(outcome.escalationReasons).not.toContain('broken_promise');
    expect(outcome.escalated).toBe(false);
  });

  it.each([
    ['hi, my parcel LG-55121 has not arrived', 'your colleague said it would ship on Monday and it never did'],
    ['你好，我的包裹LG55121还没到', '你们客服说周一就发货，结果到现在都没发'],
  ])('a broken promise told later in the chat that names the shop counts: %s', async (first, story) => {
    expect((await last(first, story)).escalationReasons).toContain('broken_promise');
  });

  it.each(["the courier's phone just rings out, nobody answers. can you give me another number for them?", '快递员的电话打了三次都没人接，你们能帮忙联系一下吗'])(
    'the courier’s silence is not the shop’s: %s',
    async (text) => {
      const outcome = await last(text);
      expect(outcome.escalationReasons).not.toContain('no_response');
      expect(outcome.escalated).toBe(false);
    },
  );

  it.each(['I emailed your support twice last week and nobody has replied', '给你们客服发了两封邮件，到现在都没人回复'])('the shop’s silence is no_response: %s', async (text) => {
    expect((await last(text)).escalationReasons).toContain('no_response');
  });

  it.each([
    'The charger that overheated last month was already replaced by you, thanks. Does the new one come with a longer cable?',
    '上次冒烟的那个插线板你们已经给我退款了，谢谢。想问下新款有过载保护吗？',
    'will the refund show on my card statement under your name or the payment provider?',
    '退款到账后会显示在信用卡账单上吗？',
    'if the refund never shows up, do I do a chargeback with my bank or do you trace it?',
    '如果退款一直没到账，是要找银行申请拒付还是你们这边查？',
  ])('a settled safety incident or a calm question about the bank stays with the bot: %s', async (text) => {
    expect((await last(text)).escalated).toBe(false);
  });

  it.each(['the new charger you sent is smoking too, I unplugged it', '换的新插线板又冒烟了'])('a new incident still goes to a person: %s', async (text) => {
    expect((await last(text)).escalationReasons).toContain('high_risk_topic');
  });
});

describe('a safety incident staff already dealt with', () => {
  const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 10, minutes));
  const said = (id: number, author: StoredMessage['author'], text: string, meta: StoredMessage['meta'] = null): StoredMessage => ({
    id,
    conversationId: 'c',
    direction: author === 'customer' ? 'in' : 'out',
    author,
    text,
    language: null,
    sentiment: null,
    intent: null,
    meta,
    createdAt: at(id),
  });

  it.each([
    ['the toaster caught fire this morning', 'thanks for sorting the toaster that caught fire. can I use the voucher on a kettle?', false],
    ['烤面包机着火了', '谢谢你们处理了烤面包机着火的事，优惠券能买水壶吗？', false],
    ['the toaster caught fire this morning', 'the replacement toaster caught fire again', true],
    ['烤面包机着火了', '换的新烤面包机又着火了', true],
  ])('is not handed over again when the customer retells it: %s → %s', (incident, later, again) => {
    const history = [said(1, 'customer', incident, { escalationReasons: ['high_risk_topic'] }), said(2, 'staff', 'So sorry, we have refunded you and arranged a collection.')];
    const decision = decideEscalation({ text: later, sentiment: null, history, now: at(10) });
    expect(decision.reasons.includes('high_risk_topic')).toBe(again);
  });
});
