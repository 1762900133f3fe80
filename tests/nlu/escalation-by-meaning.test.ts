import { describe, expect, it } from 'vitest';
import { message } from '../../testkit/runtime.js';
import { useTestRuntime } from '../../testkit/use-test-runtime.js';

// Escalation decided by what a message means, through the real engine (store, knowledge base,
// sentiment, intent, policy). Every text was written for this file, in both languages; none is
// taken from an evaluation set.
describe('escalation by meaning', () => {
  const fixture = useTestRuntime({ per: 'file', setup: { env: { SENTIMENT_MODEL: 'lexicon' } } });
  let n = 0;

  /** Sends the turns as one conversation; returns each turn's outcome and the open escalation's evidence. */
  async function converse(...turns: string[]) {
    const key = `meaning-${++n}`;
    const outcomes = [];
    for (const text of turns) outcomes.push(await fixture.runtime.engine.handle(message(key, text)));
    const conversation = await fixture.runtime.store.conversations.findByKey('test', key);
    const escalation = await fixture.runtime.store.escalations.open(conversation!.id);
    return { outcomes, last: outcomes[outcomes.length - 1]!, evidence: escalation?.evidence ?? [] };
  }
  const evidenceFor = (evidence: string[], reason: string) => evidence.find((line) => line.startsWith(`${reason}:`)) ?? '';

  describe('safety is decided by what happened, not by danger words', () => {
    it.each([
      ['The charging case of my earbuds has puffed up and the lid no longer closes.', 'puffed up'],
      ['我买的充电宝这两天鼓包了，壳子都撑开了一条缝', '鼓包'],
      ['The toaster lever jammed and my daughter got burned on the side of it.', 'got burned'],
      ['电熨斗漏水，我手上被烫出了好几个水泡', '水泡'],
      ['One of the magnets from the building set is missing and my toddler may have swallowed it.', 'swallowed'],
      ['小夹子上的纽扣电池不见了，孩子刚才一直在玩，怕是吞了', '孩子'],
    ])('%s → high_risk_topic', async (text, words) => {
      const { last, evidence } = await converse(text);
      expect(last.escalationReasons).toContain('high_risk_topic');
      expect(evidenceFor(evidence, 'high_risk_topic')).toContain(words);
    });

    it.each([
      'What is the burn time of the large jar candle?',
      'Is the fire pit cover waterproof?',
      '我妈看到这个花色直接气炸了，哈哈，能换个素一点的吗',
      '电水壶烧完水外壳有点烫手，是正常的吗？',
    ])('a danger word that reports nothing stays with the bot: %s', async (text) => {
      const { last } = await converse(text);
      expect(last.escalationReasons).not.toContain('high_risk_topic');
      expect(last.escalated).toBe(false);
    });
  });

  describe('threats are recognised by aim and intent', () => {
    it.each([
      ['Sort this out by Friday or I am asking my card issuer to claw the money back.', 'card issuer'],
      ['If no refund today I will open a PayPal dispute.', 'PayPal dispute'],
      ['My solicitor is drafting a letter, expect it next week.', 'solicitor'],
      ['Next stop is trading standards if nobody fixes this.', 'trading standards'],
      ['I will be posting the whole chat on Twitter for everyone to see.', 'posting'],
      ['不给退款我就找信用卡中心拒付', '信用卡中心'],
      ['再拖下去我就打12315', '12315'],
      ['这事我要去消协反映', '消协'],
      ['不处理的话我把视频发到抖音上曝光你们', '抖音'],
    ])('%s → threat', async (text, words) => {
      const { last, evidence } = await converse(text);
      expect(last.escalationReasons).toContain('threat');
      expect(evidenceFor(evidence, 'threat')).toContain(words);
    });

    it.each([
      'How does a chargeback work with your shop? Not doing it, just asking.',
      'How do I file a complaint about a rude courier driver?',
      '信用卡退款一般多久到账？银行那边需要我做什么吗',
      '想问一下怎么投诉快递员，他态度不太好',
    ])('asking about the procedure is not a threat: %s', async (text) => {
      const { last } = await converse(text);
      expect(last.escalationReasons).not.toContain('threat');
    });
  });

  describe('negative words about the product, or someone else’s, are not anger at the shop', () => {
    it.each([
      'The battery on this shaver died really fast, awful. How do I claim the warranty?',
      'My husband hates the colour, it is horrible, can we exchange it for the grey one?',
      '这个加湿器太难用了，噪音特别大，能不能换一台？',
      '我老婆嫌这个颜色丑死了，可以换成白色吗？',
    ])('%s stays with the bot', async (text) => {
      const { last } = await converse(text);
      expect(last.escalationReasons).not.toContain('anger');
    });

    it('anger at the shop still counts', async () => {
      const { last } = await converse('Your service is a disgrace. Useless, rude and slow, I am furious with you!');
      expect(last.escalationReasons).toContain('anger');
    });
  });

  describe('typed without apostrophes', () => {
    it('"its been… havent heard a thing" is no response', async () => {
      const { last, evidence } = await converse('its been two weeks since i sent the form and i havent heard a thing from anyone');
      expect(last.escalationReasons).toContain('no_response');
      expect(evidenceFor(evidence, 'no_response')).toContain("haven't heard a thing");
    });
  });

  describe('grievances name their reason with the words as evidence', () => {
    it.each([
      ["I've phoned, emailed and messaged about the same missing parcel.", 'repeated_contact', 'emailed and messaged'],
      ['周二、周四各问了一次，到现在还没人给我答复', 'repeated_contact', '各问了一次'],
      ['You promised the replacement would ship on Monday. It never did.', 'broken_promise', 'promised'],
      ['客服承诺三天内退款，都一个星期了还是没到', 'broken_promise', '承诺'],
      ['The form said you would get back to me within a day and you never did.', 'no_response', 'get back to me'],
      ['在线客服、电话都试了，一个回复都没有', 'no_response', '一个回复都没有'],
      ['You sold me a refurbished phone as new. That is fraud.', 'fraud_accusation', 'fraud'],
      ['明明是翻新机当新机卖，你们这是欺诈', 'fraud_accusation', '欺诈'],
      ['Your courier smashed my glass door. You are paying for the repair, I will send the invoice.', 'compensation_demand', 'paying for'],
      ['快递把我家门砸坏了，维修费你们必须赔偿', 'compensation_demand', '赔'],
    ])('%s → %s', async (text, reason, words) => {
      const { last, evidence } = await converse(text);
      expect(last.escalationReasons).toContain(reason);
      expect(evidenceFor(evidence, reason)).toContain(words);
    });
  });

  describe('the course of the conversation', () => {
    it.each([
      ['How long does a refund to a credit card take?', 'How long does a refund to a credit card take??'],
      ['退款到信用卡要多久？', '退款到信用卡到底要多久？'],
    ])('asking the same again after the bot answered is repeated_question: %s', async (first, again) => {
      const { outcomes, evidence } = await converse(first, again);
      expect(outcomes[0]!.escalated).toBe(false);
      expect(outcomes[1]!.escalationReasons).toContain('repeated_question');
      expect(evidenceFor(evidence, 'repeated_question')).toContain("after the bot's answer");
    });

    it.each([
      [
        'Hi, my parcel says delivered but it is not here.',
        'I checked with the neighbours, nobody has it, this is annoying.',
        'So I am supposed to go door to door myself? This is ridiculous and unacceptable, you lost it, you fix it.',
      ],
      ['你好，快递显示签收了但我没收到', '问了邻居和门卫都没有，真的很烦', '所以要我自己挨家挨户去找？太过分了，你们弄丢的你们负责，气死我了'],
    ])('a customer worn down over turns is handed over as a frustration trend', async (...turns) => {
      const { outcomes } = await converse(...turns);
      expect(outcomes[0]!.escalated).toBe(false);
      expect(outcomes[2]!.escalated).toBe(true);
    });
  });
});
