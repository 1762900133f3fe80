import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { citedIds, stripCitationMarkers } from '../../src/llm/guard/citations.js';
import { CommitmentGuard, describeProblem } from '../../src/llm/guard/commitment-guard.js';
import { parseChineseNumeral } from '../../src/text/numerals.js';
import { extractQuantities } from '../../src/llm/guard/quantities.js';
import { splitSentences } from '../../src/llm/guard/sentences.js';
import { repoRoot } from '../../testkit/runtime.js';

interface Entry {
  id: string;
  language: 'en' | 'zh';
  cite: string[];
  reply: string;
  expect: 'pass' | 'catch';
  why: string;
  known_miss?: string;
}
type Corpus = { passages: Record<string, string>; replies: Entry[] };
const load = (name: string) => JSON.parse(readFileSync(join(repoRoot, 'tests/fixtures/commitment-guard', `${name}.json`), 'utf8')) as Corpus;

const guard = new CommitmentGuard();
const problemsOf = (corpus: Corpus, entry: Entry) =>
  guard
    .checkText(
      entry.reply,
      entry.cite.map((id) => ({ id, text: corpus.passages[id]! })),
    )
    .flatMap((v) => v.problems);

describe('the commitment guard', () => {
  const sevenDays = [{ id: 'P1', text: 'Once your return reaches our warehouse, we refund you within 7 days to your original payment method.' }];

  it('catches "we will refund you within 3 days" when the passage says 7 days, and says why', () => {
    const [verdict] = guard.checkText('We will refund you within 3 days.', sevenDays);
    expect(verdict!.problems.map(describeProblem)).toEqual(['"3 days" is not in the cited policy (it says 7 days)']);
    expect(guard.checkText('We will refund you within 7 days.', sevenDays)[0]!.problems).toEqual([]);
  });

  it.each([
    ['三天内给您退款', '7 天内原路退款', false],
    ['七天内给您退款', '7 天内原路退款', true],
    ['７天内给您退款', '7 天内原路退款', true],
    ['三个工作日内退款', '3 个工作日内退款', true],
    ['三个工作日内退款', '3 天内退款', false],
    ['五至十个工作日到账', '5 至 10 个工作日内到账', true],
    ['5到10个工作日到账', '5 至 10 个工作日内到账', true],
    ['五个工作日内到账', '5 至 10 个工作日内到账', false],
    ['十个工作日内到账', '5 至 10 个工作日内到账', true],
    ['扣除十二元运费', '扣除 12 元退货运费', true],
    ['扣除１５元运费', '扣除 12 元退货运费', false],
    ['Refunds take five to ten business days', 'Card refunds take 5 to 10 business days', true],
    ['Refunds take 5-10 days', 'Card refunds take 5 to 10 business days', false],
    ['A $6.95 fee is deducted', 'the $6.95 return shipping fee is deducted', true],
    ['A 6.95 dollar fee is deducted', 'the $6.95 return shipping fee is deducted', true],
  ])('"%s" against "%s": supported = %s', (reply, passage, supported) => {
    const problems = guard.checkText(reply, [{ id: 'P1', text: passage }]).flatMap((v) => v.problems);
    expect(problems.length === 0, JSON.stringify(problems)).toBe(supported);
  });

  it('reads Chinese numerals and full-width digits as numbers', () => {
    expect([parseChineseNumeral('七'), parseChineseNumeral('十五'), parseChineseNumeral('二十'), parseChineseNumeral('一百八十'), parseChineseNumeral('两')]).toEqual([
      7, 15, 20, 180, 2,
    ]);
    const units = extractQuantities('七天内，三个工作日，１２元，下午4点前，百分之五十，打八折，48 小时').map((q) => `${q.unit}:${q.low}-${q.high}`);
    expect(units).toEqual(['day:7-7', 'business_day:3-3', 'cny:12-12', 'clock:16-16', 'percent:50-50', 'discount_tenths:8-8', 'hour:48-48']);
  });

  it('binds a number to its case: PayPal’s 1 to 3 days are not cards’', () => {
    const passage = [
      {
        id: 'P1',
        text: 'After we issue a refund, card refunds (Visa, Mastercard, American Express) usually appear on your statement within 5 to 10 business days. PayPal, Alipay and WeChat Pay refunds usually arrive within 1 to 3 business days.',
      },
    ];
    expect(guard.checkText('Card refunds take 1 to 3 business days.', passage)[0]!.problems[0]?.type).toBe('misattributed_quantity');
    expect(guard.checkText('PayPal refunds take 1 to 3 business days.', passage)[0]!.problems).toEqual([]);
  });

  it('a refusal is not a promise, but "no fee" is one', () => {
    const passage = [{ id: 'P1', text: 'For change-of-mind returns a flat return shipping fee of $6.95 is deducted from your refund.' }];
    expect(guard.checkText("We can't offer compensation for change of mind.", passage)[0]!.problems).toEqual([]);
    expect(guard.checkText('There is no fee for change-of-mind returns.', passage)[0]!.problems.map((p) => p.type)).toContain('unsupported_commitment');
    expect(guard.checkText("We won't deduct the $6.95 fee.", passage)[0]!.problems.map((p) => p.type)).toContain('contradicted_quantity');
  });

  describe('on the corpus it was built with (tests/fixtures/commitment-guard/corpus.json)', () => {
    const corpus = load('corpus');
    it.each(corpus.replies.filter((r) => !r.known_miss).map((r) => [r.id, r.reply, r] as const))('%s: %s', (_, __, entry) => {
      const problems = problemsOf(corpus, entry);
      expect(problems.length > 0 ? 'catch' : 'pass', `${entry.why}: ${problems.map(describeProblem).join(' | ')}`).toBe(entry.expect);
    });
  });

  it.each(['holdout', 'holdout-2'])('on %s: no good reply is flagged and at least 3 in 4 bad ones are caught', (name) => {
    const corpus = load(name);
    const caught = corpus.replies.map((entry) => ({ entry, caught: problemsOf(corpus, entry).length > 0 }));
    const flaggedGood = caught.filter((r) => r.caught && r.entry.expect === 'pass').map((r) => r.entry.reply);
    const bad = caught.filter((r) => r.entry.expect === 'catch');
    expect(flaggedGood).toEqual([]);
    expect(bad.filter((r) => r.caught).length / bad.length).toBeGreaterThanOrEqual(0.75);
  });
});

describe('reading the model’s reply', () => {
  it('splits sentences in both languages, keeping a citation with the sentence it follows', () => {
    expect(splitSentences('Card refunds take 5 to 10 business days. [P1] It costs $6.95, e.g. for returns.[P2] 好的。退款一般3天到账；PayPal更快！').map((s) => s.text)).toEqual([
      'Card refunds take 5 to 10 business days. [P1]',
      'It costs $6.95, e.g. for returns.[P2]',
      '好的。',
      '退款一般3天到账；',
      'PayPal更快！',
    ]);
  });

  it('reads citation ids however the model brackets them', () => {
    expect(citedIds('A [P1]. B [P2, P3]. C 【P4】. D (P5). E [P1][p6].')).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    expect(stripCitationMarkers('Card refunds take 5 to 10 business days [P1][P2].')).toBe('Card refunds take 5 to 10 business days.');
  });
});
