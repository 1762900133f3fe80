import { ConfigError } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import type { CommerceConnector } from '../core/commerce.js';
import type { Logger } from '../logger.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { DemoShop } from './demo-shop/demo-shop.js';
import { ShopifyGraphqlClient } from './shopify/graphql-client.js';
import { ShopifyConnector } from './shopify/shopify-connector.js';
import { WooCommerceConnector } from './woocommerce/woocommerce-connector.js';

/** The connector SHOP_CONNECTOR names, or null for `none` (the bot answers from policy only). */
export function createCommerceConnector(config: Config, db: SqliteDatabase, logger: Logger): CommerceConnector | null {
  switch (config.SHOP_CONNECTOR) {
    case 'none':
      return null;
    case 'demo': {
      const { shop, seeded } = DemoShop.open(db);
      if (seeded > 0) logger.info({ orders: seeded }, 'demo shop seeded (try `aftercare shop orders --limit 5`)');
      return shop;
    }
    case 'shopify': {
      const domain = config.SHOPIFY_SHOP_DOMAIN;
      if (!domain || !config.SHOPIFY_ADMIN_TOKEN) throw new ConfigError(['SHOP_CONNECTOR=shopify needs SHOPIFY_SHOP_DOMAIN and SHOPIFY_ADMIN_TOKEN']);
      const client = new ShopifyGraphqlClient({
        baseUrl: config.SHOPIFY_ADMIN_URL ?? `https://${domain}`,
        accessToken: config.SHOPIFY_ADMIN_TOKEN,
        apiVersion: config.SHOPIFY_API_VERSION,
        logger,
      });
      return new ShopifyConnector(client, domain);
    }
    case 'woocommerce': {
      const { WOOCOMMERCE_URL: url, WOOCOMMERCE_CONSUMER_KEY: key, WOOCOMMERCE_CONSUMER_SECRET: secret } = config;
      if (!url || !key || !secret) throw new ConfigError(['SHOP_CONNECTOR=woocommerce needs WOOCOMMERCE_URL, WOOCOMMERCE_CONSUMER_KEY and WOOCOMMERCE_CONSUMER_SECRET']);
      return new WooCommerceConnector({ baseUrl: url, consumerKey: key, consumerSecret: secret, logger });
    }
  }
}
