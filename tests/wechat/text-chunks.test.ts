import { describe, expect, it } from 'vitest';
import { splitForMessages, TEXT_LIMIT_BYTES } from '../../adapters/wechat/text-chunks.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('splitting long replies for WeChat’s 2048-byte text limit', () => {
  it('leaves a reply that fits alone', () => {
    expect(splitForMessages('退款将在 3-5 个工作日内原路退回。')).toEqual(['退款将在 3-5 个工作日内原路退回。']);
  });

  it('splits Chinese text by bytes, not characters, at sentence ends, losing nothing', () => {
    const sentence = '商品签收后七天内可申请无理由退货，请保持商品完好并保留原包装。';
    const text = sentence.repeat(40);
    const parts = splitForMessages(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(bytes(part)).toBeLessThanOrEqual(TEXT_LIMIT_BYTES);
      expect(part.endsWith('。')).toBe(true);
    }
    expect(parts.join('')).toBe(text);
  });

  it('prefers paragraph breaks, and never cuts an emoji in half', () => {
    const paragraph = `${'Returns are free within 30 days. '.repeat(20)}👍🏽`;
    const parts = splitForMessages([paragraph, paragraph, paragraph].join('\n\n'), 1000);
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part.endsWith('👍🏽')).toBe(true);
    const emoji = splitForMessages('👨‍👩‍👧'.repeat(200), 100);
    for (const part of emoji) expect([...new Intl.Segmenter().segment(part)].every(({ segment }) => segment === '👨‍👩‍👧')).toBe(true);
  });
});
