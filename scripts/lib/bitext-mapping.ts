import type { IntentLabel } from '../../src/nlu/intent/labels.js';

/**
 * Bitext's 27 intents onto ours (the table is repeated in src/nlu/intent/examples/README.md).
 * Account, sign-up, newsletter, buying and payment-method questions are not after-sales: they
 * become `other`, which teaches the classifier what a shop's off-topic traffic looks like.
 */
export const bitextToIntent: Record<string, IntentLabel> = {
  track_order: 'order_status',
  cancel_order: 'cancel_order',
  change_order: 'cancel_order',
  // Asking what cancelling costs is a question about cancelling.
  check_cancellation_fee: 'cancel_order',
  change_shipping_address: 'change_address',
  set_up_shipping_address: 'change_address',
  get_refund: 'refund_policy',
  check_refund_policy: 'refund_policy',
  track_refund: 'refund_status',
  // Split by wording in `intentOfBitext`: "when will my item arrive" is about an order.
  delivery_period: 'shipping_info',
  delivery_options: 'shipping_info',
  check_invoice: 'invoice',
  get_invoice: 'invoice',
  payment_issue: 'payment_problem',
  complaint: 'complaint',
  contact_customer_service: 'human_request',
  contact_human_agent: 'human_request',
  check_payment_methods: 'other',
  place_order: 'other',
  review: 'other',
  newsletter_subscription: 'other',
  create_account: 'other',
  delete_account: 'other',
  edit_account: 'other',
  switch_account: 'other',
  recover_password: 'other',
  registration_problems: 'other',
};

/**
 * Most of Bitext's delivery_period utterances ask when *my* item will arrive (an order that
 * exists: `order_status`); the rest ask about delivery times in general (`shipping_info`).
 */
const aboutAnOrder = /\bmy\b|\b(?:item|order|package|parcel|purchase|product|article|shipment|shipoment)s?\b/i;

export function intentOfBitext(bitextIntent: string, text: string): IntentLabel | undefined {
  if (bitextIntent === 'delivery_period') return aboutAnOrder.test(text) ? 'order_status' : 'shipping_info';
  return bitextToIntent[bitextIntent];
}
