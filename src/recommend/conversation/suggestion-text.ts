import type { Language } from '../../domain/types.js';
import { formatMoney } from '../../commerce/money.js';
import type { Suggestion } from '../recommender.js';

function reasonText(suggestion: Suggestion, language: Language): string {
  const r = suggestion.reason;
  const zh = language === 'zh';
  switch (r.kind) {
    case 'bought_with':
      return zh ? `常与您买过的「${r.title}」一起购买` : `often bought with your ${r.title}`;
    case 'similar_to':
      return zh ? `与您买过的「${r.title}」相似` : `similar to your ${r.title}`;
    case 'customers_like_you':
      return zh ? `与您购买习惯相近的顾客也买了它` : `customers who order what you do also bought it`;
    case 'bought_before':
      return zh ? `您以前买过` : `you have ordered it before`;
    case 'popular':
      return zh ? `本店近期热销` : `one of our best sellers right now`;
  }
}

/** One short line after the answer: the product, its price, why, and how to say no. */
export function suggestionText(suggestion: Suggestion, language: Language): string {
  const price = formatMoney({ minor: suggestion.unitPriceMinor, currency: suggestion.currency }, language);
  const reason = reasonText(suggestion, language);
  return language === 'zh'
    ? `顺便推荐：${suggestion.title}（${price}），${reason}。不需要推荐请回复「不要推荐」。`
    : `You might also like ${suggestion.title} (${price}): ${reason}. Reply "no recommendations" and I won't suggest anything again.`;
}

export const optOutAcknowledgement = (language: Language): string =>
  language === 'zh'
    ? '好的，本次对话中不会再向您推荐商品。还有什么可以帮您？'
    : "Understood: I won't suggest any products in this conversation. Is there anything else I can help with?";
