import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/nlu/intent/entities.js';
import { intentForPrompt } from '../../src/nlu/intent/prompt-context.js';

describe('entities of an after-sales message', () => {
  it.each([
    ['订单号：20240315887766 还没发货', { orderNumber: '20240315887766' }],
    ['order #A10293847 was charged $59.99 on 2024-03-05', { orderNumber: 'A10293847', amount: '$59.99', date: '2024-03-05' }],
    ['帮我查查 SO2024112233 的物流', { orderNumber: 'SO2024112233' }],
    ['can you check on order 4451-220-9981', { orderNumber: '4451-220-9981' }],
    ['快递单号 75123456789012，订单 5563218890', { trackingNumber: '75123456789012', orderNumber: '5563218890' }],
    ['the tracking number is SF1234567890', { trackingNumber: 'SF1234567890' }],
    ['¥199买的耳机，昨天才到就坏了', { amount: '¥199', product: '耳机', date: '昨天' }],
    ['买完第二天就便宜了二十块', { amount: '二十块' }],
    ['I paid 30 dollars for the headphones last Friday', { amount: '30 dollars', product: 'headphones', date: 'last Friday' }],
    ['my Wireless Earbuds stopped working', { product: 'wireless earbuds' }],
    ['3月5日下单的电饭煲', { date: '3月5日', product: '电饭煲' }],
  ])('%s', (text, expected) => {
    expect(extractEntities(text)).toEqual(expected);
  });

  it('finds nothing where there is nothing', () => {
    expect(extractEntities('hello, is anyone there?')).toEqual({});
    expect(extractEntities('我要一件42码的')).toEqual({});
  });

  it('takes a redaction placeholder after an order cue as the order number', () => {
    expect(extractEntities('order number [CARD_1] has not arrived').orderNumber).toBe('[CARD_1]');
  });
});

describe('the intent as a reply prompt sees it', () => {
  it('names the intent, its meaning and the entities, in the reply language', () => {
    const intent = { label: 'refund_status', confidence: 0.93, entities: { orderNumber: '20240315887766' }, source: 'test' };
    expect(intentForPrompt(intent, 'en')).toBe(
      'Customer intent: refund_status (Where a refund already agreed or started is, when the money arrives, refund not received); order number: 20240315887766',
    );
    expect(intentForPrompt(intent, 'zh')).toBe('客户意图：refund_status（已申请或已同意的退款到哪一步了、什么时候到账、退款没收到）；订单号：20240315887766');
  });

  it('marks a low-confidence intent as a guess', () => {
    expect(intentForPrompt({ label: 'other', confidence: 0.3, entities: {}, source: 'test' }, 'en')).toContain('(uncertain)');
  });
});
