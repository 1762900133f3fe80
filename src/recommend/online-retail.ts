import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { Purchase } from './purchases.js';

/** The UCI Online Retail data shipped with the repo (CC BY 4.0, see data/README.md). */
export const onlineRetailFiles = {
  before: join(import.meta.dirname, 'data', 'online_retail_2010-12_to_2011-07.csv.gz'),
  after: join(import.meta.dirname, 'data', 'online_retail_2011-08_to_2011-12.csv.gz'),
} as const;

/**
 * Reads an order history in the Online Retail columns (InvoiceNo, StockCode, Description,
 * Quantity, InvoiceDate, UnitPrice, CustomerID, Country), plain or gzipped. Kept: sales to a
 * known customer. Dropped: cancellation invoices (numbers starting with C), zero or negative
 * quantities (returns, stock adjustments), lines without a customer or a description, and
 * lines that are not products: in Online Retail every product's StockCode starts with a digit,
 * while postage, carriage, bank charges and manual adjustments (POST, DOT, C2, M, ...) do not.
 */
export function readOrderHistoryCsv(path: string, isProduct: (sku: string) => boolean = (sku) => /^\d/.test(sku)): Purchase[] {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const rows = parse(text, { skip_empty_lines: true, relax_column_count: true }) as string[][];
  const header = (rows[0] ?? []).map((h) => h.trim());
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${path}: no column ${name} (expected InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID)`);
    return index;
  };
  const c = {
    invoice: column('InvoiceNo'),
    sku: column('StockCode'),
    title: column('Description'),
    quantity: column('Quantity'),
    date: column('InvoiceDate'),
    price: column('UnitPrice'),
    customer: column('CustomerID'),
  };
  const purchases: Purchase[] = [];
  for (let n = 1; n < rows.length; n++) {
    const cells = rows[n]!;
    const invoice = cells[c.invoice] ?? '';
    const customerId = cells[c.customer] ?? '';
    const title = (cells[c.title] ?? '').trim();
    const quantity = Number(cells[c.quantity]);
    const sku = cells[c.sku] ?? '';
    if (!customerId || !title || invoice.startsWith('C') || !(quantity > 0) || !isProduct(sku)) continue;
    purchases.push({
      customerId,
      orderId: invoice,
      sku,
      title,
      quantity,
      unitPriceMinor: Math.round(Number(cells[c.price]) * 100),
      currency: 'GBP',
      at: new Date(`${(cells[c.date] ?? '').replace(' ', 'T')}:00Z`),
    });
  }
  return purchases;
}
