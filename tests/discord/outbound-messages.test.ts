import { describe, expect, it } from 'vitest';
import { discordMessagesFor, discordMessageLimit } from '../../adapters/discord/outbound-messages.js';

const codePoints = (text: string) => [...text].length;
const parts = (text: string) => discordMessagesFor({ author: 'bot', text }, { defaultLanguage: 'en' }).map((m) => String(m.content));

describe('Discord message splitting', () => {
  it('counts code points as Discord does: 2,000 emoji fit one message, 2,001 do not, and none is cut in half', () => {
    expect(parts('📦'.repeat(2000))).toHaveLength(1);
    const split = parts('📦'.repeat(2001));
    expect(split.map(codePoints)).toEqual([2000, 1]);
    expect(split.join('')).toBe('📦'.repeat(2001));
  });

  it('Chinese text without spaces is split after a sentence, not in the middle of one', () => {
    const sentence = '退货需在签收后三十天内申请，商品需保持完好。';
    const split = parts(sentence.repeat(120));
    expect(split.length).toBeGreaterThan(1);
    for (const part of split) {
      expect(codePoints(part)).toBeLessThanOrEqual(discordMessageLimit);
      expect(part.endsWith('。')).toBe(true);
    }
  });

  it('text with no pause at all is still delivered whole, in order', () => {
    const word = 'x'.repeat(4500);
    expect(parts(word).join('')).toBe(word);
  });

  it('a staff reply names its author; nobody but a named customer can be pinged', () => {
    const [staff] = discordMessagesFor({ author: 'staff', authorName: 'Alex_*', text: '@everyone hello' }, { defaultLanguage: 'en' });
    expect(staff).toMatchObject({ content: '**Alex\\_\\*** · support team\n@everyone hello', allowedMentions: { parse: [], users: [] } });
    const [first] = discordMessagesFor({ author: 'bot', text: 'hi' }, { defaultLanguage: 'en', mention: '123456789012345678' });
    expect(first).toMatchObject({ content: '<@123456789012345678>\nhi', allowedMentions: { parse: [], users: ['123456789012345678'] } });
  });
});
