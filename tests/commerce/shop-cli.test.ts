import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from '../../testkit/cli.js';
import { tempDir } from '../../testkit/runtime.js';

describe('aftercare shop orders', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => dir.remove());

  it('--limit N --json prints N demo orders, each with id, email, status, items with titles and tracking with carrier and number', () => {
    const result = runCli(['shop', 'orders', '--limit', '40', '--json'], { env: cliEnv(dir.path) });
    expect(result.status, result.stderr).toBe(0);
    const orders = JSON.parse(result.stdout) as Array<{
      id: string;
      email: string;
      status: string;
      items: Array<{ title: string }>;
      tracking: { carrier: string; number: string } | null;
    }>;
    expect(orders).toHaveLength(40);
    for (const order of orders) {
      expect(order.id).toMatch(/^\d{6}$/);
      expect(order.email).toMatch(/^customer\d+@example\.com$/);
      expect(['paid', 'packing', 'shipped', 'delivered', 'cancelled']).toContain(order.status);
      expect(order.items.length).toBeGreaterThan(0);
      for (const item of order.items) expect(item.title.length).toBeGreaterThan(2);
      if (order.status === 'shipped' || order.status === 'delivered') {
        expect(order.tracking!.carrier).toMatch(/Royal Mail|DPD|DHL|UPS/);
        expect(order.tracking!.number.length).toBeGreaterThanOrEqual(10);
      } else expect(order.tracking).toBeNull();
    }
    // Seeded once: a second run lists the same shop.
    const again = JSON.parse(runCli(['shop', 'orders', '--limit', '40', '--json'], { env: cliEnv(dir.path) }).stdout) as typeof orders;
    expect(again.map((o) => [o.id, o.status, o.tracking?.number])).toEqual(orders.map((o) => [o.id, o.status, o.tracking?.number]));
  }, 120_000);

  it('refuses a bad --status with a message naming the choices', () => {
    const result = runCli(['shop', 'orders', '--status', 'lost'], { env: cliEnv(dir.path) });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/paid, packing, shipped, delivered, cancelled/);
  }, 60_000);
});
