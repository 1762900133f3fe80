import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Language } from '../../domain/types.js';
import { detectLanguage } from '../../text/language.js';
import { isIntentLabel, type IntentLabel } from './labels.js';

export interface LabelledExample {
  text: string;
  label: IntentLabel;
  language: Language;
  /** File and line, so a bad example or a surprising prediction can be traced to its source. */
  origin: string;
}

export class ExampleFileError extends Error {
  override readonly name = 'ExampleFileError';
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}

/** The examples shipped with the app: hand-written zh and en, and the Bitext-derived en. */
export const shippedExamplesDir = join(import.meta.dirname, 'examples');

function example(text: string, label: string, file: string, line: number): LabelledExample {
  if (!isIntentLabel(label)) throw new ExampleFileError(file, line, `unknown intent label "${label}"`);
  return { text, label, language: detectLanguage(text, 'en').language, origin: `${file}:${line}` };
}

/**
 * Two formats. `.txt`: messages one per line under a `## label` heading, easy to write and
 * review by hand. `.tsv`: `label <TAB> message [<TAB> anything]`, for generated sets.
 * `#` starts a comment line in both; blank lines are ignored.
 */
export function parseExamples(content: string, file: string): LabelledExample[] {
  const examples: LabelledExample[] = [];
  const tsv = file.endsWith('.tsv');
  let label: string | null = null;
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (!text) return;
    const heading = /^##\s*(\S+)\s*$/.exec(text);
    if (!tsv && heading) {
      label = heading[1]!;
      if (!isIntentLabel(label)) throw new ExampleFileError(file, line, `unknown intent label "${label}"`);
      return;
    }
    if (text.startsWith('#')) return;
    if (tsv) {
      const [tsvLabel, message] = raw.split('\t');
      if (!tsvLabel || !message?.trim()) throw new ExampleFileError(file, line, 'expected "label<TAB>message"');
      examples.push(example(message.trim(), tsvLabel.trim(), file, line));
      return;
    }
    if (!label) throw new ExampleFileError(file, line, 'a message before any "## label" heading');
    examples.push(example(text, label, file, line));
  });
  return examples;
}

export async function readExampleFiles(files: readonly string[]): Promise<LabelledExample[]> {
  const parsed = await Promise.all(files.map(async (file) => parseExamples(await readFile(file, 'utf8'), file)));
  return parsed.flat();
}

/** The example files of one part (`train` or `held-out`) in the shipped set's sub-folders. */
export async function shippedExampleFiles(part: 'train' | 'held-out', dir = shippedExamplesDir): Promise<string[]> {
  const folders = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const files: string[] = [];
  for (const folder of folders.sort()) {
    for (const name of (await readdir(join(dir, folder))).sort()) {
      if (name === `${part}.txt` || name === `${part}.tsv`) files.push(join(dir, folder, name));
    }
  }
  return files;
}

/** A shop's own examples: every `.txt`/`.tsv` file in a folder, all used for training. */
export async function extraExampleFiles(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((name) => /\.(txt|tsv)$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

export async function loadShippedExamples(part: 'train' | 'held-out', dir = shippedExamplesDir): Promise<LabelledExample[]> {
  return readExampleFiles(await shippedExampleFiles(part, dir));
}
