/**
 * The commerce port: what the core needs from a shop's own system to answer about one order
 * and act on it. The core declares it in its own terms; Shopify, WooCommerce and the built-in
 * demo shop implement it (src/commerce). Nothing here reveals an order to anyone: proving that
 * an order is the customer's is the core's job (src/commerce/order-access.ts), before any call
 * whose answer reaches the customer.
 */

export type OrderStatus = 'paid' | 'packing' | 'shipped' | 'delivered' | 'cancelled';

/** An amount in minor units (pence, cents, fen), so sums are exact. */
export interface Money {
  minor: number;
  currency: string;
}

export interface OrderItem {
  /** The shop's id for the line (Shopify line item, WooCommerce line item, demo line number). */
  lineId: string;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: Money;
}

export interface Payment {
  /** How the customer paid, as they would name it: "Visa", "PayPal". */
  method: string;
  last4: string | null;
  amount: Money;
}

export interface TrackingEvent {
  at: Date;
  description: string;
  location: string | null;
}

export interface Fulfilment {
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  /** Oldest first. */
  events: TrackingEvent[];
}

export type RefundStatus = 'pending' | 'issued' | 'failed';

export interface Refund {
  id: string;
  amount: Money;
  status: RefundStatus;
  createdAt: Date;
  /** The reference a bank can trace, when the shop has one. */
  reference: string | null;
}

export interface ReturnRequest {
  id: string;
  orderId: string;
  status: 'requested' | 'open' | 'declined' | 'closed';
  reason: string;
  items: Array<{ lineId: string; title: string; quantity: number }>;
  createdAt: Date;
}

/** The owner of an order as the shop knows them; compared, never shown. */
export interface OrderOwner {
  customerId: string;
  email: string | null;
  phone: string | null;
}

export interface OrderSummary {
  id: string;
  status: OrderStatus;
  placedAt: Date;
  total: Money;
}

export interface OrderDetail extends OrderSummary {
  owner: OrderOwner;
  items: OrderItem[];
  payment: Payment | null;
  fulfilments: Fulfilment[];
  refunds: Refund[];
  returns: ReturnRequest[];
}

/** What the shop's system answered to an action, in words the bot can repeat. */
export type ActionOutcome =
  { ok: true; detail: string; refund?: Refund; returnRequest?: ReturnRequest } | { ok: false; reason: 'not_found' | 'not_allowed' | 'failed'; detail: string };

export interface ReturnLine {
  lineId: string;
  quantity: number;
}

/** A customer the core has verified (by order details or a linked channel identity). */
export interface VerifiedCustomer {
  customerId: string;
}

export interface CommerceConnector {
  /** For logs and the component status: "demo-shop", "shopify:example.myshopify.com". */
  readonly name: string;
  /** The customer's orders, newest first. */
  findOrders(customer: VerifiedCustomer, limit: number): Promise<OrderSummary[]>;
  /** One order with everything after-sales needs; null when the shop has no such order. */
  getOrder(orderId: string): Promise<OrderDetail | null>;
  /** Cancels an order that has not shipped, refunding what was paid. */
  cancelOrder(orderId: string, reason: string): Promise<ActionOutcome>;
  createReturn(orderId: string, lines: readonly ReturnLine[], reason: string): Promise<ActionOutcome>;
  refundStatus(orderId: string): Promise<Refund[]>;
}

/** A connector's call failed in a way the customer should hear about as "try again later". */
export class CommerceError extends Error {
  override readonly name = 'CommerceError';
  constructor(
    readonly connector: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${connector}: ${message}`, options);
  }
}
