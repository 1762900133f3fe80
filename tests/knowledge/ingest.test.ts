import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { DocumentParseError } from '../../src/knowledge/errors.js';
import { collectDocumentFiles } from '../../src/knowledge/ingest/collect-files.js';
import { parseDocument } from '../../src/knowledge/ingest/parse-document.js';
import { fixturePolicies, sampleKnowledge } from '../helpers/knowledge.js';

const policy = (name: string) => ({ id: name, bytes: readFileSync(join(fixturePolicies, name)) });
const text = (id: string, content: string) => ({ id, bytes: Buffer.from(content, 'utf8') });

describe('ingesting policy documents', () => {
  it("splits a statute into one chunk per article (第N条), with the law's version and chapter", async () => {
    const { info, chunks } = await parseDocument(policy('zh_law_consumer_rights_protection_2013.md'));
    expect(info).toMatchObject({ source: 'zh_law_consumer_rights_protection_2013.md', language: 'zh', title: '中华人民共和国消费者权益保护法' });
    // The amendment record before <!-- INFO END --> is not a rule; its last date is the version.
    expect(info.version).toBe('2013-10-25');
    expect(chunks.some((c) => c.text.includes('第八届全国人民代表大会'))).toBe(false);
    const article25 = chunks.find((c) => c.section === '第二十五条')!;
    expect(article25.text).toMatch(/^第二十五条 经营者采用网络/);
    expect(article25.text).toContain('（三）在线下载或者消费者拆封的音像制品');
    expect(article25.text).not.toContain('第二十六条');
    expect(article25.headings).toEqual(['中华人民共和国消费者权益保护法', '第三章 经营者的义务']);
    expect(new Set(chunks.map((c) => c.section)).size).toBe(63);
  });

  it('splits numbered clauses, drops support boilerplate and reads Docusaurus front matter', async () => {
    const { info, chunks } = await parseDocument(policy('en_seeed_reterminal_dm_warranty.md'));
    expect(info).toMatchObject({ title: 'reTerminal DM Warranty', language: 'en', updated: '2023-04-23', translationKey: 'seeed_reterminal_dm_warranty' });
    expect(chunks.map((c) => c.section)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `reTerminal DM Warranty › ${n}`));
    expect(chunks[4]!.text).toContain('unauthorized disassembly or modification');
    const all = chunks.map((c) => c.text).join('\n');
    expect(all).not.toMatch(/Tech Support|forum\.seeedstudio|<div|<a /);
  });

  it('turns bold-only lines into headings and strips HTML tags and link targets', async () => {
    const { chunks } = await parseDocument(policy('en_bluescsi_return_warranty_policy.md'));
    expect(chunks.map((c) => c.section)).toEqual([
      'Return Policy',
      'Refund Policy',
      'Kit Repair/Return/Refund Policy',
      'Full Assembled Product Warranty Repair/Return/Refund Policy',
    ]);
    expect(chunks[0]!.text).toContain('Contact Us to request a return.');
    expect(chunks.map((c) => c.text).join()).not.toMatch(/<b>|<u>|\(\/contact\)|<br>/);
  });

  it("keeps the sample shop's front matter: version, updated date, language from the folder", async () => {
    const { files } = await collectDocumentFiles([sampleKnowledge]);
    expect(files.map((f) => f.id)).toContain('zh/returns.md');
    expect(files.some((f) => /readme/i.test(f.id))).toBe(false);
    const { info, chunks } = await parseDocument(files.find((f) => f.id === 'zh/returns.md')!);
    expect(info).toMatchObject({ id: 'zh/returns.md', source: 'returns.md', language: 'zh', version: '2026.3', updated: '2026-09-01', translationKey: 'returns' });
    expect(chunks[0]).toMatchObject({ section: '退货期限', position: '1.1', version: '2026.3' });
  });

  it('reads HTML: headings become sections, navigation and scripts go', async () => {
    const html = `<!doctype html><html><head><title>Returns</title><script>track()</script></head><body>
      <nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>
      <h1>Returns</h1><h2>Return window</h2><p>Return within <b>30 days</b> of delivery.</p>
      <h2>Refunds</h2><p>Refunds reach your card in 5&ndash;10 business days. <a href="/help">Help</a></p>
      <footer>© Shop</footer></body></html>`;
    const { info, chunks } = await parseDocument(text('returns.html', html));
    expect(info.title).toBe('Returns');
    expect(chunks.map((c) => [c.section, c.text])).toEqual([
      ['Return window', 'Return within 30 days of delivery.'],
      ['Refunds', 'Refunds reach your card in 5–10 business days. Help'],
    ]);
  });

  it('reads PDF text, and splits a long section by size at sentence ends', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([600, 800]);
    const lines = ['1. Items can be returned within 30 days of delivery.', '2. Refunds are issued within 5 business days.'];
    lines.forEach((line, i) => page.drawText(line, { x: 40, y: 740 - i * 20, size: 12, font }));
    const { chunks } = await parseDocument({ id: 'terms.pdf', bytes: await pdf.save() });
    expect(chunks.map((c) => c.section)).toEqual(['1', '2']);
    expect(chunks[1]!.text).toContain('Refunds are issued within 5 business days.');

    const long = `# Terms\n\n## Shipping\n${Array.from({ length: 120 }, (_, i) => `Sentence number ${i} about parcels and couriers.`).join(' ')}`;
    const sized = await parseDocument(text('long.md', long));
    expect(sized.chunks.length).toBeGreaterThan(1);
    expect(sized.chunks.every((c) => c.section === 'Shipping' && /\.$/.test(c.text))).toBe(true);
  });

  it('refuses broken files with an error that names the file', async () => {
    await expect(parseDocument({ id: 'broken.pdf', bytes: Buffer.from('%PDF-1.7 this is not really a pdf') })).rejects.toThrow(/broken\.pdf: is not a readable PDF/);
    await expect(parseDocument({ id: 'image.md', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]) })).rejects.toThrow(DocumentParseError);
    await expect(parseDocument(text('notes.docx', 'x'))).rejects.toThrow(/notes\.docx: has an unsupported type/);
    await expect(parseDocument(text('empty.md', '---\ntitle: x\n---\n\n<div></div>\n'))).rejects.toThrow(/empty\.md: contains no text/);
  });
});
