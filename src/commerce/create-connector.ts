import type { Config } from '../config/schema.js';
import type { CommerceConnector } from '../core/commerce.js';
import type { Logger } from '../logger.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { DemoShop } from './demo-shop/demo-shop.js';

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
    default:
      throw new Error(`SHOP_CONNECTOR=${config.SHOP_CONNECTOR} is not available in this build`);
  }
}
