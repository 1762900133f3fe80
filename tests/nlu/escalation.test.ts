import { beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../testkit/runtime.js';
import { useTestRuntime } from '../../testkit/use-test-runtime.js';
import { fixtureModelEnv } from '../helpers/sentiment.js';

// The policy must hold with the model serving (the offline default: the bundled fixture) and
// with the lexicon alone (SENTIMENT_MODEL=lexicon, or while a model is still loading).
describe.each([
  ['model + lexicon', fixtureModelEnv],
  ['lexicon only', { SENTIMENT_MODEL: 'lexicon' }],
])('escalation to a human (%s)', (_name, env) => {
  // One runtime per configuration (the model loads once); every test uses its own conversations.
  const fixture = useTestRuntime({ per: 'file', setup: { env } });
  beforeAll(() => fixture.runtime.sentiment.ready());

  const say = (conversation: string, text: string) => fixture.runtime.engine.handle(message(conversation, text));

  it.each(['转人工', '我要人工客服', '帮我转一下人工吧', 'can I talk to a real person?', 'agent please', 'Could you connect me to an agent?'])(
    'an explicit request for a human escalates even when its sentiment is neutral: %s',
    async (text) => {
      const outcome = await say(`human-${text}`, text);
      expect(outcome.sentiment.label).toBe('neutral');
      expect(outcome.escalated).toBe(true);
      expect(outcome.escalationReasons).toEqual(['human_requested']);
      expect(outcome.replyKind).toBe('escalation_ack');
    },
  );

  it.each(['can I have a human agent?', 'I need customer service', "I'd like to talk to customer support", '能帮我找个客服吗'])(
    'a request for a person in words the phrase list lacks escalates through the intent: %s',
    async (text) => {
      const outcome = await say(`human-intent-${text}`, text);
      expect(outcome.intent).toBe('human_request');
      expect(outcome.escalationReasons).toEqual(['human_requested']);
    },
  );

  it('a request for a person turned down in the same breath does not escalate, whatever the intent says', async () => {
    const outcome = await say('human-declined', '不用转人工，我自己看');
    expect(outcome.escalated).toBe(false);
  });

  it.each([
    ['I will file a chargeback with my bank', 'threat'],
    ['再不处理我就打12315投诉', 'threat'],
    ['I have already spoken to my lawyer', 'threat'],
    ['不退款就给你们差评', 'threat'],
    ['the charger started to smoke and smells of burning', 'high_risk_topic'],
    ['充电器冒烟了，差点着火', 'high_risk_topic'],
    ['My son cut his hand on the toy and it was bleeding', 'high_risk_topic'],
    ['我的账号被盗了，有人用我的账户下了单', 'high_risk_topic'],
  ])('threats and safety problems go to a human: %s', async (text, reason) => {
    const outcome = await say(`risk-${text}`, text);
    expect(outcome.escalated).toBe(true);
    expect(outcome.escalationReasons).toContain(reason);
  });

  it.each([
    'My parcel is a bit late, could you check on it please?',
    '快递有点慢，麻烦帮我催一下，谢谢',
    'Where is my order?',
    '我的订单什么时候发货？',
    'Do you have the hoodie in smoke grey?',
    'My Kindle Fire case does not fit, can I exchange it?',
    '有烟灰色的吗？',
    '不用转人工了，我自己看一下退货流程就行',
    'No need for an agent, I just want to know your return address.',
    '我不是要投诉，就是想问一下退货要几天',
    'The charger does not work, no smoke or anything, it just will not charge.',
  ])('a polite complaint, a plain question or a false friend does not escalate: %s', async (text) => {
    const outcome = await say(`calm-${text}`, text);
    expect(outcome.escalated, outcome.escalationReasons.join()).toBe(false);
  });

  it('one mildly negative message does not escalate; three increasingly angry ones do', async () => {
    const mild = await say('trend', 'My parcel is a bit late, a little disappointed.');
    expect(mild.escalated).toBe(false);
    const worse = await say('trend', 'Still nothing, a bit annoying to be honest.');
    expect(worse.escalated).toBe(false);
    const angry = await say('trend', 'This is terrible, absolutely unacceptable and ridiculous!!');
    expect(angry.escalated).toBe(true);
    expect(angry.escalationReasons).toContain('frustration_trend');
  });

  it('the same in Chinese: 有点慢 → 很失望 → 气死了 escalates on the trend', async () => {
    expect((await say('trend-zh', '快递有点慢')).escalated).toBe(false);
    expect((await say('trend-zh', '都五天了还没到，有点着急')).escalated).toBe(false);
    const third = await say('trend-zh', '到底怎么回事？太慢了，真的很失望！气死了');
    expect(third.escalated).toBe(true);
    expect(third.escalationReasons).toContain('frustration_trend');
  });

  it('a single furious, abusive message escalates for anger', async () => {
    const outcome = await say('anger', 'You people are a complete scam. Worst company ever, I am furious!!');
    expect(outcome.escalationReasons).toContain('anger');
    const zh = await say('anger-zh', '气死我了！你们就是一群骗子！');
    expect(zh.escalationReasons).toContain('anger');
  });

  it('calm questions in a row are not a frustration trend', async () => {
    for (const text of ['Where is my order?', 'When will it ship?', 'Which courier do you use?']) {
      const outcome = await say('calm-questions', text);
      expect(outcome.escalationReasons).not.toContain('frustration_trend');
      expect(outcome.escalationReasons).not.toContain('anger');
    }
  });

  it('the same question asked again goes to a human', async () => {
    await say('repeat', 'Can I get a discount on my next purchase maybe');
    const again = await say('repeat', 'can I get a discount on my next purchase maybe?');
    expect(again.escalationReasons).toContain('repeated_question');
  });

  it('a repeated greeting is not a repeated question', async () => {
    await say('hello', '在吗');
    expect((await say('hello', '在吗')).escalated).toBe(false);
  });

  it('a calm customer whose questions the bot failed twice is offered a colleague, and one word hands over', async () => {
    const first = await say('unanswered', 'Do you sell garden furniture?');
    expect(first.replyKind).toBe('no_answer');
    const second = await say('unanswered', 'What about patio umbrellas then?');
    expect(second).toMatchObject({ escalated: false, replyKind: 'no_answer' });
    expect(second.reply).toBe(fixture.runtime.templates.render('replies/offer-colleague', 'en', {}));
    const agent = await say('unanswered', 'agent');
    expect(agent).toMatchObject({ escalated: true, escalationReasons: ['human_requested'], replyKind: 'escalation_ack' });
  });

  it('the same offer in Chinese is taken up with 人工', async () => {
    await say('unanswered-zh', '你们卖花园家具吗？');
    const second = await say('unanswered-zh', '那遮阳伞有卖吗？');
    expect(second.escalated).toBe(false);
    expect(second.reply).toContain('人工');
    expect(await say('unanswered-zh', '人工')).toMatchObject({ escalated: true, escalationReasons: ['human_requested'] });
  });

  it('an upset customer whose questions the bot failed twice is handed over, not offered', async () => {
    await say('unanswered-upset', 'Do you sell garden furniture?');
    const second = await say('unanswered-upset', 'This is frustrating, you still have not answered me. Do you sell patio umbrellas?');
    expect(second).toMatchObject({ escalated: true, escalationReasons: ['unanswered'], replyKind: 'escalation_ack' });
  });

  it('a customer saying the bot is not answering goes to a human', async () => {
    const outcome = await say('bot-failure', '你答非所问');
    expect(outcome.escalationReasons).toEqual(['unanswered']);
  });

  it('every escalation is stored with its reasons and the evidence behind each', async () => {
    const outcome = await say('evidence', '垃圾服务，我要打12315投诉，转人工！');
    expect(outcome.escalationReasons).toEqual(expect.arrayContaining(['human_requested', 'threat']));
    const conversation = await fixture.runtime.store.conversations.findByKey('test', 'evidence');
    const escalation = await fixture.runtime.store.escalations.open(conversation!.id);
    expect(escalation!.reasons).toEqual(outcome.escalationReasons);
    expect(escalation!.evidence).toHaveLength(outcome.escalationReasons.length);
    expect(escalation!.evidence).toEqual(expect.arrayContaining([expect.stringContaining('"转人工'), expect.stringContaining('12315')]));
  });

  it("once escalated the bot stays quiet but for an acknowledgement in the customer's language", async () => {
    const first = await say('quiet', '转人工');
    // No staff desk is configured in this runtime: the customer is pointed to the shop's own contact.
    const contact = '我们网站上的联系方式';
    expect(first.reply).toBe(fixture.runtime.templates.render('replies/escalation-no-desk', 'zh', { contact }));
    const follow = await say('quiet', '退款多久到账？');
    expect(follow).toMatchObject({ escalated: true, replyKind: 'waiting_for_staff', citations: [], escalationReasons: [] });
    expect(follow.reply).toBe(fixture.runtime.templates.render('replies/waiting-no-desk', 'zh', { contact }));
    const threat = await say('quiet', '再不回我就报警');
    expect(threat).toMatchObject({ escalated: true, replyKind: 'none', reply: '' });
    const conversation = await fixture.runtime.store.conversations.findByKey('test', 'quiet');
    const escalation = await fixture.runtime.store.escalations.open(conversation!.id);
    expect(escalation).toMatchObject({ status: 'open', reasons: ['human_requested'] });
  });

  it('anger that staff already dealt with is not held against the customer after hand-back', async () => {
    await say('handback', 'My order is late and this is really frustrating.');
    const escalated = await say('handback', 'This is terrible, useless, I am furious!!');
    expect(escalated.escalated).toBe(true);
    const conversation = await fixture.runtime.store.conversations.findByKey('test', 'handback');
    await fixture.runtime.store.messages.append({ conversationId: conversation!.id, direction: 'out', author: 'staff', text: 'Sorry! Your refund is on its way.' });
    await fixture.runtime.store.conversations.setState(conversation!.id, 'bot');
    const after = await say('handback', 'Thanks. One more question: is the refund to my card?');
    expect(after.escalated).toBe(false);
  });
});

describe('escalation settings', () => {
  const fixture = useTestRuntime({ lazy: true });

  it('ESCALATION_DISABLED_REASONS switches a reason off', async () => {
    const runtime = await fixture.start({ env: { ESCALATION_DISABLED_REASONS: 'repeated_question,threat' } });
    await runtime.engine.handle(message('off', 'How do I print a return label for order 5521?'));
    const again = await runtime.engine.handle(message('off', 'How do I print a return label for order 5521?'));
    expect(again.escalationReasons).not.toContain('repeated_question');
    const threat = await runtime.engine.handle(message('off-threat', 'I will file a chargeback'));
    expect(threat.escalated).toBe(false);
  });

  it('ESCALATION_TREND_TURNS sets how many turns make a trend', async () => {
    const runtime = await fixture.start({ env: { ESCALATION_TREND_TURNS: '2' } });
    await runtime.engine.handle(message('short-trend', 'The parcel is late, a bit annoying.'));
    const second = await runtime.engine.handle(message('short-trend', 'Now it is lost. Terrible, I am really upset!'));
    expect(second.escalationReasons).toContain('frustration_trend');
  });

  it('ESCALATE_ON_HUMAN_REQUEST=false leaves requests for a human to the bot', async () => {
    const runtime = await fixture.start({ env: { ESCALATE_ON_HUMAN_REQUEST: 'false' } });
    expect((await runtime.engine.handle(message('no-human', '转人工'))).escalated).toBe(false);
  });

  it('a reason name that does not exist stops start-up with the variable named', async () => {
    await expect(fixture.start({ env: { ESCALATION_DISABLED_REASONS: 'anger,bad_mood' } })).rejects.toThrow(/ESCALATION_DISABLED_REASONS/);
  });
});
