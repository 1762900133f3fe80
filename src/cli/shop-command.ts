import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { DemoShop } from '../commerce/demo-shop/demo-shop.js';
import type { OrderDetail, OrderStatus } from '../core/commerce.js';

const orderStatuses: readonly OrderStatus[] = ['paid', 'packing', 'shipped', 'delivered', 'cancelled'];
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { CliError, commandContext } from './context.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** One demo order as the CLI prints it: enough to ask the bot about it as its customer would. */
function orderJson(order: OrderDetail) {
  const f = order.fulfilments[0];
  const last = f?.events.at(-1);
  return {
    id: order.id,
    email: order.owner.email,
    phone: order.owner.phone,
    status: order.status,
    placedAt: order.placedAt.toISOString(),
    total: { amount: order.total.minor / 100, currency: order.total.currency },
    payment: order.payment ? { method: order.payment.method, last4: order.payment.last4 } : null,
    items: order.items.map((i) => ({ sku: i.sku, title: i.title, quantity: i.quantity, unitPrice: i.unitPrice.minor / 100 })),
    tracking: f
      ? {
          carrier: f.carrier,
          number: f.trackingNumber,
          url: f.trackingUrl,
          shippedAt: f.shippedAt?.toISOString() ?? null,
          deliveredAt: f.deliveredAt?.toISOString() ?? null,
          lastEvent: last ? { at: last.at.toISOString(), description: last.description, location: last.location } : null,
        }
      : null,
    refunds: order.refunds.map((r) => ({ amount: r.amount.minor / 100, status: r.status, reference: r.reference })),
    returns: order.returns.map((r) => ({ id: r.id, status: r.status, reason: r.reason, items: r.items })),
  };
}

export function registerShopCommands(program: Command): void {
  const shop = program.command('shop').description('the built-in demo shop (SHOP_CONNECTOR=demo): its orders, to try the bot with');
  shop
    .command('orders')
    .description('list demo orders by number (seeding the shop on first use)')
    .option('--limit <n>', 'at most this many', positiveInt, 20)
    .option('--status <status>', 'only orders with this status: paid, packing, shipped, delivered or cancelled', (value: string) => {
      if (!orderStatuses.includes(value as OrderStatus)) throw new InvalidArgumentError(`must be one of ${orderStatuses.join(', ')}`);
      return value as OrderStatus;
    })
    .option('--json', 'print a JSON array')
    .action(async (options: { limit: number; json?: boolean; status?: OrderStatus }) => {
      const { config } = commandContext('tool');
      if (config.SHOP_CONNECTOR !== 'demo') throw new CliError(`shop orders lists the demo shop; SHOP_CONNECTOR is ${config.SHOP_CONNECTOR}`);
      const store = SqliteStore.open(resolve(config.AFTERCARE_DATA_DIR), { lockLeaseMs: config.TURN_LOCK_TIMEOUT_MS });
      try {
        const orders = (await DemoShop.open(store.db).shop.listOrders(options.limit, options.status)).map(orderJson);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(orders, null, 2)}\n`);
          return;
        }
        for (const o of orders) {
          const tracking = o.tracking ? `${o.tracking.carrier} ${o.tracking.number}` : '-';
          process.stdout.write(`${o.id}  ${o.status.padEnd(9)}  ${(o.email ?? '-').padEnd(30)}  ${tracking}  ${o.items.map((i) => i.title).join(', ')}\n`);
        }
      } finally {
        await store.close();
      }
    });
}
