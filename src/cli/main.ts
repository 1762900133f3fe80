import { Command, InvalidArgumentError } from 'commander';
import { chatCommand } from './chat-command.js';
import { reportFatal } from './context.js';
import { inboxCommand } from './inbox-command.js';
import { sentimentCommand } from './sentiment-command.js';
import { registerKbCommands } from './kb-command.js';
import { serveCommand } from './serve-command.js';
import { registerStaffCommands } from './staff-command.js';
import { registerShopCommands } from './shop-command.js';
import { registerStoreCommands } from './store-command.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

const program = new Command().name('aftercare').description('After-sales customer service bot: chat, serve, and manage its data.').showHelpAfterError();

program
  .command('chat')
  .description('talk to the bot in the terminal, or run turns from arguments or JSON lines')
  .option('-m, --message <text>', 'send one message and print the outcome')
  .option('-c, --conversation <id>', 'conversation id (continue an earlier conversation)')
  .option('--channel <name>', 'channel name recorded with each turn', 'cli')
  .option('--json', 'print the outcome as one JSON object')
  .option('--jsonl', 'read {"conversation","text"} JSON lines from stdin, write one outcome per line')
  .option('--verbose', 'interactive: show start-up logs and which models serve in detail')
  .action((options) => chatCommand(options));

program
  .command('serve')
  .description('run the HTTP server (health, metrics, chat API, channel webhooks)')
  .action(() => serveCommand());

program
  .command('inbox')
  .description('messages not finished: turns in progress, stuck (their worker stopped) or failed, replies still owed or refused — with state and age')
  .argument('[action]', '"list" (default): everything unfinished; "failed": failed only; "retry": run failed turns again')
  .option('--limit <n>', 'at most this many', positiveInt, 100)
  .option('--json', 'one JSON object per message')
  .action((action: string | undefined, options: { limit: number; json?: boolean }) => {
    const chosen = action ?? 'list';
    if (chosen !== 'list' && chosen !== 'failed' && chosen !== 'retry') throw new InvalidArgumentError(`unknown inbox action "${chosen}"`);
    return inboxCommand(chosen, options);
  });

program
  .command('sentiment')
  .description('score the sentiment of a text (negative/neutral/positive) with the configured model and lexicon')
  .argument('[text]', 'the text to score')
  .option('--json', 'print {label, score, model, language} as JSON')
  .option('--jsonl', 'read {"text"} JSON lines from stdin, write one result per line')
  .option('--explain', 'include the model probabilities, lexicon cues and blend (implies JSON)')
  .action((text: string | undefined, options) => sentimentCommand(text, options));
registerKbCommands(program);
registerStaffCommands(program);
registerShopCommands(program);
registerStoreCommands(program);

program.parseAsync(process.argv).catch(reportFatal);
