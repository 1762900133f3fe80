import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OrderStatus } from '../../core/commerce.js';
import { parse } from 'csv-parse/sync';

/**
 * The demo shop's orders: real invoices, products, customers and countries from the UCI Online
 * Retail data (CC BY 4.0, see data/README.md), with what that data does not have — e-mail
 * addresses, phone numbers, order statuses, payment, carriers and tracking events — generated
 * from a hash of the invoice number, so every install has the same orders. Times are placed
 * relative to the moment of seeding, so a fresh demo has parcels in transit, delivered and late.
 */

export const demoDataFile = join(import.meta.dirname, 'data', 'online-retail-subset.csv');

export interface SeedLine {
  sku: string;
  title: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface SeedEvent {
  at: number;
  description: string;
  location: string | null;
}

export interface SeedOrder {
  id: string;
  customerId: string;
  email: string;
  phone: string;
  country: string;
  status: OrderStatus;
  placedAt: number;
  totalMinor: number;
  paymentMethod: string;
  paymentLast4: string | null;
  lines: SeedLine[];
  fulfilment: { carrier: string; trackingNumber: string; trackingUrl: string; shippedAt: number; deliveredAt: number | null; events: SeedEvent[] } | null;
  refund: { id: string; amountMinor: number; status: 'pending' | 'issued'; reference: string; createdAt: number } | null;
  returnRequest: { id: string; reason: string; createdAt: number } | null;
}

const hour = 3_600_000;
const day = 24 * hour;

/**
 * Share of parcels that run late: in the Olist sample 279 of 3,898 delivered orders (7.2%)
 * arrived after their estimated date (figure only; no Olist rows are shipped).
 */
const lateShare = 0.07;

const carriers = [
  { name: 'Royal Mail', url: 'https://www.royalmail.com/track-your-item#/tracking-results/', number: (h: Buffer) => `${letters(h, 7, 2)}${digits(h, 9, 9)}GB` },
  { name: 'DPD', url: 'https://track.dpd.co.uk/parcels/', number: (h: Buffer) => digits(h, 9, 14) },
  { name: 'DHL', url: 'https://www.dhl.com/track?tracking-id=', number: (h: Buffer) => digits(h, 9, 10) },
  { name: 'UPS', url: 'https://www.ups.com/track?tracknum=', number: (h: Buffer) => `1Z${letters(h, 7, 3)}${digits(h, 10, 13)}` },
] as const;

const payments = ['Visa', 'Visa', 'Mastercard', 'Mastercard', 'PayPal', 'American Express'] as const;

function hashOf(text: string): Buffer {
  return createHash('sha256').update(`aftercare-demo-shop:${text}`).digest();
}

function unit(h: Buffer, offset: number): number {
  return h.readUInt32BE(offset) / 0x1_0000_0000;
}

function digits(h: Buffer, offset: number, count: number): string {
  let out = '';
  for (let i = 0; out.length < count; i++) out += String(h[(offset + i) % h.length]! % 10);
  return out;
}

function letters(h: Buffer, offset: number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String.fromCharCode(65 + (h[(offset + i) % h.length]! % 26));
  return out;
}

function statusOf(u: number): { status: OrderStatus; late: boolean } {
  if (u < 0.12) return { status: 'paid', late: false };
  if (u < 0.22) return { status: 'packing', late: false };
  if (u < 0.45) return { status: 'shipped', late: false };
  if (u < 0.45 + lateShare) return { status: 'shipped', late: true };
  if (u < 0.95) return { status: 'delivered', late: false };
  return { status: 'cancelled', late: false };
}

/** A hub on the way, by destination, so tracking reads like a real journey. */
function hubs(country: string): [string, string] {
  return country === 'United Kingdom' ? ['Coventry, GB', 'Local depot, GB'] : ['East Midlands Gateway, GB', `International hub, ${country}`];
}

function trackingEvents(placedAt: number, shippedAt: number, country: string, deliveredAt: number | null, stalledAt: number | null, now: number): SeedEvent[] {
  const [first, second] = hubs(country);
  const events: SeedEvent[] = [
    { at: shippedAt, description: 'Label created, parcel handed to the carrier', location: 'Lumen Goods warehouse, GB' },
    { at: shippedAt + 4 * hour, description: 'Collected by the carrier', location: first },
    { at: shippedAt + 20 * hour, description: 'In transit', location: second },
  ];
  if (deliveredAt !== null) {
    events.push({ at: deliveredAt - 5 * hour, description: 'Out for delivery', location: country });
    events.push({ at: deliveredAt, description: 'Delivered', location: country });
  }
  return events.filter((e) => e.at <= now && e.at >= placedAt && (stalledAt === null || e.at <= stalledAt));
}

export function loadSeedOrders(now: number, file = demoDataFile): SeedOrder[] {
  const rows = parse(readFileSync(file, 'utf8'), { from_line: 2, skip_empty_lines: true }) as string[][];
  const byInvoice = new Map<string, string[][]>();
  for (const cells of rows) {
    const list = byInvoice.get(cells[0]!) ?? [];
    list.push(cells);
    byInvoice.set(cells[0]!, list);
  }
  return [...byInvoice].map(([invoice, cells]) => {
    const [, , , , , , customerId, country] = cells[0]!;
    const h = hashOf(invoice);
    const { status, late } = statusOf(unit(h, 0));
    const lines = cells.map(([, sku, title, quantity, , price]) => ({
      sku: sku!,
      title: title!.trim().replace(/\s+/g, ' '),
      quantity: Number(quantity),
      unitPriceMinor: Math.round(Number(price) * 100),
    }));
    const totalMinor = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
    const carrier = carriers[h[4]! % carriers.length]!;
    const method = payments[h[5]! % payments.length]!;
    const age =
      status === 'paid'
        ? (2 + unit(h, 12) * 18) * hour
        : status === 'packing'
          ? (22 + unit(h, 12) * 20) * hour
          : status === 'shipped' && late
            ? (19 + unit(h, 12) * 6) * day
            : status === 'shipped'
              ? (2 + unit(h, 12) * 2) * day
              : status === 'delivered'
                ? (6 + unit(h, 12) * 20) * day
                : (2 + unit(h, 12) * 8) * day;
    const placedAt = Math.round(now - age);
    const shippedAt = placedAt + 18 * hour;
    const deliveredAt = status === 'delivered' ? shippedAt + (2 + Math.floor(unit(h, 16) * 3)) * day : null;
    // A late parcel stopped moving after reaching the second hub.
    const stalledAt = late ? shippedAt + 21 * hour : null;
    const trackingNumber = carrier.number(h);
    const fulfilment =
      status === 'shipped' || status === 'delivered'
        ? {
            carrier: carrier.name,
            trackingNumber,
            trackingUrl: `${carrier.url}${trackingNumber}`,
            shippedAt,
            deliveredAt,
            events: trackingEvents(placedAt, shippedAt, country!, deliveredAt, stalledAt, now),
          }
        : null;
    const returned = status === 'delivered' && h[20]! < 26;
    const refund =
      status === 'cancelled'
        ? { id: `RF-${invoice}`, amountMinor: totalMinor, status: 'issued' as const, reference: `RF${digits(h, 22, 10)}`, createdAt: placedAt + 2 * hour }
        : returned
          ? { id: `RF-${invoice}`, amountMinor: totalMinor, status: 'pending' as const, reference: `RF${digits(h, 22, 10)}`, createdAt: now - 1 * day }
          : null;
    return {
      id: invoice,
      customerId: customerId!,
      // example.com (RFC 2606) and Ofcom's drama range: generated contacts never reach a real person.
      email: `customer${customerId}@example.com`,
      phone: `+44 7700 900${String(Number(customerId) % 1000).padStart(3, '0')}`,
      country: country!,
      status,
      placedAt,
      totalMinor,
      paymentMethod: method,
      paymentLast4: method === 'PayPal' ? null : digits(h, 24, 4),
      lines,
      fulfilment,
      refund,
      returnRequest: returned ? { id: `RT-${invoice}`, reason: 'Changed my mind', createdAt: now - 3 * day } : null,
    };
  });
}
