import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/text/language.js';

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

describe('language detection: what does not count', () => {
  it('order numbers, links and e-mail addresses say nothing about language', () => {
    expect(detectLanguage('订单号 SF1234567890 到哪了', 'en')).toMatchObject({ language: 'zh', mixed: false });
    expect(detectLanguage('退款 https://shop.example.com/orders/AB12345 还没到', 'en')).toMatchObject({ language: 'zh', mixed: false });
    expect(detectLanguage('请发到 customer.service@example.com', 'en')).toMatchObject({ language: 'zh' });
  });

  it('chat fillers keep the conversation language', () => {
    expect(detectLanguage('ok', 'zh')).toEqual({ language: 'zh', mixed: false, detected: false });
    expect(detectLanguage('OK thx', 'zh')).toMatchObject({ language: 'zh', detected: false });
    expect(detectLanguage('ok, where is it?', 'zh')).toMatchObject({ language: 'en', detected: true });
  });

  it('a script we do not answer in keeps the fallback rather than guessing Chinese', () => {
    expect(detectLanguage('注文した商品がまだ届きません', 'en')).toMatchObject({ language: 'en', detected: false });
    expect(detectLanguage('Где мой заказ?', 'zh')).toMatchObject({ language: 'zh', detected: false });
  });

  it('traditional Chinese is Chinese', () => {
    expect(detectLanguage('我的訂單什麼時候發貨？', 'en')).toMatchObject({ language: 'zh', detected: true });
  });
});
