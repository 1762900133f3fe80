import { createRuntime } from '../runtime.js';
import { commandContext } from './context.js';

/** Operators' view of messages whose turn failed, and a way to run them again. */
export async function inboxCommand(action: 'failed' | 'retry', options: { limit: number }): Promise<void> {
  const { config, logger } = commandContext('tool');
  const runtime = await createRuntime(config, logger);
  try {
    if (action === 'failed') {
      for (const entry of await runtime.store.inbox.listByStatus('failed', options.limit)) {
        const { channel, messageId, conversationKey, attempts, lastError, updatedAt } = entry;
        process.stdout.write(`${JSON.stringify({ channel, messageId, conversation: conversationKey, attempts, lastError, updatedAt })}\n`);
      }
      return;
    }
    for (const result of await runtime.engine.retryFailed(options.limit)) {
      const { channel, messageId } = result.inbound;
      process.stdout.write(
        `${JSON.stringify(result.error ? { channel, messageId, error: result.error.message } : { channel, messageId, outcome: result.outcome })}\n`,
      );
      if (result.error) process.exitCode = 1;
    }
  } finally {
    await runtime.close();
  }
}
