import { extname } from 'node:path';
import type { HtmlToTextTransformer } from '@langchain/community/document_transformers/html_to_text';
import { DocumentParseError } from '../errors.js';

export type DocumentFormat = 'markdown' | 'text' | 'html' | 'pdf';

const formats: Record<string, DocumentFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdx': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
};

export const supportedExtensions = Object.keys(formats);

export function formatOf(name: string): DocumentFormat | undefined {
  return formats[extname(name).toLowerCase()];
}

function utf8(name: string, bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new DocumentParseError(name, 'is binary, not text (a NUL byte was found)');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DocumentParseError(name, 'is not valid UTF-8 text');
  }
}

const headingLevels = [1, 2, 3, 4, 5, 6];

let htmlToText: HtmlToTextTransformer | null = null;

// HTML headings become Markdown headings so the structural splitter sees them; navigation,
// scripts and page chrome are boilerplate and go. Loaded on first use: serving never needs it.
async function htmlTransformer(): Promise<HtmlToTextTransformer> {
  const { HtmlToTextTransformer } = await import('@langchain/community/document_transformers/html_to_text');
  htmlToText ??= new HtmlToTextTransformer({
    wordwrap: false,
    formatters: {
      markdownHeading(elem, walk, builder, options) {
        builder.openBlock({ leadingLineBreaks: 2 });
        builder.addInline(`${'#'.repeat((options as { level?: number }).level ?? 2)} `);
        walk(elem.children, builder);
        builder.closeBlock({ trailingLineBreaks: 2 });
      },
    },
    selectors: [
      ...headingLevels.map((level) => ({ selector: `h${level}`, format: 'markdownHeading', options: { level } })),
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      ...['nav', 'header', 'footer', 'aside', 'script', 'style', 'form', 'noscript'].map((selector) => ({ selector, format: 'skip' })),
    ],
  });
  return htmlToText;
}

async function htmlText(name: string, bytes: Uint8Array): Promise<{ text: string; title?: string }> {
  const html = utf8(name, bytes);
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
  const { Document } = await import('@langchain/core/documents');
  const [converted] = await (await htmlTransformer()).transformDocuments([new Document({ pageContent: html })]);
  return { text: converted?.pageContent ?? '', title: title || undefined };
}

let redirected = 0;
let originalLog: typeof console.log = console.log;

/**
 * pdf.js prints its warnings ("Indexing all PDF objects") with console.log, i.e. on stdout,
 * where the server writes JSON log lines and `kb … --json` its results; they go to stderr.
 */
async function withConsoleLogOnStderr<T>(task: () => Promise<T>): Promise<T> {
  if (redirected++ === 0) {
    originalLog = console.log;
    console.log = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  }
  try {
    return await task();
  } finally {
    if (--redirected === 0) console.log = originalLog;
  }
}

async function pdfText(name: string, bytes: Uint8Array): Promise<{ text: string; title?: string }> {
  return withConsoleLogOnStderr(() => readPdf(name, bytes));
}

async function readPdf(name: string, bytes: Uint8Array): Promise<{ text: string; title?: string }> {
  try {
    const { PDFLoader } = await import('@langchain/community/document_loaders/fs/pdf');
    const loader = new PDFLoader(new Blob([bytes]), { splitPages: false });
    const [document] = await loader.load();
    const info = document?.metadata.pdf?.info as { Title?: string } | undefined;
    return { text: document?.pageContent ?? '', title: info?.Title?.trim() || undefined };
  } catch (error) {
    throw new DocumentParseError(name, `is not a readable PDF (${(error as Error).message})`);
  }
}

/** The text of a document file, with Markdown headings where the format has headings. */
export async function extractText(name: string, bytes: Uint8Array): Promise<{ format: DocumentFormat; text: string; title?: string }> {
  const format = formatOf(name);
  if (!format) {
    throw new DocumentParseError(name, `has an unsupported type (supported: ${supportedExtensions.join(', ')})`);
  }
  if (format === 'html') return { format, ...(await htmlText(name, bytes)) };
  if (format === 'pdf') return { format, ...(await pdfText(name, bytes)) };
  return { format, text: utf8(name, bytes) };
}
