import {
  CommerceError,
  type ActionOutcome,
  type CommerceConnector,
  type Fulfilment,
  type OrderDetail,
  type OrderStatus,
  type OrderSummary,
  type Refund,
  type ReturnLine,
  type VerifiedCustomer,
} from '../../core/commerce.js';
import { cancelRefusal, matchReturnLines, orderNotFound, unknownReturnItems } from '../connector-rules.js';
import type { Logger } from '../../logger.js';
import { shopResponse } from '../shop-http.js';

export interface WooCommerceOptions {
  /** The store's base URL; the REST API lives under /wp-json/wc/v3. */
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  logger: Logger;
  maxAttempts?: number;
  timeoutMs?: number;
}

interface WooOrder {
  id: number;
  number: string;
  status: string;
  currency: string;
  date_created_gmt: string;
  total: string;
  customer_id: number;
  billing: { email: string | null; phone: string | null };
  payment_method_title: string;
  line_items: Array<{ id: number; name: string; sku: string; quantity: number; price: number | string }>;
  meta_data: Array<{ key: string; value: unknown }>;
}

interface WooRefund {
  id: number;
  date_created_gmt: string;
  amount: string;
  reason: string;
  refunded_payment: boolean;
}

/** The Shipment Tracking extension's record of a parcel (meta `_wc_shipment_tracking_items`). */
interface TrackingItem {
  tracking_provider?: string;
  custom_tracking_provider?: string;
  tracking_number?: string;
  custom_tracking_link?: string;
  date_shipped?: string | number;
}

const minor = (amount: string | number) => Math.round(Number(amount) * 100);
const gmt = (value: string) => new Date(value.endsWith('Z') ? value : `${value}Z`);

function trackingOf(order: WooOrder): TrackingItem[] {
  const meta = order.meta_data.find((m) => m.key === '_wc_shipment_tracking_items');
  return Array.isArray(meta?.value) ? (meta.value as TrackingItem[]) : [];
}

/** WooCommerce has no "shipped" or "delivered" of its own: a tracking number means shipped, "completed" means delivered. */
function statusOf(order: WooOrder): OrderStatus {
  switch (order.status) {
    case 'cancelled':
    case 'refunded':
    case 'failed':
      return 'cancelled';
    case 'completed':
      return 'delivered';
    case 'processing':
      return trackingOf(order).length > 0 ? 'shipped' : 'packing';
    default:
      return 'paid';
  }
}

/**
 * WooCommerce through its REST API v3, authenticated with the consumer key and secret (HTTP
 * Basic, so the store must be on HTTPS). Tracking comes from the Shipment Tracking extension's
 * order meta; WooCommerce has no returns of its own, so a return request is an order note the
 * shop's staff work from. A 429 is retried after its Retry-After.
 */
export class WooCommerceConnector implements CommerceConnector {
  readonly name: string;
  private readonly api: string;
  private readonly authorization: string;

  constructor(private readonly options: WooCommerceOptions) {
    this.api = `${options.baseUrl.replace(/\/+$/, '')}/wp-json/wc/v3`;
    this.authorization = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64')}`;
    this.name = `woocommerce:${new URL(options.baseUrl).host}`;
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
      options.logger.warn({ host: url.host }, 'WOOCOMMERCE_URL is not https: the consumer secret would travel in clear text');
    }
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T | null> {
    const attempts = this.options.maxAttempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      const response = await shopResponse(
        () =>
          fetch(`${this.api}${path}`, {
            method,
            headers: { authorization: this.authorization, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
            body: body ? JSON.stringify(body) : undefined,
            signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
          }),
        { connector: 'woocommerce', api: 'the REST API', attempt, attempts, retryAfterMs: (slow) => this.retryAfterMs(slow) },
      );
      if (!response) continue;
      if (response.status === 404) return null;
      if (response.status === 401 || response.status === 403) throw new CommerceError('woocommerce', `the consumer key was refused (${response.status})`);
      if (!response.ok) {
        const problem = (await response.json().catch(() => ({}))) as { message?: string };
        throw new CommerceError('woocommerce', `${method} ${path} answered ${response.status}${problem.message ? `: ${problem.message}` : ''}`);
      }
      return (await response.json()) as T;
    }
  }

  private retryAfterMs(response: Response): number {
    const wait = Number(response.headers.get('retry-after') ?? '1');
    this.options.logger.info({ status: response.status, waitSeconds: wait }, 'woocommerce asked to slow down; retrying after its Retry-After');
    return Math.max(0, Number.isFinite(wait) ? wait : 1) * 1000;
  }

  private orderPath(orderId: string): string | null {
    const id = orderId.trim().replace(/^#/, '');
    return /^\d{1,12}$/.test(id) ? `/orders/${id}` : null;
  }

  private async find(orderId: string): Promise<WooOrder | null> {
    const path = this.orderPath(orderId);
    return path ? this.call<WooOrder>('GET', path) : null;
  }

  async findOrders(customer: VerifiedCustomer, limit: number): Promise<OrderSummary[]> {
    const orders = (await this.call<WooOrder[]>('GET', `/orders?customer=${encodeURIComponent(customer.customerId)}&per_page=${limit}&orderby=date&order=desc`)) ?? [];
    return orders.map((o) => ({ id: String(o.number || o.id), status: statusOf(o), placedAt: gmt(o.date_created_gmt), total: { minor: minor(o.total), currency: o.currency } }));
  }

  async getOrder(orderId: string): Promise<OrderDetail | null> {
    const order = await this.find(orderId);
    if (!order) return null;
    const money = (amount: string | number) => ({ minor: minor(amount), currency: order.currency });
    const fulfilments: Fulfilment[] = trackingOf(order).map((t) => {
      const shippedAt = t.date_shipped ? new Date(Number(t.date_shipped) * 1000) : null;
      return {
        carrier: t.custom_tracking_provider || t.tracking_provider || 'carrier',
        trackingNumber: t.tracking_number ?? '',
        trackingUrl: t.custom_tracking_link || null,
        shippedAt,
        deliveredAt: order.status === 'completed' ? shippedAt : null,
        events: shippedAt ? [{ at: shippedAt, description: 'Shipped', location: null }] : [],
      };
    });
    return {
      id: String(order.number || order.id),
      status: statusOf(order),
      placedAt: gmt(order.date_created_gmt),
      total: money(order.total),
      owner: { customerId: String(order.customer_id), email: order.billing.email, phone: order.billing.phone },
      items: order.line_items.map((l) => ({ lineId: String(l.id), sku: l.sku, title: l.name, quantity: l.quantity, unitPrice: money(l.price) })),
      payment: { method: order.payment_method_title, last4: null, amount: money(order.total) },
      fulfilments,
      refunds: await this.refundsOf(order),
      returns: [],
    };
  }

  async cancelOrder(orderId: string, reason: string): Promise<ActionOutcome> {
    const order = await this.find(orderId);
    if (!order) return orderNotFound(orderId);
    const refused = cancelRefusal(orderId, statusOf(order));
    if (refused) return refused;
    // Refund first, through the payment gateway; a cancelled order whose refund failed would be worse than no change.
    const refund = await this.call<WooRefund>('POST', `/orders/${order.id}/refunds`, {
      amount: order.total,
      reason: `Cancelled at the customer's request (${reason})`,
      api_refund: true,
    });
    if (!refund) return { ok: false, reason: 'failed', detail: 'the refund was not accepted' };
    await this.call<WooOrder>('PUT', `/orders/${order.id}`, { status: 'cancelled' });
    return {
      ok: true,
      detail: `order ${orderId} cancelled; refund ${refund.id} of ${refund.amount} ${order.currency} ${refund.refunded_payment ? 'issued' : 'pending'}`,
      refund: {
        id: String(refund.id),
        amount: { minor: minor(refund.amount), currency: order.currency },
        status: refund.refunded_payment ? 'issued' : 'pending',
        createdAt: gmt(refund.date_created_gmt),
        reference: String(refund.id),
      },
    };
  }

  async createReturn(orderId: string, lines: readonly ReturnLine[], reason: string): Promise<ActionOutcome> {
    const order = await this.find(orderId);
    if (!order) return orderNotFound(orderId);
    if (statusOf(order) !== 'delivered') return { ok: false, reason: 'not_allowed', detail: `order ${orderId} has not been delivered` };
    const listed = matchReturnLines(lines, (l) => {
      const item = order.line_items.find((i) => String(i.id) === l.lineId);
      return item ? { lineId: l.lineId, title: item.name, quantity: Math.min(l.quantity, item.quantity) } : null;
    });
    if (!listed) return unknownReturnItems;
    const note = await this.call<{ id: number; date_created_gmt: string }>('POST', `/orders/${order.id}/notes`, {
      note: `Return requested via aftercare: ${listed.map((i) => `${i.quantity} × ${i.title}`).join(', ')}. Reason: ${reason}`,
      customer_note: false,
    });
    if (!note) return { ok: false, reason: 'failed', detail: 'the return note was not recorded' };
    const id = `RMA-${order.id}-${note.id}`;
    return {
      ok: true,
      detail: `return ${id} requested for order ${orderId}`,
      returnRequest: { id, orderId, status: 'requested', reason, items: listed, createdAt: gmt(note.date_created_gmt) },
    };
  }

  async refundStatus(orderId: string): Promise<Refund[]> {
    const order = await this.find(orderId);
    return order ? this.refundsOf(order) : [];
  }

  private async refundsOf(order: WooOrder): Promise<Refund[]> {
    const refunds = (await this.call<WooRefund[]>('GET', `/orders/${order.id}/refunds`)) ?? [];
    return refunds.map((r) => ({
      id: String(r.id),
      amount: { minor: Math.abs(minor(r.amount)), currency: order.currency },
      status: r.refunded_payment ? 'issued' : 'pending',
      createdAt: gmt(r.date_created_gmt),
      reference: String(r.id),
    }));
  }
}
