import type { OrderDetail } from '../core/commerce.js';

/**
 * One product bought on one order: what the recommender learns from. Any connector's order
 * model (the commerce port's OrderDetail) reduces to these; so does an exported order history.
 */
export interface Purchase {
  customerId: string;
  orderId: string;
  sku: string;
  title: string;
  quantity: number;
  /** Minor units, for showing the price the catalogue last had. */
  unitPriceMinor: number;
  currency: string;
  at: Date;
}

/** The purchases on a customer's orders; cancelled orders did not leave the shop and teach nothing. */
export function purchasesOfOrders(orders: readonly OrderDetail[]): Purchase[] {
  return orders
    .filter((o) => o.status !== 'cancelled')
    .flatMap((o) =>
      o.items
        .filter((i) => i.quantity > 0)
        .map((i) => ({
          customerId: o.owner.customerId,
          orderId: o.id,
          sku: i.sku,
          title: i.title,
          quantity: i.quantity,
          unitPriceMinor: i.unitPrice.minor,
          currency: i.unitPrice.currency,
          at: o.placedAt,
        })),
    );
}
