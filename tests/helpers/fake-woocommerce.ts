import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the WooCommerce REST API v3 on 127.0.0.1: /wp-json/wc/v3 paths, HTTP Basic
 * with the consumer key and secret, WooCommerce's JSON shapes and error bodies
 * ({code, message, data: {status}}), and 429 with Retry-After when told to slow down.
 */
export interface FakeWooOrder {
  id: number;
  number: string;
  status: string;
  currency: string;
  date_created_gmt: string;
  total: string;
  customer_id: number;
  billing: { email: string; phone: string };
  payment_method_title: string;
  line_items: Array<{ id: number; name: string; sku: string; quantity: number; price: number }>;
  meta_data: Array<{ id: number; key: string; value: unknown }>;
  refunds: Array<{ id: number; date_created_gmt: string; amount: string; reason: string; refunded_payment: boolean }>;
  notes: Array<{ id: number; note: string; customer_note: boolean; date_created_gmt: string }>;
}

export interface FakeWooCommerce {
  url: string;
  key: string;
  secret: string;
  orders: FakeWooOrder[];
  requests: Array<{ method: string; path: string; at: number }>;
  /** The next `count` requests answer 429 with `Retry-After: seconds`. */
  slowDown(count: number, seconds: number): void;
  close(): Promise<void>;
}

function sampleOrders(): FakeWooOrder[] {
  const base = { currency: 'EUR', customer_id: 42, billing: { email: 'li.wei@example.com', phone: '+86 138 0013 8000' }, payment_method_title: 'PayPal', refunds: [], notes: [] };
  return [
    {
      ...base,
      id: 3001,
      number: '3001',
      status: 'processing',
      date_created_gmt: '2026-12-01T08:00:00',
      total: '19.90',
      line_items: [{ id: 11, name: 'Linen tote bag', sku: 'TOTE', quantity: 1, price: 19.9 }],
      meta_data: [],
    },
    {
      ...base,
      id: 3002,
      number: '3002',
      status: 'completed',
      date_created_gmt: '2026-11-10T08:00:00',
      total: '45.00',
      line_items: [{ id: 21, name: 'Ceramic teapot', sku: 'POT', quantity: 1, price: 45 }],
      meta_data: [{ id: 1, key: '_wc_shipment_tracking_items', value: [{ tracking_provider: 'DHL', tracking_number: '1234567890', date_shipped: '1762934400' }] }],
      refunds: [{ id: 901, date_created_gmt: '2026-11-20T10:00:00', amount: '5.00', reason: 'Chipped lid', refunded_payment: true }],
    },
  ];
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startFakeWooCommerce(): Promise<FakeWooCommerce> {
  const key = 'ck_test';
  const secret = 'cs_test';
  const orders = sampleOrders();
  const requests: FakeWooCommerce['requests'] = [];
  let slow = { count: 0, seconds: 1 };
  let nextId = 5000;
  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, at: Date.now() });
    if (req.headers.authorization !== `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`) {
      return reply(401, { code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.', data: { status: 401 } });
    }
    if (slow.count > 0) {
      slow.count--;
      return reply(429, { code: 'too_many_requests', message: 'Too many requests', data: { status: 429 } }, { 'retry-after': String(slow.seconds) });
    }
    const match = /^\/wp-json\/wc\/v3\/orders(?:\/(\d+))?(?:\/(refunds|notes))?$/.exec(url.pathname);
    if (!match) return reply(404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } });
    const [, id, sub] = match;
    if (!id) {
      const customer = Number(url.searchParams.get('customer'));
      return reply(200, orders.filter((o) => o.customer_id === customer).reverse());
    }
    const order = orders.find((o) => o.id === Number(id));
    if (!order) return reply(404, { code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
    const body = req.method === 'GET' ? {} : await readBody(req);
    const now = new Date().toISOString().slice(0, 19);
    if (sub === 'refunds') {
      if (req.method === 'GET')
        return reply(
          200,
          order.refunds.map((r) => ({ ...r, amount: `-${r.amount}` })),
        );
      const refund = { id: nextId++, date_created_gmt: now, amount: String(body.amount), reason: String(body.reason ?? ''), refunded_payment: body.api_refund === true };
      order.refunds.push(refund);
      return reply(201, refund);
    }
    if (sub === 'notes') {
      const note = { id: nextId++, note: String(body.note), customer_note: body.customer_note === true, date_created_gmt: now };
      order.notes.push(note);
      return reply(201, note);
    }
    if (req.method === 'PUT') {
      if (typeof body.status === 'string') order.status = body.status;
      return reply(200, order);
    }
    return reply(200, order);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    key,
    secret,
    orders,
    requests,
    slowDown(count, seconds) {
      slow = { count, seconds };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
