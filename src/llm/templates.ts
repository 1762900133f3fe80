import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReplyTemplates } from '../core/ports/templates.js';
import type { Language } from '../domain/types.js';

/** Every template the app uses, with the placeholders each must (and may only) contain. */
export const templateSpecs = {
  'replies/greeting': [],
  'replies/thanks': [],
  'replies/goodbye': [],
  'replies/acknowledge': [],
  'replies/answer-from-passage': ['passage', 'citation'],
  'replies/answer': ['answer', 'citations'],
  'replies/no-answer': [],
  'replies/offer-colleague': [],
  'replies/escalation-ack': [],
  'replies/needs-colleague': [],
  'replies/waiting-for-staff': [],
  'replies/escalation-no-desk': ['contact'],
  'replies/escalation-after-hours': ['opens'],
  'replies/waiting-after-hours': ['opens'],
  'replies/waiting-no-desk': ['contact'],
  'replies/safety-steps': ['steps', 'citation'],
  'replies/media-not-supported': [],
  'replies/turn-failed': [],
  'handoff/staff-joined': ['name'],
  'handoff/resolved': [],
  'handoff/rating-request': [],
  'handoff/rating-thanks': [],
  'handoff/handed-back': [],
  'llm/system': ['tone'],
  'llm/answer': ['summary', 'history', 'passages', 'message'],
  'llm/tone-negative': [],
  'llm/tone-neutral': [],
  'llm/tone-positive': [],
  'llm/summary': ['summary', 'turns'],
} as const satisfies Record<string, readonly string[]>;

/** Words the code relies on the model seeing: a prompt edited without them would break replies. */
export const templateLiterals: Partial<Record<TemplateName, readonly string[]>> = {
  'llm/system': ['NO_ANSWER', '[P1]', '<passages>', '<customer_message>'],
  'llm/answer': ['NO_ANSWER'],
};

/**
 * Placeholders that carry untrusted text (customer messages, documents, model summaries)
 * must sit alone inside their delimiting block, so the model can always tell data from
 * instructions: `<customer_message>{{message}}</customer_message>`.
 */
export const templateDataBlocks: Partial<Record<TemplateName, Readonly<Record<string, string>>>> = {
  'llm/answer': {
    summary: 'conversation_summary',
    history: 'conversation_history',
    passages: 'passages',
    message: 'customer_message',
  },
  'llm/summary': { summary: 'previous_summary', turns: 'conversation_turns' },
};

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

function check(name: TemplateName, file: string, text: string): void {
  const required: readonly string[] = templateSpecs[name];
  const found = new Set([...text.matchAll(placeholderPattern)].map((m) => m[1]!));
  const unknown = [...found].filter((p) => !required.includes(p));
  if (unknown.length > 0) throw new TemplateError(file, `unknown placeholder(s) {{${unknown.join('}}, {{')}}}`);
  const missing = required.filter((p) => !found.has(p));
  if (missing.length > 0) throw new TemplateError(file, `missing placeholder(s) {{${missing.join('}}, {{')}}}`);
  if (/\{\{(?![^{}]*\}\})|(?<!\{\{[^{}]*)\}\}/.test(text)) throw new TemplateError(file, 'unbalanced {{ }}');
  const absent = (templateLiterals[name] ?? []).filter((literal) => !text.includes(literal));
  if (absent.length > 0) throw new TemplateError(file, `must mention ${absent.map((l) => `"${l}"`).join(', ')} (the code relies on it)`);
  for (const [placeholder, tag] of Object.entries(templateDataBlocks[name] ?? {})) {
    const block = new RegExp(`<${tag}>\\s*\\{\\{\\s*${placeholder}\\s*\\}\\}\\s*</${tag}>`);
    if (!block.test(text)) throw new TemplateError(file, `{{${placeholder}}} must sit alone between <${tag}> and </${tag}>`);
  }
}

/** Every text the app uses; the core's own reply texts among them (its `ReplyTemplates` port). */
export class Templates implements ReplyTemplates {
  private constructor(private readonly texts: ReadonlyMap<string, string>) {}

  /** Loads and checks every template, so a broken file stops start-up and names itself. */
  static async load(dir: string): Promise<Templates> {
    const texts = new Map<string, string>();
    for (const name of Object.keys(templateSpecs) as TemplateName[]) {
      const [group, base] = name.split('/') as [string, string];
      for (const language of languages) {
        const file = join(dir, group, language, `${base}.txt`);
        const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
          throw new TemplateError(file, error.code === 'ENOENT' ? 'template file is missing' : error.message);
        });
        check(name, file, text);
        texts.set(`${name}:${language}`, text.trim());
      }
    }
    return new Templates(texts);
  }

  /** One pass: a value that itself contains "{{…}}" is inserted as is, never expanded. */
  render<N extends TemplateName>(name: N, language: Language, variables: Variables<N>): string {
    const text = this.texts.get(`${name}:${language}`)!;
    return text.replace(placeholderPattern, (_, key: string) => (variables as Record<string, string>)[key] ?? '');
  }
}
