import { z } from 'zod';

const optionalSecret = z.string().min(1).optional();
const days = z.coerce.number().int().min(1).max(90);

/**
 * The shop's own system (orders, cancellations, returns, refunds): which connector, how an
 * order is protected, and which actions need staff. `demo` is the built-in demo shop.
 */
export const shopSettings = {
  SHOP_CONNECTOR: z.enum(['demo', 'shopify', 'woocommerce', 'none']).default('demo'),
  /** Refunds above this amount (major units of the shop's currency) go to staff to approve. */
  SHOP_REFUND_APPROVAL_ABOVE: z.coerce.number().min(0).default(100),
  SHOP_VERIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  SHOP_VERIFY_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  SHOP_LATE_NO_MOVEMENT_DAYS: days.default(5),
  SHOP_LATE_AFTER_SHIPPING_DAYS: days.default(10),
  SHOP_LATE_RULE_SECTIONS: z.string().min(1).default('Late or lost parcels|快递延误或丢件'),
  SHOP_IDENTITY_SECRET: optionalSecret,
  /** How often the demo shop's tracking is checked for parcels that became late (0 = never). */
  SHOP_DEMO_EVENTS_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),
  SHOPIFY_SHOP_DOMAIN: z.string().min(1).optional(),
  SHOPIFY_ADMIN_URL: z.url().optional(),
  SHOPIFY_ADMIN_TOKEN: optionalSecret,
  SHOPIFY_API_VERSION: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .default('2025-07'),
  SHOPIFY_WEBHOOK_SECRET: optionalSecret,
  WOOCOMMERCE_URL: z.url().optional(),
  WOOCOMMERCE_CONSUMER_KEY: optionalSecret,
  WOOCOMMERCE_CONSUMER_SECRET: optionalSecret,
  WOOCOMMERCE_WEBHOOK_SECRET: optionalSecret,
};

export const shopSecretKeys = [
  'SHOP_IDENTITY_SECRET',
  'SHOPIFY_ADMIN_TOKEN',
  'SHOPIFY_WEBHOOK_SECRET',
  'WOOCOMMERCE_CONSUMER_KEY',
  'WOOCOMMERCE_CONSUMER_SECRET',
  'WOOCOMMERCE_WEBHOOK_SECRET',
] as const;
