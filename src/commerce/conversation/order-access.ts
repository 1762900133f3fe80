import type { CommerceConnector, OrderDetail } from '../../core/commerce.js';
import type { RateLimitRepository } from '../../store/types.js';
import { sameEmail, samePhone } from './order-request.js';

export interface AccessLimits {
  maxAttempts: number;
  windowMs: number;
}

export type AccessResult =
  | { kind: 'granted'; order: OrderDetail }
  /** Unknown order and wrong details look the same from outside: the caller says one thing for both. */
  | { kind: 'denied' }
  | { kind: 'rate_limited' };

/**
 * Identity before data: an order is revealed only to whoever proves it is theirs, with the
 * e-mail or phone on the order, or with a shop customer id the shop linked to their channel
 * identity. Attempts are counted per conversation and per order, so neither guessing many
 * orders from one chat nor one order from many chats gets far.
 */
export class OrderAccess {
  constructor(
    private readonly connector: CommerceConnector,
    private readonly rateLimits: RateLimitRepository,
    private readonly limits: AccessLimits,
  ) {}

  async withContact(conversationId: string, orderId: string, contact: { email: string | null; phone: string | null }): Promise<AccessResult> {
    const keys = [`order-verify:conversation:${conversationId}`, `order-verify:order:${orderId}`];
    const hits = await Promise.all(keys.map((key) => this.rateLimits.hit(key, this.limits.windowMs)));
    if (hits.some((h) => h.hits > this.limits.maxAttempts)) return { kind: 'rate_limited' };
    const order = await this.connector.getOrder(orderId);
    if (!order) return { kind: 'denied' };
    const matches = (contact.email !== null && sameEmail(contact.email, order.owner.email)) || (contact.phone !== null && samePhone(contact.phone, order.owner.phone));
    return matches ? { kind: 'granted', order } : { kind: 'denied' };
  }

  /** A linked shop customer id grants their own orders, without counting an attempt. */
  async withLinkedCustomer(orderId: string, customerId: string): Promise<AccessResult> {
    const order = await this.connector.getOrder(orderId);
    return order && order.owner.customerId === customerId ? { kind: 'granted', order } : { kind: 'denied' };
  }
}
