import { describe, expect, it } from 'vitest';
import { message, tempDir, testRuntime } from '../../testkit/runtime.js';
import { useTestRuntime } from '../../testkit/use-test-runtime.js';

// First messages a supervisor takes over for although nothing in them is a swear word or a
// request for a person. Written for this test, not taken from the evaluation sets.
describe('escalation names the grievance, with its evidence on the escalation card', () => {
  const fixture = useTestRuntime({ per: 'file', setup: { env: { SENTIMENT_MODEL: 'lexicon' } } });

  async function escalationOf(key: string, text: string) {
    const outcome = await fixture.runtime.engine.handle(message(key, text));
    const conversation = await fixture.runtime.store.conversations.findByKey('test', key);
    return { outcome, escalation: await fixture.runtime.store.escalations.open(conversation!.id) };
  }

  it.each([
    ['I have written to you four times about this parcel and nobody has fixed it.', 'repeated_contact', 'four times'],
    ['这是我第四次找你们了，订单还是没有处理。', 'repeated_contact', '第四次'],
    ['Your colleague promised a call back on Monday and nobody ever called.', 'broken_promise', 'promised'],
    ['客服答应我周三前退款，结果到现在都没到账。', 'broken_promise', '答应'],
    ['I have emailed three addresses and never got a reply from anyone.', 'no_response', 'never got a reply'],
    ['留言两天了，一直没人回复。', 'no_response', '没人回'],
    ['You are running a scam: you took the money and the tracking number is fake.', 'fraud_accusation', 'scam'],
    ['你们就是骗子，收了钱不发货。', 'fraud_accusation', '骗子'],
    ['You owe me compensation for the day off work I wasted waiting for your courier.', 'compensation_demand', 'compensation'],
    ['快递摔坏了我的花瓶，必须赔偿。', 'compensation_demand', '赔偿'],
    ['If this is not fixed I am asking my card issuer to reverse the payment.', 'threat', 'card issuer'],
    ['再不处理我就去市场监管局投诉。', 'threat', '市场监管'],
    ['I will be telling everyone on Instagram how you treat customers.', 'threat', 'Instagram'],
  ])('%s → %s', async (text, reason, quoted) => {
    const { outcome, escalation } = await escalationOf(`grievance-${text}`, text);
    expect(outcome.escalated).toBe(true);
    expect(outcome.escalationReasons).toContain(reason);
    const evidence = escalation!.evidence.find((line) => line.startsWith(`${reason}:`));
    expect(evidence).toContain(quoted);
  });

  it('plain anger without a listed word is caught by the learned judgement, which names the words that weighed most', async () => {
    const { outcome, escalation } = await escalationOf('learned-anger', 'Pathetic. Three weeks, no parcel, and all you send me is excuses. Absolutely pathetic.');
    expect(outcome.escalationReasons).toEqual(['anger']);
    expect(escalation!.evidence[0]).toMatch(/^anger: .*(needs a person|words)/);
    expect(escalation!.evidence[0]).toContain('pathetic');
  });

  it.each([
    'The battery died fast, how do I claim the warranty?',
    'My wife hates the colour, can we exchange it?',
    '我老婆不喜欢这个颜色，能换吗？',
    'My flatmate says your shop is a rip-off because the price dropped, can I get the difference back?',
    'Could you tell me whether a polite goodwill gesture is possible for the late delivery?',
    'Just a heads-up: the size guide link is broken. Not a big deal.',
    '物流三天没动了，麻烦帮我查一下。',
    'I once threatened to go to my bank over a refund years ago, ha. Today I just need an invoice.',
    '我在法院上班，能寄到单位吗？',
  ])('a hard negative stays with the bot: %s', async (text) => {
    const { outcome } = await escalationOf(`hard-${text}`, text);
    expect(outcome.escalated).toBe(false);
  });

  it('a reason switched off by ESCALATION_DISABLED_REASONS never escalates', async () => {
    const other = tempDir();
    const quiet = await testRuntime(other.path, { env: { SENTIMENT_MODEL: 'lexicon', ESCALATION_DISABLED_REASONS: 'fraud_accusation' } });
    try {
      const outcome = await quiet.engine.handle(message('disabled-fraud', '你们就是骗子'));
      expect(outcome.escalationReasons).not.toContain('fraud_accusation');
    } finally {
      await quiet.close();
      other.remove();
    }
  });
});
