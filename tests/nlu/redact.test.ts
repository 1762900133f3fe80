import { describe, expect, it } from 'vitest';
import { redactPersonalData, restorePersonalData } from '../../src/nlu/redact.js';

describe('personal data redaction', () => {
  it.each([
    ['my email is jane.doe+shop@example.co.uk', 'EMAIL', 'jane.doe+shop@example.co.uk'],
    ['我的手机 13812345678 请回电', 'PHONE', '13812345678'],
    ['call me on +86 138 1234 5678', 'PHONE', '+86 138 1234 5678'],
    ['UK mobile +44 7700 900123 please', 'PHONE', '+44 7700 900123'],
    ['US (415) 555-0132 evenings', 'PHONE', '(415) 555-0132'],
    ['card 4111 1111 1111 1111 was charged', 'CARD', '4111 1111 1111 1111'],
    ['身份证号 11010519491231002X', 'CN_ID', '11010519491231002X'],
    ['寄到 浙江省杭州市西湖区文三路 90 号', 'ADDRESS', '浙江省杭州市西湖区文三路 90'],
    ['ship to 221 Baker Street, Apt 2 please', 'ADDRESS', '221 Baker Street, Apt 2'],
  ])('finds %s', (text, kind, value) => {
    const { text: redacted, values } = redactPersonalData(text);
    expect(redacted).toContain(`[${kind}_1]`);
    expect(values.get(`[${kind}_1]`)).toContain(value.trim());
    expect(redacted).not.toContain(value);
  });

  it('leaves order numbers, amounts and dates readable', () => {
    for (const text of ['order 202611280001234 has not arrived', '订单号 1234567890123 退款 299 元', 'placed on 2026-11-20']) {
      expect(redactPersonalData(text).text).toBe(text);
    }
  });

  it('does not take a number that fails the card checksum for a card', () => {
    expect(redactPersonalData('tracking 4111 1111 1111 1112').text).toBe('tracking 4111 1111 1111 1112');
  });

  it('puts the customer’s own values back into a reply', () => {
    const { text, values } = redactPersonalData('reach me at 13812345678 or bob@example.com');
    const reply = `We will call [PHONE_1] and email [EMAIL_1]. (${text})`;
    expect(restorePersonalData(reply, values)).toContain('We will call 13812345678 and email bob@example.com');
  });
});
