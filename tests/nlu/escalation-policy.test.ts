import { describe, expect, it } from 'vitest';
import type { SentimentScore, StoredMessage } from '../../src/domain/types.js';
import { decideEscalation, defaultEscalationThresholds } from '../../src/nlu/escalation/policy.js';
import { similarity } from '../../src/nlu/escalation/similarity.js';
import { lexiconScore } from '../../src/nlu/sentiment/lexicon-analyser.js';
import { lexiconSignals } from '../../src/nlu/sentiment/lexicon/signals.js';

const now = new Date('2025-03-01T12:00:00Z');
let id = 0;
function customer(text: string, minutesAgo = 1, sentiment: SentimentScore | null = lexiconScore(lexiconSignals(text))): StoredMessage {
  return {
    id: ++id,
    conversationId: 'c',
    direction: 'in',
    author: 'customer',
    text,
    language: 'en',
    sentiment,
    intent: null,
    meta: null,
    createdAt: new Date(now.getTime() - minutesAgo * 60_000),
  };
}
function botReply(text: string, minutesAgo = 1): StoredMessage {
  return { ...customer(text, minutesAgo, null), direction: 'out', author: 'bot' };
}
const decide = (text: string, history: StoredMessage[] = [], sentiment: SentimentScore | null = lexiconScore(lexiconSignals(text))) =>
  decideEscalation({ text, sentiment, history, now }, defaultEscalationThresholds);

describe('escalation policy (rules and evidence)', () => {
  it('quotes the words that triggered each reason', () => {
    const decision = decide('I want to talk to a manager or I will call my lawyer, the heater caught fire!');
    expect(decision.reasons).toEqual(['human_requested', 'threat', 'high_risk_topic']);
    expect(decision.evidence).toEqual(['human_requested: "talk to a manager"', 'threat: "lawyer"', 'high_risk_topic: "caught fire" (fire or smoke)']);
  });

  it('a model score alone never escalates: a "negative" question with no complaint words does not', () => {
    const modelSaysFurious: SentimentScore = { label: 'negative', score: 0.99, polarity: -0.99, model: 'some-model+lexicon-v2' };
    expect(decide('Where is my order?', [], modelSaysFurious).escalate).toBe(false);
    const history = [customer('Where is my order?', 3, modelSaysFurious), customer('When will it ship?', 2, modelSaysFurious)];
    expect(decide('Which courier is it?', history, modelSaysFurious).escalate).toBe(false);
  });

  it("the lexicon's anger rule needs the overall sentiment to be negative too", () => {
    const text = 'terrible, useless, unacceptable, I am furious!!';
    expect(decide(text).reasons).toContain('anger');
    const modelDisagrees: SentimentScore = { label: 'neutral', score: 0.9, polarity: 0, model: 'm+lexicon-v2' };
    // With a learned judgement that also sees no need for a person, nothing is left to escalate.
    const calmJudge = () => ({ probability: 0.1, evidence: [] });
    expect(decideEscalation({ text, sentiment: modelDisagrees, history: [], now, judge: calmJudge }).reasons).not.toContain('anger');
  });

  it('the learned judgement names anger with the words that weighed most, even where the lexicon knows no angry word', () => {
    const decision = decide('退个货搞得像求你们施舍一样，客服这是什么态度');
    expect(decision.reasons).toEqual(['anger']);
    expect(decision.evidence[0]).toMatch(/^anger: needs a person 0\.\d\d ≥ 0\.75 \(words that weighed most: .+\)/);
  });

  it('a calm request to return a damaged item stays with the bot, in both languages; the same fault said in anger goes to a person', () => {
    const damaged: SentimentScore = { label: 'negative', score: 0.9, polarity: -0.8, model: 'some-model+lexicon-v2' };
    for (const text of ['东西坏了，我要退货', '茶壶坏了，我要退货', 'it arrived damaged, I want to return it', 'The lamp is broken, I want a refund']) {
      expect(decide(text).escalate, text).toBe(false);
      expect(decide(text, [], damaged).escalate, text).toBe(false);
    }
    expect(decide('气死了，东西收到就是坏的，你们到底怎么回事').reasons).toEqual(['anger']);
    expect(decide("I'm so angry, it arrived smashed and nobody will take responsibility").reasons).toEqual(['anger']);
  });

  it('the learned judgement does not read contact details or short payment questions as anger', () => {
    for (const text of ['邮箱 [EMAIL_1]', "it's anna@example.com", 'And for Alipay or WeChat Pay?', '那支付宝呢？']) expect(decide(text).escalate, text).toBe(false);
  });

  it('a denied hazard or threat is not one; a conditional threat is', () => {
    expect(decide('No smoke or sparks, it just does not charge').escalate).toBe(false);
    expect(decide('没有冒烟，就是充不进电').escalate).toBe(false);
    expect(decide('我不会投诉的，放心').escalate).toBe(false);
    expect(decide('再不退款我就投诉').reasons).toEqual(['threat']);
  });

  it('an old angry turn outside the trend window does not make a trend', () => {
    const old = [customer('The parcel is late, a bit annoying.', 600), customer('Still nothing, really frustrating.', 590)];
    expect(decide('This is terrible and unacceptable, I am so upset!', old).reasons).not.toContain('frustration_trend');
    const recent = [customer('The parcel is late, a bit annoying.', 3), customer('Still nothing, really frustrating.', 2)];
    expect(decide('This is terrible and unacceptable, I am so upset!', recent).reasons).toContain('frustration_trend');
  });

  it('the evidence of a trend shows the series', () => {
    const history = [customer('The parcel is late, a bit annoying.', 3), customer('Still nothing, really frustrating.', 2)];
    const evidence = decide('This is terrible and unacceptable, I am so upset!', history).evidence.find((e) => e.startsWith('frustration_trend'));
    expect(evidence).toMatch(/^frustration_trend: frustration \d\.\d\d → \d\.\d\d → \d\.\d\d over the last 3 turns$/);
  });

  it('repeats are found across small rewordings, not across different questions', () => {
    expect(similarity('我的包裹到哪了', '我的包裹到哪里了？')).toBeGreaterThanOrEqual(0.7);
    expect(similarity('Where is my order #55120?', 'where is my order 55120??')).toBeGreaterThanOrEqual(0.7);
    expect(similarity('Where is my order?', 'Where is my refund?')).toBeLessThan(0.7);
    expect(similarity('Can I change the delivery address?', 'Can I change the delivery date?')).toBeLessThan(0.7);
    const asked = customer('How do I print the return label?', 2);
    // Asked again after the bot's answer: the answer did not help. Sent twice in a row, it is not a repeat.
    expect(decide('how do I print the return label', [asked, botReply('You can print it from My Orders.', 1)]).evidence).toEqual([
      expect.stringMatching(/^repeated_question: asked again after the bot's answer: "How do I print the return label\?" \(similarity 1\.00\)$/),
    ]);
    expect(decide('how do I print the return label', [asked]).escalate).toBe(false);
  });
});
