import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/nlu/intent/entities.js';

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
