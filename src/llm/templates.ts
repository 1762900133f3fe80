import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Language } from '../core/types.js';

/** Every template the app uses, with the placeholders each must (and may only) contain. */
export const templateSpecs = {
  'replies/greeting': [],
  'replies/answer-from-passage': ['passage', 'citation'],
  'replies/no-answer': [],
  'replies/escalation-ack': [],
  'replies/waiting-for-staff': [],
  'replies/media-not-supported': [],
  'replies/turn-failed': [],
  'handoff/staff-joined': ['name'],
  'handoff/resolved': [],
  'handoff/rating-request': [],
  'handoff/rating-thanks': [],
  'handoff/handed-back': [],
  'channel/temporary-failure': [],
} as const satisfies Record<string, readonly string[]>;

export type TemplateName = keyof typeof templateSpecs;
type Variables<N extends TemplateName> = Record<(typeof templateSpecs)[N][number], string>;

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

const languages: readonly Language[] = ['en', 'zh'];
const placeholderPattern = /\{\{\s*([\w.-]*)\s*\}\}/g;

export class Templates {
  private constructor(private readonly texts: ReadonlyMap<string, string>) {}

  /** Loads and checks every template, so a broken file stops start-up and names itself. */
  static async load(dir: string): Promise<Templates> {
    const texts = new Map<string, string>();
    for (const [name, required] of Object.entries(templateSpecs)) {
      const [group, base] = name.split('/') as [string, string];
      for (const language of languages) {
        const file = join(dir, group, language, `${base}.txt`);
        const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
          throw new TemplateError(file, error.code === 'ENOENT' ? 'template file is missing' : error.message);
        });
        const found = new Set([...text.matchAll(placeholderPattern)].map((m) => m[1]!));
        const unknown = [...found].filter((p) => !(required as readonly string[]).includes(p));
        if (unknown.length > 0) throw new TemplateError(file, `unknown placeholder(s) {{${unknown.join('}}, {{')}}}`);
        const missing = required.filter((p) => !found.has(p));
        if (missing.length > 0) throw new TemplateError(file, `missing placeholder(s) {{${missing.join('}}, {{')}}}`);
        if (/\{\{(?![^{}]*\}\})|(?<!\{\{[^{}]*)\}\}/.test(text)) throw new TemplateError(file, 'unbalanced {{ }}');
        texts.set(`${name}:${language}`, text.trim());
      }
    }
    return new Templates(texts);
  }

  render<N extends TemplateName>(name: N, language: Language, variables: Variables<N>): string {
    const text = this.texts.get(`${name}:${language}`)!;
    return text.replace(placeholderPattern, (_, key: string) => (variables as Record<string, string>)[key] ?? '');
  }
}
