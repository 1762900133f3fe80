import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectDocumentFiles } from '../../src/knowledge/ingest/collect-files.js';
import { TextAnalyzer } from '../../src/knowledge/text/analyzer.js';
import { PassageResponder } from '../../src/llm/passage-responder.js';
import { Templates } from '../../src/llm/templates.js';
import { openTestKnowledgeBase, sampleKnowledge, type TestKnowledgeBase } from '../helpers/knowledge.js';
import { repoRoot, tempDir } from '../../testkit/runtime.js';
import { join } from 'node:path';

const section = (p: { section?: string } | undefined) => p?.section;
const ask = (kb: TestKnowledgeBase, q: string, language: 'en' | 'zh') => kb.kb.search(q, { k: 4, language });

describe('matching that generalises: Chinese words and bigrams, unknown words', () => {
  const dir = tempDir();
  let handle: TestKnowledgeBase;
  beforeAll(async () => {
    handle = await openTestKnowledgeBase(dir.path);
    await handle.kb.ingest((await collectDocumentFiles([sampleKnowledge])).files);
  });
  afterAll(async () => {
    await handle.close();
    dir.remove();
  });

  it('reads a Chinese word with its bigrams or characters, so 换码 still meets 换尺码 and 退 meets 退货', () => {
    const analyzer = new TextAnalyzer();
    const [word] = analyzer.queryGroups('换码');
    expect(word).toEqual({ terms: ['换码'], parts: ['换', '码'] });
    expect(analyzer.queryGroups('退').flatMap((g) => g.terms)).toContain('退');
    const indexed = new Set(analyzer.indexTerms('更换尺码或颜色 退货'));
    for (const term of ['换', '码', '尺码', '退', '退货']) expect(indexed.has(term), term).toBe(true);
  });

  it("an admin's phrasing answers its question again, and a detail it happens to share pulls no other question", async () => {
    await handle.kb.addPhrasings('en/orders.md', 'Checking the status of an order', ['wheres my stuff?? order LG-66120 from the kettle sale']);
    const again = await ask(handle, 'where is my stuff, order LG-66120 from the kettle sale', 'en');
    expect(section(again[0])).toBe('Checking the status of an order');
    // Mixed into the passage's keywords, "LG-66120" and "kettle" made it outrank the returns rules here.
    const other = await ask(handle, 'how do I start a return for the kettle from order LG-66120?', 'en');
    expect(section(other[0])).toBe('How to start a return');
  });

  it('a question worded apart from the rule still finds it through shared characters', async () => {
    const [first] = await ask(handle, '鞋子小了能换码吗', 'zh');
    expect(section(first)).toBe('更换尺码或颜色');
  });

  it('words the knowledge base has never seen (dates, products, symptoms) do not sink a match', async () => {
    const plain = await ask(handle, 'it arrived and the box was crushed', 'en');
    const detailed = await ask(handle, 'my kettle arrived yesterday and the box was crushed', 'en');
    expect(section(plain[0])).toBe('Damaged on arrival');
    expect(section(detailed[0])).toBe('Damaged on arrival');
    // "kettle" and "yesterday" appear in no document: they weigh nothing either way.
    expect(detailed[0]!.signals.coverage).toBeCloseTo(plain[0]!.signals.coverage, 3);
    const cracked = await ask(handle, 'my kettle arrived yesterday with a cracked lid, the box was crushed.', 'en');
    expect(section(cracked[0])).toBe('Damaged on arrival');

    const zh = await ask(handle, '耳机是质量问题，左耳没声音了，买了两周。怎么申请退货？', 'zh');
    expect(zh.length).toBeGreaterThan(0);
  });

  it('a misspelt English word finds the word the documents use', async () => {
    const [first] = await ask(handle, 'warrenty claim process?', 'en');
    expect(section(first)).toBe('How to make a warranty claim');
  });
});

describe('answer choice without a model', () => {
  const dir = tempDir();
  let handle: TestKnowledgeBase;
  let responder: PassageResponder;
  beforeAll(async () => {
    handle = await openTestKnowledgeBase(dir.path);
    await handle.kb.ingest([
      {
        id: 'returns.md',
        bytes: Buffer.from(
          [
            '# Returns',
            '## Returning an item',
            'You can return an item within 30 days of delivery. Shipping is free on orders over $50. Gift wrapping costs $4 per item. This does not apply to faulty items, which you can return at any time within the warranty.',
            '## Store hours',
            'Our showroom opens at 10:00 on weekdays.',
          ].join('\n'),
        ),
      },
    ]);
    responder = new PassageResponder(await Templates.load(join(repoRoot, 'prompts')));
  });
  afterAll(async () => {
    await handle.close();
    dir.remove();
  });

  it('quotes the sentences that answer, and keeps the exception that changes the answer', async () => {
    const passages = await ask(handle, 'can I still return it after 30 days?', 'en');
    const result = await responder.respond({ passages, language: 'en', text: '' } as never);
    const text = result.reply!.text;
    expect(text).toContain('You can return an item within 30 days of delivery.');
    expect(text).toContain('This does not apply to faulty items');
    expect(text).not.toContain('Gift wrapping');
    expect(result.reply!.citations).toEqual([{ source: 'returns.md', section: 'Returning an item' }]);
  });

  it('an alternative phrasing added to a section is indexed with it in a new version, and never quoted', async () => {
    const question = 'can I pop in on a saturday morning?';
    const before = handle.kb.version;
    const outcome = await handle.kb.addPhrasings('returns.md', 'Store hours', ['Can I visit you on a saturday?']);
    expect(outcome.version).not.toBe(before);
    expect(outcome.phrased).toEqual(['returns.md']);
    const passages = await ask(handle, question, 'en');
    expect(section(passages[0])).toBe('Store hours');
    const result = await responder.respond({ passages, language: 'en', text: question } as never);
    expect(result.reply!.text).toContain('Our showroom opens at 10:00 on weekdays.');
    expect(result.reply!.text).not.toContain('saturday');
    await expect(handle.kb.addPhrasings('returns.md', 'No such heading', ['x'])).rejects.toThrow(/no section "No such heading"/);
  });
});
