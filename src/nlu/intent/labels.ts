/**
 * The after-sales intent labels, in one place. Analytics, routing and the prompt all use
 * these ids; adding one means adding it here and giving it examples.
 */
export const intentLabels = {
  order_status: 'Where an order is, tracking, delivery date',
  cancel_order: 'Cancel or change an order before it ships',
  change_address: 'Change the delivery address',
  return_request: 'Send an item back',
  exchange: 'Swap an item for another size, colour or a new unit',
  refund_status: 'Where a refund is, when money arrives',
  refund_policy: 'Whether and how much a refund is given',
  warranty_repair: 'Warranty, repair, faulty item after the return window',
  shipping_info: 'Shipping options, costs and delivery times',
  invoice: 'Invoice, receipt, VAT fapiao',
  payment_problem: 'Charged twice, payment failed, card declined',
  price_protection: 'Coupons, discounts, price drop after purchase',
  product_question: 'Specifications, compatibility, how to use',
  complaint: 'A complaint about service, quality or staff',
  human_request: 'Asks for a human agent',
  greeting: 'Hello, thanks, goodbye',
  other: 'None of the above',
} as const;

export type IntentLabel = keyof typeof intentLabels;

export const allIntentLabels = Object.keys(intentLabels) as IntentLabel[];
