import { describe, expect, it } from 'vitest';
import { TextAnalyzer } from '../../src/knowledge/text/analyzer.js';
import { normaliseNumbers, parseChineseNumber } from '../../src/knowledge/text/numerals.js';

const analyzer = new TextAnalyzer('jieba');
const terms = (text: string) => analyzer.indexTerms(text);
const shares = (a: string, b: string) => terms(a).filter((t) => terms(b).includes(t));

describe('keyword analysis for Chinese and English', () => {
  it('reads article numbers and counted numbers the same however they are written', () => {
    expect(parseChineseNumber('二十五')).toBe(25);
    expect(parseChineseNumber('一百零八')).toBe(108);
    expect(normaliseNumbers('第二十五条 七日内 二十四个月 三倍 seven days 一般 统一 三包')).toBe('第25条 7日内 24个月 3倍 7 days 一般 统一 三包');
    expect(terms('第二十五条')).toContain('§25');
    expect(terms('see Article 25 of the law')).toContain('§25');
    expect(shares('7天无理由退货', '消费者有权自收到商品之日起七日内退货')).toEqual(expect.arrayContaining(['7', '退货']));
  });

  it('keeps order numbers and product codes whole, and splits hyphenated words', () => {
    expect(terms('Order A12345 for the reTerminal DM')).toEqual(expect.arrayContaining(['a12345', 'reterminal', 'dm']));
    expect(terms('a 7-day no-reason return')).toEqual(expect.arrayContaining(['7', 'day', 'reason', 'return']));
  });

  it('stems English consistently and segments Chinese into words', () => {
    expect(shares('refunded', 'refunds')).toContain('refund');
    expect(shares('shipping', 'shipped')).toContain('ship');
    expect(terms('apply')).toContain('apply');
    expect(terms('消费者权益保护法')).toEqual(expect.arrayContaining(['消费者', '权益', '保护法']));
  });

  it('tags the same after-sales concept in both languages, which is how questions cross languages', () => {
    const concepts = (text: string) => new Set(analyzer.concepts(text));
    const both = (a: string, b: string) => [...concepts(a)].filter((c) => concepts(b).has(c));
    expect(both('Who pays the postage if I send it back?', '退货运费由谁承担')).toHaveLength(3);
    expect(both('Can I get my money back?', '退款多久到账').length).toBeGreaterThanOrEqual(1);
    expect(both('the seal is broken', '消费者拆封的音像制品')).toHaveLength(1);
    expect(both('it is not working', 'working days')).toHaveLength(0);
  });

  it('reads a question as groups: a word and its concept count once, a word the glossary does not know stands alone', () => {
    const groups = analyzer.queryGroups('Can I pay with bitcoin?').map((g) => g.terms);
    expect(groups).toHaveLength(2);
    expect(groups.find((g) => g.includes('pay'))!.filter((t) => t.startsWith('~')).length).toBeGreaterThanOrEqual(2);
    expect(groups).toContainEqual(['bitcoin']);
  });
});
