import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/nlu/language.js';

describe('language detection', () => {
  it.each([
    ['Where is my order?', 'en', false],
    ['我的订单到哪了？', 'zh', false],
    ['我的iPhone 15坏了', 'zh', false],
    ['my order 还没到 and I am waiting', 'en', true],
    ['退款 refund 什么时候到账', 'zh', false],
    ['我的订单 still not here 怎么办', 'zh', true],
  ])('%s → %s', (text, language, mixed) => {
    expect(detectLanguage(text, 'en')).toMatchObject({ language, mixed, detected: true });
  });

  it('keeps the fallback when the text has no words', () => {
    expect(detectLanguage('12345 👍', 'zh')).toEqual({ language: 'zh', mixed: false, detected: false });
  });
});
