import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RedactionSession, redactPersonalData, restorePersonalData } from '../../src/text/redact.js';
import { repoRoot } from '../../testkit/runtime.js';

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
    ['全角手机 １３８１２３４５６７８ 请回电', 'PHONE', '１３８１２３４５６７８'],
    ['my number is 0086 139 0000 1111', 'PHONE', '0086 139 0000 1111'],
    ['座机 0571-88886666 白天有人', 'PHONE', '0571-88886666'],
    ['office (010) 8888 6666', 'PHONE', '(010) 8888 6666'],
    ['UK mobile 07700 900123', 'PHONE', '07700 900123'],
    ['邮箱 ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'EMAIL', 'ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ'],
    ['送到阳光花园 3 栋 2 单元 501 室', 'ADDRESS', '阳光花园 3 栋 2 单元 501 室'],
    ['地址是文三路 90 号', 'ADDRESS', '文三路 90 号'],
    ['send it to 12b baker street', 'ADDRESS', '12b baker street'],
    ['Springfield, IL 62704', 'ADDRESS', 'IL 62704'],
    ['London SW1A 1AA', 'ADDRESS', 'SW1A 1AA'],
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

  it('gives the same value the same placeholder across the texts of one prompt', () => {
    const session = new RedactionSession();
    const a = session.redact('call 13812345678');
    const b = session.redact('or 138 1234 5678, or +86 138-1234-5678, or my wife on 13900001111');
    expect(a).toBe('call [PHONE_1]');
    expect(b).toBe('or [PHONE_1], or [PHONE_1], or my wife on [PHONE_2]');
    expect(session.restore('We will call [PHONE_2].')).toBe('We will call 13900001111.');
  });

  it('leaves placeholders it already put in alone', () => {
    const session = new RedactionSession();
    expect(session.redact(session.redact('card 4111 1111 1111 1111'))).toBe('card [CARD_1]');
  });

  it('finds nothing personal in the sample policies, so they reach the model as written', () => {
    for (const language of ['en', 'zh']) {
      const dir = join(repoRoot, 'knowledge', language);
      for (const file of readdirSync(dir)) {
        const text = readFileSync(join(dir, file), 'utf8');
        expect(redactPersonalData(text).counts, `${language}/${file}`).toEqual({});
      }
    }
  });
});
