import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Shopify's Admin GraphQL API on 127.0.0.1: the same endpoint path, access
 * token header, answer shapes (data / errors / extensions.cost), THROTTLED errors and user
 * errors. It recognises the operations aftercare sends by their operation names, as a
 * recorded API would, and keeps its orders in memory so mutations show in later reads.
 */
export interface FakeShopifyOrder {
  id: string;
  name: string;
  createdAt: string;
  cancelledAt: string | null;
  email: string;
  phone: string | null;
  displayFinancialStatus: string;
  displayFulfillmentStatus: string;
  customer: { id: string; email: string; phone: string | null };
  totalPriceSet: { shopMoney: { amount: string; currencyCode: string } };
  lineItems: { nodes: Array<{ id: string; sku: string; title: string; quantity: number; originalUnitPriceSet: { shopMoney: { amount: string; currencyCode: string } } }> };
  transactions: Array<{ kind: string; status: string; gateway: string; formattedGateway: string; paymentDetails: { company: string; number: string } }>;
  fulfillments: Array<Record<string, unknown> & { deliveredAt: string | null; fulfillmentLineItems: { nodes: Array<{ id: string; quantity: number; lineItem: { id: string } }> } }>;
  refunds: Array<Record<string, unknown>>;
  returns: { nodes: Array<Record<string, unknown>> };
}

export interface RecordedGraphql {
  operation: string;
  variables: Record<string, unknown>;
  at: number;
}

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: 'USD' } });

export function sampleShopifyOrders(): FakeShopifyOrder[] {
  const base = {
    email: 'ada@example.com',
    phone: '+1 555 0100',
    displayFinancialStatus: 'PAID',
    customer: { id: 'gid://shopify/Customer/7001', email: 'ada@example.com', phone: '+1 555 0100' },
    transactions: [
      { kind: 'SALE', status: 'SUCCESS', gateway: 'shopify_payments', formattedGateway: 'Shopify Payments', paymentDetails: { company: 'Visa', number: '•••• •••• •••• 4242' } },
    ],
    refunds: [],
    returns: { nodes: [] },
  };
  return [
    {
      ...base,
      id: 'gid://shopify/Order/5001',
      name: '#1001',
      createdAt: '2026-11-20T10:00:00Z',
      cancelledAt: null,
      displayFulfillmentStatus: 'UNFULFILLED',
      totalPriceSet: money('54.90'),
      lineItems: { nodes: [{ id: 'gid://shopify/LineItem/9001', sku: 'LAMP-1', title: 'Desk lamp', quantity: 1, originalUnitPriceSet: money('54.90') }] },
      fulfillments: [],
    },
    {
      ...base,
      id: 'gid://shopify/Order/5002',
      name: '#1002',
      createdAt: '2026-11-01T10:00:00Z',
      cancelledAt: null,
      displayFulfillmentStatus: 'FULFILLED',
      totalPriceSet: money('30.00'),
      lineItems: { nodes: [{ id: 'gid://shopify/LineItem/9002', sku: 'MUG-2', title: 'Enamel mug', quantity: 2, originalUnitPriceSet: money('15.00') }] },
      fulfillments: [
        {
          id: 'gid://shopify/Fulfillment/8002',
          status: 'SUCCESS',
          displayStatus: 'DELIVERED',
          createdAt: '2026-11-02T09:00:00Z',
          deliveredAt: '2026-11-05T15:00:00Z',
          trackingInfo: [{ company: 'UPS', number: '1Z999AA10123456784', url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' }],
          events: { nodes: [{ happenedAt: '2026-11-05T15:00:00Z', status: 'DELIVERED', message: 'Delivered', city: 'Portland', country: 'US' }] },
          fulfillmentLineItems: { nodes: [{ id: 'gid://shopify/FulfillmentLineItem/7702', quantity: 2, lineItem: { id: 'gid://shopify/LineItem/9002' } }] },
        },
      ],
      refunds: [
        { id: 'gid://shopify/Refund/6602', createdAt: '2026-11-10T12:00:00Z', note: null, totalRefundedSet: money('15.00'), transactions: { nodes: [{ status: 'SUCCESS' }] } },
      ],
    },
  ];
}

export interface FakeShopify {
  /** The shop's base URL (put in SHOPIFY_ADMIN_URL). */
  url: string;
  token: string;
  orders: FakeShopifyOrder[];
  requests: RecordedGraphql[];
  /** The next `count` calls answer THROTTLED with this bucket report. */
  throttle(count: number, status: { requested: number; available: number; restoreRate: number }): void;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<{ query: string; variables?: Record<string, unknown> }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown> };
}

export async function startFakeShopify(apiVersion = '2025-07'): Promise<FakeShopify> {
  const token = 'shpat_test_token';
  const orders = sampleShopifyOrders();
  const requests: RecordedGraphql[] = [];
  let throttled = 0;
  let throttleStatus = { requested: 0, available: 0, restoreRate: 50 };
  const cost = (requested: number, available = 1000 - requested) => ({
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: requested,
      throttleStatus: { maximumAvailable: 1000, currentlyAvailable: available, restoreRate: throttleStatus.restoreRate },
    },
  });

  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'POST' || req.url !== `/admin/api/${apiVersion}/graphql.json`) return reply(404, { errors: 'Not Found' });
    if (req.headers['x-shopify-access-token'] !== token) return reply(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    const { query, variables = {} } = await readJson(req);
    const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';
    requests.push({ operation, variables, at: Date.now() });
    if (throttled > 0) {
      throttled--;
      return reply(200, {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
        extensions: {
          cost: {
            requestedQueryCost: throttleStatus.requested,
            actualQueryCost: null,
            throttleStatus: { maximumAvailable: 1000, currentlyAvailable: throttleStatus.available, restoreRate: throttleStatus.restoreRate },
          },
        },
      });
    }
    const byGid = (id: unknown) => orders.find((o) => o.id === id);
    switch (operation) {
      case 'AftercareOrderByName': {
        const name = /name:(#?\S+)/.exec(String(variables.query))?.[1];
        return reply(200, { data: { orders: { nodes: orders.filter((o) => o.name === name) } }, extensions: cost(12) });
      }
      case 'AftercareCustomerOrders': {
        const mine = orders.filter((o) => o.customer.id === variables.id).reverse();
        return reply(200, { data: { customer: mine.length ? { orders: { nodes: mine } } : null }, extensions: cost(8) });
      }
      case 'AftercareOrderCancel': {
        const order = byGid(variables.orderId);
        if (!order)
          return reply(200, {
            data: { orderCancel: { job: null, orderCancelUserErrors: [{ field: ['orderId'], message: 'Order does not exist', code: 'NOT_FOUND' }] } },
            extensions: cost(10),
          });
        if (order.fulfillments.length > 0 || order.cancelledAt) {
          return reply(200, {
            data: { orderCancel: { job: null, orderCancelUserErrors: [{ field: ['orderId'], message: 'Cannot cancel a fulfilled order', code: 'INVALID' }] } },
            extensions: cost(10),
          });
        }
        order.cancelledAt = new Date().toISOString();
        order.refunds.push({
          id: `gid://shopify/Refund/${Date.now()}`,
          createdAt: order.cancelledAt,
          note: 'cancelled',
          totalRefundedSet: order.totalPriceSet,
          transactions: { nodes: [{ status: 'PENDING' }] },
        });
        return reply(200, { data: { orderCancel: { job: { id: 'gid://shopify/Job/1', done: false }, orderCancelUserErrors: [] } }, extensions: cost(10) });
      }
      case 'AftercareReturnRequest': {
        const input = variables.input as {
          orderId: string;
          returnLineItems: Array<{ fulfillmentLineItemId: string; quantity: number; returnReason: string; customerNote?: string }>;
        };
        const order = byGid(input.orderId);
        const fulfilled = order?.fulfillments.flatMap((f) => f.fulfillmentLineItems.nodes) ?? [];
        if (!order || input.returnLineItems.some((l) => !fulfilled.some((f) => f.id === l.fulfillmentLineItemId))) {
          return reply(200, {
            data: { returnRequest: { return: null, userErrors: [{ field: ['input'], message: 'Fulfillment line item not found', code: 'NOT_FOUND' }] } },
            extensions: cost(10),
          });
        }
        const created = {
          id: `gid://shopify/Return/${Date.now()}`,
          name: `${order.name}-R${order.returns.nodes.length + 1}`,
          status: 'REQUESTED',
          createdAt: new Date().toISOString(),
        };
        order.returns.nodes.push({
          ...created,
          returnLineItems: {
            nodes: input.returnLineItems.map((l) => {
              const lineItemId = fulfilled.find((f) => f.id === l.fulfillmentLineItemId)!.lineItem.id;
              const title = order.lineItems.nodes.find((n) => n.id === lineItemId)!.title;
              return { quantity: l.quantity, returnReason: l.returnReason, fulfillmentLineItem: { lineItem: { id: lineItemId, title } } };
            }),
          },
        });
        return reply(200, { data: { returnRequest: { return: created, userErrors: [] } }, extensions: cost(10) });
      }
      case 'AftercareOrderRefunds': {
        const order = byGid(variables.id);
        return reply(200, { data: { order: order ? { refunds: order.refunds } : null }, extensions: cost(5) });
      }
      default:
        return reply(200, { errors: [{ message: `unknown operation ${operation}`, extensions: { code: 'undefinedField' } }] });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    orders,
    requests,
    throttle(count, status) {
      throttled = count;
      throttleStatus = status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
