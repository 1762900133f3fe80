import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { Engine } from '../core/engine.js';
import type { Outcome } from '../domain/types.js';
import { createRuntime } from '../runtime.js';
import { commandContext } from './context.js';
import { modelsLine } from './models-line.js';

export interface ChatOptions {
  message?: string;
  conversation?: string;
  channel: string;
  json?: boolean;
  jsonl?: boolean;
  /** Interactive chat: start-up logs and the models' details instead of one line. */
  verbose?: boolean;
}

/** How long the prompt waits for the sentiment model, so the models line says what serves. */
const modelWaitMs = 10_000;

const jsonlLineSchema = z.object({
  conversation: z.string().min(1),
  text: z.string(),
  channel: z.string().min(1).optional(),
  messageId: z.string().min(1).optional(),
  userId: z.string().min(1).optional(),
});

function turnInput(channel: string, conversation: string, text: string, messageId?: string, userId?: string) {
  return {
    channel,
    conversationKey: conversation,
    userId: userId ?? `${channel}:${conversation}`,
    messageId: messageId ?? randomUUID(),
    text,
    timestamp: new Date(),
  };
}

function describe(outcome: Outcome): string {
  const parts = [outcome.intent, `${outcome.sentiment.label} ${outcome.sentiment.score.toFixed(2)}`, outcome.language];
  if (outcome.escalated) parts.push(`escalated: ${outcome.escalationReasons.join(', ') || 'with staff'}`);
  return `  [${parts.join(' · ')}]`;
}

/** One JSON object per input line, in order; a bad line gets an error object, not silence. */
async function runJsonl(engine: Engine, channel: string): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (!line.trim()) continue;
    let output: unknown;
    try {
      const parsed = jsonlLineSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const { conversation, text, messageId, userId } = parsed.data;
      output = await engine.handle(turnInput(parsed.data.channel ?? channel, conversation, text, messageId, userId));
    } catch (error) {
      output = { error: (error as Error).message, line: lineNumber };
      process.exitCode = 1;
    }
    process.stdout.write(`${JSON.stringify(output)}\n`);
  }
}

async function runInteractive(engine: Engine, channel: string, conversation: string): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });
  process.stdout.write(`aftercare chat: conversation ${conversation}. Type your message; Ctrl-D to quit.\n`);
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text) {
      try {
        const outcome = await engine.handle(turnInput(channel, conversation, text));
        if (outcome.reply) process.stdout.write(`bot> ${outcome.reply}\n`);
        process.stdout.write(`${describe(outcome)}\n`);
      } catch (error) {
        process.stdout.write(`bot> (error: ${(error as Error).message})\n`);
      }
    }
    rl.prompt();
  }
}

export async function chatCommand(options: ChatOptions): Promise<void> {
  const interactive = !options.jsonl && options.message === undefined;
  // A person at the prompt reads one line about the models, not start-up log lines; errors still show.
  const level = options.verbose ? 'info' : interactive && !process.env.LOG_LEVEL ? 'error' : undefined;
  const { config, logger } = commandContext('tool', level ? { level } : {});
  const runtime = await createRuntime(config, logger);
  if (interactive) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([runtime.sentiment.ready(), new Promise((resolve) => (timer = setTimeout(resolve, modelWaitMs)))]);
    clearTimeout(timer);
    process.stdout.write(options.verbose ? `${JSON.stringify(runtime.components, null, 2)}\n` : `${modelsLine(runtime.components)}\n`);
  }
  try {
    if (options.jsonl) {
      await runJsonl(runtime.engine, options.channel);
    } else if (options.message !== undefined) {
      const conversation = options.conversation ?? `cli-${randomUUID()}`;
      const outcome = await runtime.engine.handle(turnInput(options.channel, conversation, options.message));
      process.stdout.write(options.json ? `${JSON.stringify(outcome)}\n` : `${outcome.reply}\n${describe(outcome)}\n`);
    } else {
      await runInteractive(runtime.engine, options.channel, options.conversation ?? `cli-${userInfo().username}-${Date.now()}`);
    }
  } finally {
    await runtime.close();
  }
}
