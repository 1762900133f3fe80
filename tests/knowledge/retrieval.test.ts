import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectDocumentFiles } from '../../src/knowledge/ingest/collect-files.js';
import { fixturePolicies, openTestKnowledgeBase, sampleKnowledge, type TestKnowledgeBase } from '../helpers/knowledge.js';
import { tempDir } from '../../testkit/runtime.js';

const cite = (p: { source: string; section?: string }) => `${p.source} § ${p.section}`;

describe('hybrid retrieval over real policy texts (zh statutes, en shop policies, a zh/en warranty pair)', () => {
  let dir: ReturnType<typeof tempDir>;
  let handle: TestKnowledgeBase;
  beforeAll(async () => {
    dir = tempDir();
    handle = await openTestKnowledgeBase(dir.path);
    await handle.kb.ingest((await collectDocumentFiles([fixturePolicies])).files);
  });
  afterAll(async () => {
    await handle.close();
    dir.remove();
  });

  it('a customer question in Chinese finds 第二十五条 of the consumer-rights law first', async () => {
    const [first] = await handle.kb.search('拆封的软件光盘还能无理由退货吗', { k: 5, language: 'zh' });
    expect(cite(first!)).toBe('zh_law_consumer_rights_protection_2013.md § 第二十五条');
    expect(first!.version).toBe('2013-10-25');
  });

  it('an article number finds its article, written either way', async () => {
    for (const query of ['消费者权益保护法第二十五条', '消费者权益保护法第25条']) {
      const passages = await handle.kb.search(query, { k: 3, language: 'zh' });
      expect(passages.map(cite)).toContain('zh_law_consumer_rights_protection_2013.md § 第二十五条');
    }
  });

  it('an English question about a rule written only in Chinese finds it', async () => {
    const passages = await handle.kb.search('Can I return opened software within seven days without giving a reason?', { k: 5, language: 'en' });
    expect(passages.slice(0, 2).map(cite)).toContain('zh_law_consumer_rights_protection_2013.md § 第二十五条');
  });

  it('an English question about the zh/en warranty pair surfaces the Chinese document as its translation', async () => {
    const passages = await handle.kb.search('Does the reTerminal DM warranty still apply if I took the device apart and modified it?', { k: 5, language: 'en' });
    const clause5 = passages.slice(0, 2).find((p) => p.section === 'reTerminal DM Warranty › 5');
    expect(clause5, passages.map(cite).join('\n')).toBeDefined();
    expect(clause5!.translation).toMatchObject({ source: 'zh_seeed_reterminal_dm_warranty.md', section: 'reTerminal DM 保修政策 › 5', language: 'zh' });
    expect(clause5!.translation!.text).toContain('未经授权的拆卸或改装');
  });

  it("a rule held in both languages is answered in the customer's language, once", async () => {
    const passages = await handle.kb.search('reTerminal DM 保修期内维修的运费谁承担', { k: 5, language: 'zh' });
    expect(cite(passages[0]!)).toBe('zh_seeed_reterminal_dm_warranty.md § reTerminal DM 保修政策 › 4');
    expect(passages[0]!.translation?.source).toBe('en_seeed_reterminal_dm_warranty.md');
    const ids = passages.flatMap((p) => (p.translation ? [p.id, p.translation.id] : [p.id]));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('questions the documents do not answer get no passage at all', async () => {
    for (const query of ['Do you sell garden furniture?', 'What about patio umbrellas then?', '明天上海天气怎么样', 'Tell me a joke about cats']) {
      expect(await handle.kb.search(query, { k: 5, language: /[a-z]/i.test(query) ? 'en' : 'zh' }), query).toEqual([]);
    }
  });

  it('each passage says where it came from and why it was found', async () => {
    const [first] = await handle.kb.search('快递丢了怎么赔偿，保价和没保价有什么区别', { k: 3, language: 'zh' });
    expect(first).toMatchObject({
      source: 'zh_reg_express_delivery_interim_2019.md',
      section: '第二十七条',
      language: 'zh',
      documentId: 'zh_reg_express_delivery_interim_2019.md',
      title: '快递暂行条例',
    });
    expect(first!.score).toBeGreaterThan(0);
    expect(first!.score).toBeLessThanOrEqual(1);
    expect(first!.signals.keywordRank).toBe(1);
    expect(first!.signals.coverage).toBeGreaterThan(0.35);
  });

  it('keyword-only and vector-only modes rank with one method each', async () => {
    const keyword = await handle.kb.search('快件延误丢失损毁 保价', { k: 3, language: 'zh', mode: 'keyword', relevanceGate: false });
    expect(keyword.every((p) => p.signals.similarity === null)).toBe(true);
    const vector = await handle.kb.search('快件延误丢失损毁 保价', { k: 3, language: 'zh', mode: 'vector', relevanceGate: false });
    expect(vector.every((p) => p.signals.keywordRank === null && p.signals.similarity !== null)).toBe(true);
  });
});

describe('the sample shop together with the statutes', () => {
  it("still finds 第二十五条 first or second when the shop's own returns policy talks about opened items too", async () => {
    const dir = tempDir();
    const handle = await openTestKnowledgeBase(dir.path);
    try {
      await handle.kb.ingest((await collectDocumentFiles([sampleKnowledge, fixturePolicies])).files);
      const passages = await handle.kb.search('拆封的软件光盘还能无理由退货吗', { k: 5, language: 'zh' });
      expect(passages.slice(0, 2).map(cite)).toContain('zh_law_consumer_rights_protection_2013.md § 第二十五条');
    } finally {
      await handle.close();
      dir.remove();
    }
  });
});
