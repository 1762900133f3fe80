import { deflateSync } from 'node:zlib';

const words = ['refund', 'return', 'order', 'parcel', 'warranty', 'exchange', 'within', 'days', 'receipt', 'store', 'credit', 'shipping', 'label', 'damaged', 'item', 'policy'];

/**
 * A small PDF that unpacks to a great deal of text, like the one that stalled the server: one
 * Flate-compressed page of varied policy words, shown on `pages` pages. Written by hand (no
 * cross-reference table: pdf.js rebuilds it, as it does for many real-world files).
 */
export function compressedTextPdf(options: { textChars: number; charsPerPage?: number }): Buffer {
  const perPage = options.charsPerPage ?? 100_000;
  const pages = Math.ceil(options.textChars / perPage);
  const lines: string[] = ['BT /F1 9 Tf 20 780 Td 11 TL'];
  let seed = 7;
  let length = 0;
  while (length < perPage) {
    let line = '';
    while (line.length < 90) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      line += `${words[seed % words.length]} `;
    }
    lines.push(`(${line}) Tj T*`);
    length += line.length;
  }
  lines.push('ET');
  const stream = deflateSync(Buffer.from(lines.join('\n'), 'latin1'), { level: 9 });
  const pageIds = Array.from({ length: pages }, (_, i) => i + 5);
  const parts: Buffer[] = [
    Buffer.from('%PDF-1.4\n'),
    Buffer.from('1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'),
    Buffer.from(`2 0 obj << /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages} >> endobj\n`),
    Buffer.from('3 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n'),
    Buffer.from(`4 0 obj << /Length ${stream.length} /Filter /FlateDecode >> stream\n`),
    stream,
    Buffer.from('\nendstream endobj\n'),
    ...pageIds.map((id) => Buffer.from(`${id} 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >> endobj\n`)),
    Buffer.from('trailer << /Root 1 0 R >>\n%%EOF\n'),
  ];
  return Buffer.concat(parts);
}

/** An HTML page whose elements nest `depth` deep around one sentence of policy text. */
export function deeplyNestedHtml(depth: number): Buffer {
  return Buffer.from(`<!doctype html><html><body>${'<div>'.repeat(depth)}Returns are accepted within 30 days.${'</div>'.repeat(depth)}</body></html>`);
}
