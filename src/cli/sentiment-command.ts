import { createInterface } from 'node:readline';
import { z } from 'zod';
import { detectLanguage } from '../text/language.js';
import { SentimentService } from '../nlu/sentiment/sentiment-service.js';
import { CliError, commandContext } from './context.js';

export interface SentimentOptions {
  json?: boolean;
  jsonl?: boolean;
  explain?: boolean;
}

const lineSchema = z.object({ text: z.string().max(20_000), id: z.union([z.string(), z.number()]).optional() });
/** Lines scored together: enough to fill the model's batches, few enough to stream. */
const CHUNK = 256;

async function score(service: SentimentService, text: string, fallbackLanguage: 'en' | 'zh', explain: boolean) {
  const language = detectLanguage(text, fallbackLanguage).language;
  if (explain) {
    const explanation = await service.explain({ text, language });
    const { label, score, model } = explanation.score;
    return { label, score, model, language, explanation: { lexicon: explanation.lexicon, model: explanation.model, blend: explanation.blend } };
  }
  const [result] = await service.analyse([{ text, language }]);
  return { label: result!.label, score: result!.score, model: result!.model, language };
}

/** One JSON object per input line, in input order; a bad line gets an error object in its place. */
async function runJsonl(service: SentimentService, fallbackLanguage: 'en' | 'zh', explain: boolean): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  let chunk: Array<Promise<unknown>> = [];
  const flush = async () => {
    for (const output of await Promise.all(chunk)) process.stdout.write(`${JSON.stringify(output)}\n`);
    chunk = [];
  };
  for await (const line of lines) {
    lineNumber++;
    if (!line.trim()) continue;
    const at = lineNumber;
    chunk.push(
      (async () => {
        try {
          const parsed = lineSchema.safeParse(JSON.parse(line));
          if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; '));
          const result = await score(service, parsed.data.text, fallbackLanguage, explain);
          return parsed.data.id === undefined ? result : { id: parsed.data.id, ...result };
        } catch (error) {
          process.exitCode = 1;
          return { error: (error as Error).message, line: at };
        }
      })(),
    );
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
}

/** `aftercare sentiment "<text>"`: waits for the model (a one-shot tool has time to), then scores. */
export async function sentimentCommand(text: string | undefined, options: SentimentOptions): Promise<void> {
  if (!options.jsonl && text === undefined) throw new CliError('give a text to score, or --jsonl to read {"text": …} lines from stdin');
  const { config, logger } = commandContext('tool');
  const service = SentimentService.start(config, logger);
  try {
    await service.ready();
    if (options.jsonl) {
      await runJsonl(service, config.DEFAULT_LANGUAGE, options.explain === true);
      return;
    }
    const result = await score(service, text!, config.DEFAULT_LANGUAGE, options.explain === true);
    if (options.json || options.explain) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`${result.label} ${result.score.toFixed(2)}  (${result.model}, ${result.language})\n`);
  } finally {
    await service.close();
  }
}
