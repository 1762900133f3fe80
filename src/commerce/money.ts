import type { Language } from '../domain/types.js';
import type { Money } from '../core/commerce.js';

/** "£54.90" in either language: a currency symbol reads the same to both. */
export function formatMoney(money: Money, language: Language): string {
  return new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en-GB', { style: 'currency', currency: money.currency }).format(money.minor / 100);
}
