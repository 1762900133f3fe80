import type { Language, Passage, SentimentLabel } from '../../domain/types.js';
import type { ChatMessage } from '../chat-model.js';
import { memoryText, speakerOf, type MemoryPlan } from '../memory/conversation-memory.js';
import type { Templates } from '../templates.js';
import { asAttribute, asData, asDataLine } from './untrusted-text.js';

/** A passage as the model sees it: with the short id it must cite. */
export interface NumberedPassage {
  id: string;
  passage: Passage;
}

export function numberPassages(passages: readonly Passage[]): NumberedPassage[] {
  return passages.map((passage, index) => ({ id: `P${index + 1}`, passage }));
}

function passageBlock({ id, passage }: NumberedPassage): string {
  const section = passage.section ? ` section="${asAttribute(passage.section)}"` : '';
  return `<passage id="${id}" source="${asAttribute(passage.source)}"${section} language="${passage.language}">\n${asData(passage.text)}\n</passage>`;
}

const toneTemplate = {
  negative: 'llm/tone-negative',
  neutral: 'llm/tone-neutral',
  positive: 'llm/tone-positive',
} as const satisfies Record<SentimentLabel, string>;

export interface AnswerPromptInput {
  language: Language;
  sentiment: SentimentLabel;
  message: string;
  memory: MemoryPlan;
  passages: readonly NumberedPassage[];
}

/**
 * The system prompt holds the rules (from `prompts/llm/<lang>/system.txt`); the user message
 * holds only data, each kind inside its own block, written so it cannot close the block.
 */
export function buildAnswerPrompt(templates: Templates, input: AnswerPromptInput): { messages: ChatMessage[]; system: string } {
  const { language } = input;
  const system = templates.render('llm/system', language, { tone: templates.render(toneTemplate[input.sentiment], language, {}) });
  const history = input.memory.recent.map((m) => `${speakerOf(m)}: ${asDataLine(memoryText(m))}`).join('\n');
  const user = templates.render('llm/answer', language, {
    summary: asData(input.memory.summary),
    history,
    passages: input.passages.map(passageBlock).join('\n\n'),
    message: asData(input.message),
  });
  return {
    system,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
  };
}
