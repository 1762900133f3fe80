import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { message, tempDir, testRuntime } from '../helpers/runtime.js';

describe('escalation to a human', () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: Runtime;
  beforeEach(async () => {
    dir = tempDir();
    runtime = await testRuntime(dir.path);
  });
  afterEach(async () => {
    await runtime.close();
    dir.remove();
  });

  it.each(['转人工', '我要人工客服', 'can I talk to a real person?', 'agent please'])(
    'an explicit request for a human escalates even when calm: %s',
    async (text) => {
      const outcome = await runtime.engine.handle(message(`human-${text}`, text));
      expect(outcome.escalated).toBe(true);
      expect(outcome.escalationReasons).toContain('human_requested');
      expect(outcome.replyKind).toBe('escalation_ack');
    },
  );

  it.each([
    ['I will file a chargeback with my bank', 'threat'],
    ['再不处理我就打12315投诉', 'threat'],
    ['the charger started to smoke and smells of burning', 'high_risk_topic'],
    ['充电器冒烟了，差点着火', 'high_risk_topic'],
  ])('threats and safety problems go to a human: %s', async (text, reason) => {
    const outcome = await runtime.engine.handle(message(`risk-${text}`, text));
    expect(outcome.escalationReasons).toContain(reason);
  });

  it('one mildly negative message does not escalate; three increasingly angry ones do', async () => {
    const mild = await runtime.engine.handle(message('trend', 'My parcel is a bit late, a little disappointed.'));
    expect(mild.escalated).toBe(false);
    const worse = await runtime.engine.handle(message('trend', 'Still nothing. This is really frustrating and bad.'));
    expect(worse.escalated).toBe(false);
    const angry = await runtime.engine.handle(message('trend', 'This is terrible, absolutely unacceptable and ridiculous!!'));
    expect(angry.escalated).toBe(true);
    expect(angry.escalationReasons).toContain('frustration_trend');
  });

  it('the same question asked again goes to a human', async () => {
    await runtime.engine.handle(message('repeat', 'Can I get a discount on my next purchase maybe'));
    const again = await runtime.engine.handle(message('repeat', 'can I get a discount on my next purchase maybe?'));
    expect(again.escalationReasons).toContain('repeated_question');
  });

  it('questions the bot cannot answer twice in a row go to a human', async () => {
    const first = await runtime.engine.handle(message('unanswered', 'Do you sell garden furniture?'));
    expect(first.replyKind).toBe('no_answer');
    const second = await runtime.engine.handle(message('unanswered', 'What about patio umbrellas then?'));
    expect(second.escalated).toBe(true);
    expect(second.escalationReasons).toEqual(['unanswered']);
  });

  it('once escalated the bot stops answering and stays out of the way', async () => {
    await runtime.engine.handle(message('quiet', '转人工'));
    const follow = await runtime.engine.handle(message('quiet', '退款多久到账？'));
    expect(follow).toMatchObject({ escalated: true, replyKind: 'waiting_for_staff', citations: [] });
    const more = await runtime.engine.handle(message('quiet', '还在吗'));
    expect(more).toMatchObject({ escalated: true, replyKind: 'none', reply: '' });
    const conversation = await runtime.store.conversations.findByKey('test', 'quiet');
    const escalation = await runtime.store.escalations.open(conversation!.id);
    expect(escalation).toMatchObject({ status: 'open', reasons: ['human_requested'] });
  });
});
