import { describe, expect, it } from 'vitest';
import { withFollowUpLines } from '../../adapters/shared/follow-up-lines.js';
import { followUpBlocks } from '../../adapters/slack/slack-sender.js';
import { outboundActivity } from '../../adapters/teams/outbound-activity.js';
import { followUpsFor } from '../../src/llm/passage-responder.js';

const followUps = [{ title: 'Late or lost parcels', text: 'Late or lost parcels' }];
const passage = (section: string, score: number) => ({ id: section, source: 'shipping.md', section, text: 'x', language: 'en' as const, score });

describe('suggested follow-ups: one outcome field, rendered by each channel', () => {
  it('offers a close runner-up from another section, not a distant one or the same section', () => {
    expect(followUpsFor([passage('Tracking your order', 0.8), passage('Late or lost parcels', 0.78), passage('Processing time', 0.4)])).toEqual(followUps);
    expect(followUpsFor([passage('Tracking your order', 0.8), passage('Tracking your order › 2', 0.79)])).toEqual([]);
    expect(followUpsFor([passage('Tracking your order', 0.8), passage('Processing time', 0.5)])).toEqual([]);
  });

  it('Teams: a suggested action that posts the follow-up as the customer’s next message', () => {
    const activity = outboundActivity({ author: 'bot', text: 'Here is what our policy says: …', followUps }, 'en');
    expect(activity.suggestedActions?.actions).toEqual([{ type: 'imBack', title: 'Late or lost parcels', value: 'Late or lost parcels' }]);
    expect(outboundActivity({ author: 'bot', text: 'no follow-ups' }, 'en').suggestedActions).toBeUndefined();
  });

  it('Slack: a button under the answer whose value is the question to ask', () => {
    const [section, actions] = followUpBlocks('Here is what our policy says: …', followUps) as [unknown, { elements: Array<Record<string, unknown>> }];
    expect(section).toMatchObject({ type: 'section' });
    expect(actions.elements[0]).toMatchObject({ type: 'button', action_id: 'follow_up_0', value: 'Late or lost parcels', text: { text: 'Late or lost parcels' } });
  });

  it('plain-text channels: numbered lines in the reply’s language', () => {
    expect(withFollowUpLines('Here is what our policy says: tracking…', followUps)).toMatch(/\n\nYou can also ask about:\n1\. Late or lost parcels$/);
    expect(withFollowUpLines('根据我们的政策：……', [{ title: '快递延误或丢件', text: '快递延误或丢件' }], 'zh')).toMatch(/您也可以问：\n1\. 快递延误或丢件$/);
    expect(withFollowUpLines('no follow-ups', [])).toBe('no follow-ups');
  });
});
