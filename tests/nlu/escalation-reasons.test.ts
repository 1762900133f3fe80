import { describe, expect, it } from 'vitest';
import { decideEscalation, defaultEscalationThresholds, type NeedsPersonJudge, type ReasonReader } from '../../src/nlu/escalation/policy.js';
import { deadlinePassed } from '../../src/nlu/escalation/deadline.js';
import { shippedReasonClassifier } from '../../src/nlu/escalation/needs-person/reasons.js';
import { lexiconScore } from '../../src/nlu/sentiment/lexicon-analyser.js';
import { lexiconSignals } from '../../src/nlu/sentiment/lexicon/signals.js';

const now = new Date('2025-03-01T12:00:00Z');
/** A judgement that a person is needed, naming the words it was given. */
const needsPerson: NeedsPersonJudge = () => ({ probability: 0.95, evidence: ['still', 'nothing'] });
const decide = (text: string, reasonReader: ReasonReader) =>
  decideEscalation({ text, sentiment: lexiconScore(lexiconSignals(text)), history: [], now, judge: needsPerson, reasonReader }, defaultEscalationThresholds);

describe('the reason model names what a learned escalation is about', () => {
  const text = 'here we are again and nothing has happened';

  it('names the reason it reads, with its words, instead of anger', () => {
    const reader: ReasonReader = () => [{ reason: 'broken_promise', probability: 0.8, evidence: ['nothing has', 'happened'] }];
    const decision = decide(text, reader);
    expect(decision.reasons).toEqual(['broken_promise']);
    expect(decision.evidence[0]).toMatch(/^broken_promise: reason model 0\.80 \(words that weighed most: nothing has, happened\); needs a person 0\.95/);
  });

  it('keeps anger when the model is not sure of any reason, or reads anger', () => {
    expect(decide(text, () => [{ reason: 'no_response', probability: 0.2, evidence: ['nothing'] }]).reasons).toEqual(['anger']);
    expect(decide(text, () => [{ reason: 'anger', probability: 0.7, evidence: ['terrible'] }]).reasons).toEqual(['anger']);
  });

  it('never escalates on the reason model alone', () => {
    const calm = decideEscalation(
      {
        text: 'when will my parcel arrive?',
        sentiment: null,
        history: [],
        now,
        judge: () => ({ probability: 0.1, evidence: [] }),
        reasonReader: () => [{ reason: 'no_response', probability: 0.99, evidence: ['parcel'] }],
      },
      defaultEscalationThresholds,
    );
    expect(calm.escalate).toBe(false);
  });

  it('the shipped model reads a reason for each kind of grievance it was trained on', () => {
    const model = shippedReasonClassifier();
    expect(model).not.toBeNull();
    const top = (t: string) => model!.read(t)[0]!.reason;
    expect(top('I want to speak to a manager right now')).toBe('human_requested');
    expect(top('我要去12315投诉你们')).toBe('threat');
  });
});

describe('a deadline counted past', () => {
  it.each([
    ['"we\'ll refund the duplicate within 1 business day" - that was 6 business days ago', true],
    ['i was told it would be reissued in 3 days, its been 2 weeks', true],
    ['取消订单时说1个工作日内发起退款 我取消三天了还显示处理中', true],
    ["I was told delivery within 3 days, it's been 2 days, is that normal?", false],
    ['客服说3天内发货，现在才过了1天，正常吗', false],
    ['delivery takes 3 to 5 days', false],
  ])('%s → %s', (text, passed) => {
    expect(deadlinePassed(text) !== null).toBe(passed);
  });
});
