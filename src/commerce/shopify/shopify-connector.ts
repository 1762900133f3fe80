import type {
  ActionOutcome,
  CommerceConnector,
  Fulfilment,
  Money,
  OrderDetail,
  OrderStatus,
  OrderSummary,
  Refund,
  ReturnLine,
  ReturnRequest,
  VerifiedCustomer,
} from '../../core/commerce.js';
import { matchReturnLines, orderNotFound } from '../connector-rules.js';
import type { ShopifyGraphqlClient } from './graphql-client.js';
import { customerOrdersQuery, orderByNameQuery, orderCancelMutation, orderRefundsQuery, returnRequestMutation } from './queries.js';

interface ShopMoney {
  shopMoney: { amount: string; currencyCode: string };
}
interface ShopifyRefund {
  id: string;
  createdAt: string;
  note: string | null;
  totalRefundedSet: ShopMoney;
  transactions: { nodes: Array<{ status: string }> };
}
interface ShopifyOrder {
  id: string;
  name: string;
  createdAt: string;
  cancelledAt: string | null;
  email: string | null;
  phone: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  customer: { id: string; email: string | null; phone: string | null } | null;
  totalPriceSet: ShopMoney;
  lineItems: { nodes: Array<{ id: string; sku: string | null; title: string; quantity: number; originalUnitPriceSet: ShopMoney }> };
  transactions: Array<{ kind: string; status: string; formattedGateway: string | null; paymentDetails: { company?: string | null; number?: string | null } | null }>;
  fulfillments: Array<{
    status: string;
    displayStatus: string | null;
    createdAt: string;
    deliveredAt: string | null;
    trackingInfo: Array<{ company: string | null; number: string | null; url: string | null }>;
    events: { nodes: Array<{ happenedAt: string; status: string; message: string | null; city: string | null; country: string | null }> };
    fulfillmentLineItems: { nodes: Array<{ id: string; quantity: number; lineItem: { id: string } }> };
  }>;
  refunds: ShopifyRefund[];
  returns: {
    nodes: Array<{
      id: string;
      name: string;
      status: string;
      createdAt: string;
      returnLineItems: { nodes: Array<{ quantity: number; returnReason: string; fulfillmentLineItem: { lineItem: { id: string; title: string } } }> };
    }>;
  };
}

const moneyOf = (set: ShopMoney): Money => ({ minor: Math.round(Number(set.shopMoney.amount) * 100), currency: set.shopMoney.currencyCode });

function statusOf(order: Pick<ShopifyOrder, 'cancelledAt' | 'displayFulfillmentStatus'> & { fulfillments: Array<{ deliveredAt: string | null }> }): OrderStatus {
  if (order.cancelledAt) return 'cancelled';
  if (order.fulfillments.length > 0 && order.fulfillments.every((f) => f.deliveredAt)) return 'delivered';
  switch (order.displayFulfillmentStatus) {
    case 'FULFILLED':
    case 'PARTIALLY_FULFILLED':
    case 'IN_PROGRESS':
      return order.fulfillments.length > 0 ? 'shipped' : 'packing';
    case 'ON_HOLD':
    case 'PENDING_FULFILLMENT':
      return 'packing';
    default:
      return 'paid';
  }
}

function refundOf(refund: ShopifyRefund): Refund {
  const statuses = refund.transactions.nodes.map((t) => t.status);
  return {
    id: refund.id,
    amount: moneyOf(refund.totalRefundedSet),
    status: statuses.some((s) => s === 'FAILURE' || s === 'ERROR') ? 'failed' : statuses.length > 0 && statuses.every((s) => s === 'SUCCESS') ? 'issued' : 'pending',
    createdAt: new Date(refund.createdAt),
    reference: refund.id.split('/').at(-1) ?? null,
  };
}

/** Shopify's return reasons, from what the customer said. */
function returnReasonOf(reason: string): string {
  if (/damag|fault|defect/i.test(reason)) return 'DEFECTIVE';
  if (/wrong/i.test(reason)) return 'WRONG_ITEM';
  if (/fit|size/i.test(reason)) return 'SIZE_TOO_SMALL';
  if (/mind|want/i.test(reason)) return 'UNWANTED';
  return 'OTHER';
}

/** The order number customers know ("#1001" or "1001") as Shopify's order search wants it. */
const nameQuery = (orderId: string) => `name:#${orderId.trim().replace(/^#/, '')}`;

/**
 * Shopify through its Admin GraphQL API. Customers know an order by its name (#1001); the
 * connector finds it by name and keeps Shopify's global ids to itself.
 */
export class ShopifyConnector implements CommerceConnector {
  readonly name: string;

  constructor(
    private readonly client: ShopifyGraphqlClient,
    shopDomain: string,
  ) {
    this.name = `shopify:${shopDomain}`;
  }

  private async find(orderId: string): Promise<ShopifyOrder | null> {
    const data = await this.client.request<{ orders: { nodes: ShopifyOrder[] } }>(orderByNameQuery, { query: nameQuery(orderId) }, 120);
    return data.orders.nodes[0] ?? null;
  }

  async findOrders(customer: VerifiedCustomer, limit: number): Promise<OrderSummary[]> {
    const id = customer.customerId.startsWith('gid://') ? customer.customerId : `gid://shopify/Customer/${customer.customerId}`;
    const data = await this.client.request<{ customer: { orders: { nodes: Array<ShopifyOrder> } } | null }>(customerOrdersQuery, { id, first: limit });
    return (data.customer?.orders.nodes ?? []).map((o) => ({
      id: o.name.replace(/^#/, ''),
      status: statusOf(o),
      placedAt: new Date(o.createdAt),
      total: moneyOf(o.totalPriceSet),
    }));
  }

  async getOrder(orderId: string): Promise<OrderDetail | null> {
    const order = await this.find(orderId);
    if (!order) return null;
    const sale = order.transactions.find((t) => (t.kind === 'SALE' || t.kind === 'CAPTURE' || t.kind === 'AUTHORIZATION') && t.status === 'SUCCESS');
    const fulfilments: Fulfilment[] = order.fulfillments.map((f) => {
      const tracking = f.trackingInfo[0];
      return {
        carrier: tracking?.company ?? 'carrier',
        trackingNumber: tracking?.number ?? '',
        trackingUrl: tracking?.url ?? null,
        shippedAt: new Date(f.createdAt),
        deliveredAt: f.deliveredAt ? new Date(f.deliveredAt) : null,
        events: f.events.nodes.map((e) => ({
          at: new Date(e.happenedAt),
          description: e.message ?? e.status.replace(/_/g, ' ').toLowerCase(),
          location: [e.city, e.country].filter(Boolean).join(', ') || null,
        })),
      };
    });
    const customerId = order.customer?.id.split('/').at(-1) ?? '';
    return {
      id: order.name.replace(/^#/, ''),
      status: statusOf(order),
      placedAt: new Date(order.createdAt),
      total: moneyOf(order.totalPriceSet),
      owner: { customerId, email: order.email ?? order.customer?.email ?? null, phone: order.phone ?? order.customer?.phone ?? null },
      items: order.lineItems.nodes.map((l) => ({ lineId: l.id, sku: l.sku ?? '', title: l.title, quantity: l.quantity, unitPrice: moneyOf(l.originalUnitPriceSet) })),
      payment: sale
        ? {
            method: sale.paymentDetails?.company ?? sale.formattedGateway ?? 'card',
            last4: sale.paymentDetails?.number?.replace(/\D/g, '').slice(-4) || null,
            amount: moneyOf(order.totalPriceSet),
          }
        : null,
      fulfilments,
      refunds: order.refunds.map(refundOf),
      returns: order.returns.nodes.map((r): ReturnRequest => ({
        id: r.name,
        orderId: order.name.replace(/^#/, ''),
        status: r.status === 'REQUESTED' ? 'requested' : r.status === 'OPEN' ? 'open' : r.status === 'DECLINED' ? 'declined' : 'closed',
        reason: r.returnLineItems.nodes[0]?.returnReason ?? 'OTHER',
        items: r.returnLineItems.nodes.map((i) => ({ lineId: i.fulfillmentLineItem.lineItem.id, title: i.fulfillmentLineItem.lineItem.title, quantity: i.quantity })),
        createdAt: new Date(r.createdAt),
      })),
    };
  }

  async cancelOrder(orderId: string, reason: string): Promise<ActionOutcome> {
    const order = await this.find(orderId);
    if (!order) return orderNotFound(orderId);
    const data = await this.client.request<{ orderCancel: { job: { id: string; done: boolean } | null; orderCancelUserErrors: Array<{ message: string; code: string | null }> } }>(
      orderCancelMutation,
      { orderId: order.id, staffNote: `aftercare: ${reason}` },
    );
    const errors = data.orderCancel.orderCancelUserErrors;
    if (errors.length > 0) return { ok: false, reason: 'not_allowed', detail: errors.map((e) => e.message).join('; ') };
    // Shopify cancels in a background job; the refund to the original payment method follows it.
    const refund: Refund = { id: `${order.id}/cancel`, amount: moneyOf(order.totalPriceSet), status: 'pending', createdAt: new Date(), reference: null };
    return { ok: true, detail: `order ${orderId} cancellation accepted by Shopify (job ${data.orderCancel.job?.id ?? 'unknown'})`, refund };
  }

  async createReturn(orderId: string, lines: readonly ReturnLine[], reason: string): Promise<ActionOutcome> {
    const order = await this.find(orderId);
    if (!order) return orderNotFound(orderId);
    const fulfilled = order.fulfillments.flatMap((f) => f.fulfillmentLineItems.nodes);
    const returnLineItems = matchReturnLines(lines, (line) => {
      const item = fulfilled.find((f) => f.lineItem.id === line.lineId);
      return item ? { fulfillmentLineItemId: item.id, quantity: Math.min(line.quantity, item.quantity), returnReason: returnReasonOf(reason), customerNote: reason } : null;
    });
    if (!returnLineItems) {
      return { ok: false, reason: 'not_allowed', detail: 'these items have not been fulfilled, so they cannot be returned yet' };
    }
    const data = await this.client.request<{
      returnRequest: { return: { id: string; name: string; status: string; createdAt: string } | null; userErrors: Array<{ message: string }> };
    }>(returnRequestMutation, { input: { orderId: order.id, returnLineItems } });
    const created = data.returnRequest.return;
    if (!created || data.returnRequest.userErrors.length > 0) {
      return { ok: false, reason: 'not_allowed', detail: data.returnRequest.userErrors.map((e) => e.message).join('; ') || 'Shopify created no return' };
    }
    const items = lines.map((l) => ({ lineId: l.lineId, title: order.lineItems.nodes.find((n) => n.id === l.lineId)?.title ?? l.lineId, quantity: l.quantity }));
    const request: ReturnRequest = { id: created.name, orderId, status: 'requested', reason, items, createdAt: new Date(created.createdAt) };
    return { ok: true, detail: `return ${created.name} requested for order ${orderId}`, returnRequest: request };
  }

  async refundStatus(orderId: string): Promise<Refund[]> {
    const order = await this.find(orderId);
    if (!order) return [];
    const data = await this.client.request<{ order: { refunds: ShopifyRefund[] } | null }>(orderRefundsQuery, { id: order.id });
    return (data.order?.refunds ?? []).map(refundOf);
  }
}
