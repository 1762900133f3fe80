import { resolve } from 'node:path';
import { text } from 'node:stream/consumers';
import type { Command } from 'commander';
import { CustomerData } from '../privacy/customer-data.js';
import { createRuntime } from '../runtime.js';
import { StaffAccountError, StaffAccounts } from '../staff/accounts.js';
import { openStore } from '../store/open-store.js';
import type { StaffMember, StaffRole, Store } from '../store/types.js';
import { CliError, commandContext } from './context.js';

/** Who acts from the command line: whoever can run it owns the data directory. */
const operator: StaffMember = { id: 'cli', name: 'Operator (CLI)' };

async function withStore<T>(action: (store: Store, hashCost: number) => Promise<T>): Promise<T> {
  const { config } = commandContext('tool');
  const opened = await openStore(config, resolve(config.AFTERCARE_DATA_DIR));
  try {
    return await action(opened.store, config.STAFF_PASSWORD_HASH_COST);
  } finally {
    await opened.close();
  }
}

/** Customer data commands run on the full runtime, so every registered source of customer data takes part. */
async function withCustomerData<T>(action: (data: CustomerData) => Promise<T>): Promise<T> {
  const { config, logger } = commandContext('tool');
  const runtime = await createRuntime(config, logger);
  try {
    return await action(runtime.customerData);
  } finally {
    await runtime.close();
  }
}

export function registerStaffCommands(program: Command): void {
  const staff = program.command('staff').description('console staff accounts');
  staff
    .command('add')
    .description('create a staff account (the first admin, or any other); the password is read from stdin')
    .argument('<username>')
    .requiredOption('--name <name>', 'the name customers and colleagues see')
    .option('--role <role>', 'admin (everything) or agent (conversations)', 'agent')
    .action(async (username: string, options: { name: string; role: string }) => {
      const password = (await text(process.stdin)).split('\n')[0] ?? '';
      await withStore(async (store, cost) => {
        try {
          const account = await new StaffAccounts(store, cost).create({ username, name: options.name, role: options.role as StaffRole, password }, operator);
          process.stdout.write(`${JSON.stringify({ created: account.username, name: account.name, role: account.role })}\n`);
        } catch (error) {
          if (error instanceof StaffAccountError) throw new CliError(error.message);
          throw error;
        }
      });
    });
  staff
    .command('list')
    .description('list staff accounts')
    .action(() =>
      withStore(async (store) => {
        for (const a of await store.staffAccounts.list()) {
          process.stdout.write(`${JSON.stringify({ username: a.username, name: a.name, role: a.role, disabled: a.disabledAt !== null })}\n`);
        }
      }),
    );

  const customer = program.command('customer').description("one customer's data: export it or erase it (recorded in the audit log)");
  customer
    .command('export')
    .description('print everything stored about the customer as JSON')
    .requiredOption('--channel <channel>')
    .requiredOption('--user <id>', "the customer's id on that channel")
    .action((options: { channel: string; user: string }) =>
      withCustomerData(async (data) => {
        process.stdout.write(`${JSON.stringify(await data.export({ channel: options.channel, userId: options.user }, operator), null, 2)}\n`);
      }),
    );
  customer
    .command('erase')
    .description('delete everything stored about the customer')
    .requiredOption('--channel <channel>')
    .requiredOption('--user <id>', "the customer's id on that channel")
    .option('--yes', 'confirm (required)')
    .action((options: { channel: string; user: string; yes?: boolean }) => {
      if (!options.yes) throw new CliError('erasure cannot be undone: add --yes to confirm');
      return withCustomerData(async (data) => {
        process.stdout.write(`${JSON.stringify(await data.erase({ channel: options.channel, userId: options.user }, operator))}\n`);
      });
    });

  program
    .command('retention')
    .description('run the retention sweep once (RETENTION_DAYS, RETENTION_MODE)')
    .action(() => {
      const { config } = commandContext('tool');
      if (config.RETENTION_DAYS <= 0) throw new CliError('RETENTION_DAYS is 0: conversations are kept');
      return withCustomerData(async (data) => {
        process.stdout.write(
          `${JSON.stringify({ [config.RETENTION_MODE === 'delete' ? 'deleted' : 'anonymised']: await data.sweep({ days: config.RETENTION_DAYS, mode: config.RETENTION_MODE }) })}\n`,
        );
      });
    });
}
