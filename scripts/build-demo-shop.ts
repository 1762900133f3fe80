/**
 * Copies the demo shop's subset of the UCI Online Retail data (CC BY 4.0) into the repository:
 * `tsx scripts/build-demo-shop.ts [path to shared/data/commerce/online-retail-uci]`.
 * Deterministic: the same source gives the same subset. Picks complete invoices (no
 * cancellations, no missing customer or description) of 1–6 lines, spread over countries,
 * with some customers that ordered more than once so "my orders" has something to list.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseCsv } from './lib/csv.js';

const source = resolve(process.argv[2] ?? join(import.meta.dirname, '../../shared/data/commerce/online-retail-uci'));
const target = join(import.meta.dirname, '../src/commerce/demo-shop/data/online-retail-subset.csv');
const files = ['online_retail_2011-08_to_2011-12.csv.gz'];
const maxCustomers = 60;
const maxOrdersPerCustomer = 3;

interface Line {
  raw: string;
  invoice: string;
  customer: string;
  country: string;
  ok: boolean;
}

const invoices = new Map<string, Line[]>();
let header = '';
for (const file of files) {
  const lines = gunzipSync(readFileSync(join(source, file)))
    .toString('utf8')
    .split(/\r?\n/);
  header = lines[0]!;
  for (const raw of lines.slice(1)) {
    if (!raw.trim()) continue;
    const [invoice, stock, description, quantity, , price, customer, country] = parseCsv(raw)[0] ?? [];
    const ok = Boolean(invoice && !invoice.startsWith('C') && customer && description && Number(quantity) > 0 && Number(price) > 0 && /^\d/.test(stock ?? ''));
    const list = invoices.get(invoice!) ?? [];
    list.push({ raw, invoice: invoice!, customer: customer!, country: country!, ok });
    invoices.set(invoice!, list);
  }
}

const byCustomer = new Map<string, string[]>();
for (const [invoice, lines] of invoices) {
  if (lines.length > 6 || !lines.every((l) => l.ok)) continue;
  const customer = lines[0]!.customer;
  byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), invoice]);
}
// Round-robin over countries so the demo is not all United Kingdom; customers with several orders first.
const byCountry = new Map<string, string[]>();
for (const [customer, list] of [...byCustomer].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
  const country = invoices.get(list[0]!)![0]!.country;
  byCountry.set(country, [...(byCountry.get(country) ?? []), customer]);
}
const chosen: string[] = [];
const countries = [...byCountry.keys()].sort();
for (let round = 0; chosen.length < maxCustomers && round < 100; round++) {
  for (const country of countries) {
    const next = byCountry.get(country)![round];
    if (next && chosen.length < maxCustomers) chosen.push(next);
  }
}
const rows = chosen
  .flatMap((customer) => byCustomer.get(customer)!.slice(0, maxOrdersPerCustomer))
  .sort()
  .flatMap((invoice) => invoices.get(invoice)!.map((l) => l.raw));
writeFileSync(target, `${header}\n${rows.join('\n')}\n`);
process.stdout.write(`${rows.length} lines, ${chosen.length} customers → ${target}\n`);
