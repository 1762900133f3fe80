import { randomUUID } from 'node:crypto';
import type {
  ActionOutcome,
  CommerceConnector,
  Fulfilment,
  OrderDetail,
  OrderStatus,
  OrderSummary,
  Refund,
  ReturnLine,
  ReturnRequest,
  VerifiedCustomer,
} from '../../core/commerce.js';
import { cancelRefusal, matchReturnLines, orderNotFound, unknownReturnItems } from '../connector-rules.js';
import type { SqliteDatabase } from '../../store/sqlite/open-database.js';
import { formatMoney } from '../money.js';
import { loadSeedOrders, type SeedOrder } from './seed-data.js';

interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  placed_at: number;
  currency: string;
  total_minor: number;
  payment_method: string;
  payment_last4: string | null;
  email: string;
  phone: string;
}

const currency = 'GBP';

/**
 * The built-in demo shop: a small shop living in aftercare's own SQLite file, seeded on first
 * start (seed-data.ts), so a fresh install has orders to ask about, cancel and return. It is
 * a connector like Shopify's: the core reaches it only through the commerce port.
 */
export class DemoShop implements CommerceConnector {
  readonly name = 'demo-shop';

  private constructor(private readonly db: SqliteDatabase) {}

  /** Opens the shop, seeding it when its tables are empty (first start); returns how many orders were seeded. */
  static open(db: SqliteDatabase, now = Date.now()): { shop: DemoShop; seeded: number } {
    const shop = new DemoShop(db);
    const existing = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM shop_orders').get()!.n;
    return { shop, seeded: existing > 0 ? 0 : shop.seed(loadSeedOrders(now)) };
  }

  private seed(orders: readonly SeedOrder[]): number {
    const insertCustomer = this.db.prepare('INSERT OR IGNORE INTO shop_customers (id, email, phone, country) VALUES (?, ?, ?, ?)');
    const insertOrder = this.db.prepare(
      `INSERT INTO shop_orders (id, customer_id, status, placed_at, currency, total_minor, payment_method, payment_last4, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertItem = this.db.prepare('INSERT INTO shop_order_items (order_id, line, sku, title, quantity, unit_price_minor) VALUES (?, ?, ?, ?, ?, ?)');
    const insertFulfilment = this.db.prepare('INSERT INTO shop_fulfilments (order_id, carrier, tracking_number, tracking_url, shipped_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?)');
    const insertEvent = this.db.prepare('INSERT INTO shop_tracking_events (order_id, at, description, location) VALUES (?, ?, ?, ?)');
    const insertRefund = this.db.prepare('INSERT INTO shop_refunds (id, order_id, amount_minor, currency, status, reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertReturn = this.db.prepare('INSERT INTO shop_returns (id, order_id, status, reason, items, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.db
      .transaction(() => {
        // Two processes starting at once: the second finds the first one's orders and seeds nothing.
        if (this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM shop_orders').get()!.n > 0) return;
        for (const o of orders) {
          insertCustomer.run(o.customerId, o.email, o.phone, o.country);
          insertOrder.run(o.id, o.customerId, o.status, o.placedAt, currency, o.totalMinor, o.paymentMethod, o.paymentLast4, o.placedAt);
          o.lines.forEach((l, i) => insertItem.run(o.id, i + 1, l.sku, l.title, l.quantity, l.unitPriceMinor));
          if (o.fulfilment) {
            const f = o.fulfilment;
            insertFulfilment.run(o.id, f.carrier, f.trackingNumber, f.trackingUrl, f.shippedAt, f.deliveredAt);
            for (const e of f.events) insertEvent.run(o.id, e.at, e.description, e.location);
          }
          if (o.refund) insertRefund.run(o.refund.id, o.id, o.refund.amountMinor, currency, o.refund.status, o.refund.reference, o.refund.createdAt);
          if (o.returnRequest) {
            const items = o.lines.map((l, i) => ({ lineId: String(i + 1), title: l.title, quantity: l.quantity }));
            insertReturn.run(o.returnRequest.id, o.id, 'open', o.returnRequest.reason, JSON.stringify(items), o.returnRequest.createdAt);
          }
        }
      })
      .immediate();
    return orders.length;
  }

  /** Orders by number (a mix of every status), for `aftercare shop orders` and tests, never for customers. */
  async listOrders(limit: number, status?: OrderStatus): Promise<OrderDetail[]> {
    const ids = this.db
      .prepare<[string | null, string | null, number], { id: string }>('SELECT id FROM shop_orders WHERE (? IS NULL OR status = ?) ORDER BY id LIMIT ?')
      .all(status ?? null, status ?? null, limit);
    const orders = await Promise.all(ids.map(({ id }) => this.getOrder(id)));
    return orders.filter((o): o is OrderDetail => o !== null);
  }

  /** Orders whose parcel is on its way: the demo shop's own fulfilment events come from these. */
  async inTransitOrderIds(): Promise<string[]> {
    return this.db
      .prepare<[], { id: string }>("SELECT id FROM shop_orders WHERE status = 'shipped' ORDER BY id")
      .all()
      .map((r) => r.id);
  }

  async findOrders(customer: VerifiedCustomer, limit: number): Promise<OrderSummary[]> {
    return this.db
      .prepare<[string, number], OrderRow>(
        `SELECT o.*, c.email, c.phone FROM shop_orders o JOIN shop_customers c ON c.id = o.customer_id
         WHERE o.customer_id = ? ORDER BY o.placed_at DESC LIMIT ?`,
      )
      .all(customer.customerId, limit)
      .map((row) => ({ id: row.id, status: row.status, placedAt: new Date(row.placed_at), total: { minor: row.total_minor, currency: row.currency } }));
  }

  async getOrder(orderId: string): Promise<OrderDetail | null> {
    const row = this.db
      .prepare<[string], OrderRow>('SELECT o.*, c.email, c.phone FROM shop_orders o JOIN shop_customers c ON c.id = o.customer_id WHERE o.id = ?')
      .get(orderId.trim().replace(/^#/, ''));
    if (!row) return null;
    const money = (minor: number) => ({ minor, currency: row.currency });
    const items = this.db
      .prepare<[string], { line: number; sku: string; title: string; quantity: number; unit_price_minor: number }>(
        'SELECT * FROM shop_order_items WHERE order_id = ? ORDER BY line',
      )
      .all(row.id)
      .map((i) => ({ lineId: String(i.line), sku: i.sku, title: i.title, quantity: i.quantity, unitPrice: money(i.unit_price_minor) }));
    const fulfilment = this.db
      .prepare<[string], { carrier: string; tracking_number: string; tracking_url: string | null; shipped_at: number | null; delivered_at: number | null }>(
        'SELECT * FROM shop_fulfilments WHERE order_id = ?',
      )
      .get(row.id);
    const fulfilments: Fulfilment[] = fulfilment
      ? [
          {
            carrier: fulfilment.carrier,
            trackingNumber: fulfilment.tracking_number,
            trackingUrl: fulfilment.tracking_url,
            shippedAt: fulfilment.shipped_at === null ? null : new Date(fulfilment.shipped_at),
            deliveredAt: fulfilment.delivered_at === null ? null : new Date(fulfilment.delivered_at),
            events: this.db
              .prepare<[string], { at: number; description: string; location: string | null }>(
                'SELECT at, description, location FROM shop_tracking_events WHERE order_id = ? ORDER BY at, id',
              )
              .all(row.id)
              .map((e) => ({ at: new Date(e.at), description: e.description, location: e.location })),
          },
        ]
      : [];
    return {
      id: row.id,
      status: row.status,
      placedAt: new Date(row.placed_at),
      total: money(row.total_minor),
      owner: { customerId: row.customer_id, email: row.email, phone: row.phone },
      items,
      payment: { method: row.payment_method, last4: row.payment_last4, amount: money(row.total_minor) },
      fulfilments,
      refunds: await this.refundStatus(row.id),
      returns: this.returnsOf(row.id),
    };
  }

  async cancelOrder(orderId: string, reason: string): Promise<ActionOutcome> {
    return this.db
      .transaction((): ActionOutcome => {
        const order = this.db.prepare<[string], OrderRow>('SELECT * FROM shop_orders WHERE id = ?').get(orderId);
        if (!order) return orderNotFound(orderId);
        const refused = cancelRefusal(orderId, order.status);
        if (refused) return refused;
        const now = Date.now();
        this.db.prepare("UPDATE shop_orders SET status = 'cancelled', updated_at = ? WHERE id = ?").run(now, orderId);
        const refund: Refund = {
          id: `RF-${orderId}-${randomUUID().slice(0, 8)}`,
          amount: { minor: order.total_minor, currency: order.currency },
          status: 'pending',
          createdAt: new Date(now),
          reference: `RF${now.toString().slice(-10)}`,
        };
        this.db
          .prepare('INSERT INTO shop_refunds (id, order_id, amount_minor, currency, status, reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(refund.id, orderId, refund.amount.minor, refund.amount.currency, refund.status, refund.reference, now);
        return {
          ok: true,
          detail: `order ${orderId} cancelled (${reason}); refund ${refund.reference} of ${formatMoney(refund.amount, 'en')} pending`,
          refund,
        };
      })
      .immediate();
  }

  async createReturn(orderId: string, lines: readonly ReturnLine[], reason: string): Promise<ActionOutcome> {
    return this.db
      .transaction((): ActionOutcome => {
        const order = this.db.prepare<[string], OrderRow>('SELECT * FROM shop_orders WHERE id = ?').get(orderId);
        if (!order) return orderNotFound(orderId);
        if (order.status !== 'delivered') return { ok: false, reason: 'not_allowed', detail: `order ${orderId} is ${order.status}, not delivered` };
        const known = this.db
          .prepare<[string], { line: number; title: string; quantity: number }>('SELECT line, title, quantity FROM shop_order_items WHERE order_id = ?')
          .all(orderId);
        const items = matchReturnLines(lines, (l) => {
          const item = known.find((k) => String(k.line) === l.lineId);
          return item && l.quantity > 0 && l.quantity <= item.quantity ? { lineId: l.lineId, title: item.title, quantity: l.quantity } : null;
        });
        if (!items) return unknownReturnItems;
        const request: ReturnRequest = {
          id: `RT-${orderId}-${randomUUID().slice(0, 8)}`,
          orderId,
          status: 'requested',
          reason,
          items,
          createdAt: new Date(),
        };
        this.db
          .prepare('INSERT INTO shop_returns (id, order_id, status, reason, items, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(request.id, orderId, request.status, reason, JSON.stringify(request.items), request.createdAt.getTime());
        return { ok: true, detail: `return ${request.id} requested for order ${orderId}`, returnRequest: request };
      })
      .immediate();
  }

  async refundStatus(orderId: string): Promise<Refund[]> {
    return this.db
      .prepare<[string], { id: string; amount_minor: number; currency: string; status: Refund['status']; reference: string | null; created_at: number }>(
        'SELECT * FROM shop_refunds WHERE order_id = ? ORDER BY created_at',
      )
      .all(orderId)
      .map((r) => ({ id: r.id, amount: { minor: r.amount_minor, currency: r.currency }, status: r.status, createdAt: new Date(r.created_at), reference: r.reference }));
  }

  private returnsOf(orderId: string): ReturnRequest[] {
    return this.db
      .prepare<[string], { id: string; status: ReturnRequest['status']; reason: string; items: string; created_at: number }>(
        'SELECT * FROM shop_returns WHERE order_id = ? ORDER BY created_at',
      )
      .all(orderId)
      .map((r) => ({ id: r.id, orderId, status: r.status, reason: r.reason, items: JSON.parse(r.items) as ReturnRequest['items'], createdAt: new Date(r.created_at) }));
  }
}
