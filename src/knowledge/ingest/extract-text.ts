import { extname } from 'node:path';
import type { PDFLoader as PdfLoaderType } from '@langchain/community/document_loaders/fs/pdf';
import type { HtmlToTextTransformer } from '@langchain/community/document_transformers/html_to_text';
import { Parser } from 'htmlparser2';
import { DocumentParseError } from '../errors.js';
import { defaultExtractionLimits, type ExtractionLimits } from './extraction-limits.js';

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

/**
 * The deepest element nesting, read with htmlparser2's streaming parser (no tree, no
 * recursion; implied end tags such as an unclosed <p> count as closed, as browsers do).
 */
function nestingDepth(html: string, stopAt: number): number {
  let depth = 0;
  let deepest = 0;
  const parser = new Parser({
    onopentag() {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAt) parser.pause();
    },
    onclosetag() {
      depth--;
    },
  });
  parser.end(html);
  return deepest;
}

function tooLong(name: string, limits: ExtractionLimits): DocumentParseError {
  return new DocumentParseError(name, `unpacks to more than ${limits.maxTextChars} characters of text (KB_MAX_TEXT_CHARS); split it into smaller documents`);
}

async function htmlText(name: string, bytes: Uint8Array, limits: ExtractionLimits): Promise<{ text: string; title?: string }> {
  const html = utf8(name, bytes);
  // html-to-text walks the element tree recursively: a deep enough tree overflows the stack after a long wait.
  if (nestingDepth(html, limits.maxHtmlDepth) > limits.maxHtmlDepth) {
    throw new DocumentParseError(name, `nests HTML elements more than ${limits.maxHtmlDepth} deep (KB_MAX_HTML_DEPTH)`);
  }
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

async function pdfText(name: string, bytes: Uint8Array, limits: ExtractionLimits): Promise<{ text: string; title?: string }> {
  return withConsoleLogOnStderr(() => readPdf(name, bytes, limits));
}

class TextLimitReached extends Error {}

type PdfjsOption = NonNullable<NonNullable<ConstructorParameters<typeof PdfLoaderType>[1]>['pdfjs']>;

interface PdfPage {
  getTextContent(): Promise<{ items: Array<{ str?: string }> }>;
}
interface PdfDocument {
  getPage(n: number): Promise<PdfPage>;
}

/**
 * pdf.js for LangChain's PDF loader, counting the text of each page as it is read: a PDF that
 * unpacks past the limit stops at the page that crosses it, before the rest is held in memory.
 */
async function countingPdfjs(limits: ExtractionLimits) {
  const { default: pdfjs } = await import('pdf-parse/lib/pdf.js/v1.10.100/build/pdf.js');
  const getDocument = pdfjs.getDocument as unknown as (source: unknown) => { promise: Promise<PdfDocument> };
  let characters = 0;
  const counted = (source: unknown) => {
    const task = getDocument(source);
    const promise = task.promise.then((pdf) => {
      const getPage = pdf.getPage.bind(pdf);
      pdf.getPage = async (n: number) => {
        const page = await getPage(n);
        const getTextContent = page.getTextContent.bind(page);
        page.getTextContent = async () => {
          const content = await getTextContent();
          for (const item of content.items) characters += item.str?.length ?? 0;
          if (characters > limits.maxTextChars) throw new TextLimitReached();
          return content;
        };
        return page;
      };
      return pdf;
    });
    return { ...task, promise };
  };
  return { isV2: false as const, getDocument: counted, version: pdfjs.version };
}

async function readPdf(name: string, bytes: Uint8Array, limits: ExtractionLimits): Promise<{ text: string; title?: string }> {
  try {
    const { PDFLoader } = await import('@langchain/community/document_loaders/fs/pdf');
    const pdfjs = (() => countingPdfjs(limits)) as unknown as PdfjsOption;
    const loader = new PDFLoader(new Blob([bytes]), { splitPages: false, pdfjs });
    const [document] = await loader.load();
    const info = document?.metadata.pdf?.info as { Title?: string } | undefined;
    return { text: document?.pageContent ?? '', title: info?.Title?.trim() || undefined };
  } catch (error) {
    if (error instanceof TextLimitReached) throw tooLong(name, limits);
    throw new DocumentParseError(name, `is not a readable PDF (${(error as Error).message})`);
  }
}

/** The text of a document file, with Markdown headings where the format has headings. */
export async function extractText(
  name: string,
  bytes: Uint8Array,
  limits: ExtractionLimits = defaultExtractionLimits,
): Promise<{ format: DocumentFormat; text: string; title?: string }> {
  const format = formatOf(name);
  if (!format) {
    throw new DocumentParseError(name, `has an unsupported type (supported: ${supportedExtensions.join(', ')})`);
  }
  const extracted = format === 'html' ? await htmlText(name, bytes, limits) : format === 'pdf' ? await pdfText(name, bytes, limits) : { text: utf8(name, bytes) };
  if (extracted.text.length > limits.maxTextChars) throw tooLong(name, limits);
  return { format, ...extracted };
}
