import type { Fulfilment, OrderDetail, OrderStatus, Refund, ReturnRequest } from '../../core/commerce.js';
import type { Language } from '../../domain/types.js';
import { formatMoney } from '../money.js';

/**
 * What the bot says about an order, in both languages. Every fact comes from the shop's own
 * record of the order (or the policy passage quoted with it); nothing here is a model's words.
 */

const statusWords: Record<Language, Record<OrderStatus, string>> = {
  en: { paid: 'paid, waiting to be packed', packing: 'being packed', shipped: 'shipped', delivered: 'delivered', cancelled: 'cancelled' },
  zh: { paid: '已付款，等待打包', packing: '正在打包', shipped: '已发货', delivered: '已签收', cancelled: '已取消' },
};

const refundWords: Record<Language, Record<Refund['status'], string>> = {
  en: { pending: 'being processed', issued: 'issued', failed: 'failed' },
  zh: { pending: '处理中', issued: '已退回', failed: '失败' },
};

/** Return reasons are stored in the shop's words (English); a Chinese reply names them in Chinese. */
const reasonsZh: Record<string, string> = {
  Damaged: '商品破损',
  Faulty: '质量问题',
  'Wrong item': '发错货',
  "Doesn't fit": '尺码不合适',
  'Changed my mind': '不想要了',
  'Not stated': '未说明',
};
const reasonIn = (reason: string, language: Language) => (language === 'zh' ? (reasonsZh[reason] ?? reason) : reason);

export function formatDate(date: Date, language: Language): string {
  return new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export function paymentName(order: OrderDetail, language: Language): string {
  const payment = order.payment;
  if (!payment) return language === 'zh' ? '原支付方式' : 'your original payment method';
  if (language === 'zh') return payment.last4 ? `尾号 ${payment.last4} 的 ${payment.method}` : payment.method;
  return payment.last4 ? `your ${payment.method} ending ${payment.last4}` : `your ${payment.method}`;
}

export function itemsLine(order: OrderDetail, language: Language): string {
  const items = order.items.map((i) => `${i.quantity} × ${i.title}`);
  return language === 'zh' ? items.join('；') : items.join(', ');
}

function lastEvent(fulfilment: Fulfilment, language: Language): string | null {
  const event = fulfilment.events.at(-1);
  if (!event) return null;
  const where = event.location ? ` (${event.location})` : '';
  return `${event.description}${where}, ${formatDate(event.at, language)}`;
}

export interface LateNotice {
  /** "no movement for 7 business days". */
  why: string;
  /** The policy's own words for what happens now (the rule's passage). */
  rule: string;
}

export const orderReplies = {
  askIdentity: (orderId: string, language: Language) =>
    language === 'zh'
      ? `为了保护您的订单信息，请发送订单 ${orderId} 下单时使用的邮箱或手机号，我来帮您查询。`
      : `To keep your order details private, please send the e-mail address or phone number used for order ${orderId}, and I'll look it up.`,
  notFound: (orderId: string, language: Language) =>
    language === 'zh'
      ? `没有找到与这些信息匹配的订单 ${orderId}。请核对订单号，以及下单时使用的邮箱或手机号。`
      : `I couldn't find an order ${orderId} with those details. Please check the order number and the e-mail address or phone number used for the order.`,
  tooManyAttempts: (language: Language) =>
    language === 'zh' ? '验证次数过多，请稍后再试，或联系人工客服。' : 'There have been too many attempts to verify this order. Please try again later, or ask for a colleague.',
  unavailable: (language: Language) => (language === 'zh' ? '暂时无法连接订单系统，请稍后再试。' : "I can't reach the order system right now. Please try again in a few minutes."),

  status(order: OrderDetail, language: Language, late: LateNotice | null): string {
    const f = order.fulfilments[0];
    const lines: string[] = [];
    if (language === 'zh') {
      lines.push(`订单 ${order.id}（${formatDate(order.placedAt, language)} 下单，共 ${formatMoney(order.total, language)}）：${statusWords.zh[order.status]}。`);
      lines.push(`商品：${itemsLine(order, language)}。`);
      if (f) {
        lines.push(`快递：${f.carrier}，单号 ${f.trackingNumber}。`);
        const event = lastEvent(f, language);
        if (event) lines.push(`最新物流：${event}。`);
        if (f.trackingUrl) lines.push(`物流链接：${f.trackingUrl}`);
      } else if (order.status !== 'cancelled') lines.push('尚未发货，发货后会有快递单号。');
      if (late) lines.push(`这个包裹已经延误（${late.why}）。按照我们的政策：${late.rule}`);
    } else {
      lines.push(`Order ${order.id} (placed ${formatDate(order.placedAt, language)}, ${formatMoney(order.total, language)}) is ${statusWords.en[order.status]}.`);
      lines.push(`Items: ${itemsLine(order, language)}.`);
      if (f) {
        lines.push(`Carrier: ${f.carrier}, tracking number ${f.trackingNumber}.`);
        const event = lastEvent(f, language);
        if (event) lines.push(`Last tracking event: ${event}.`);
        if (f.trackingUrl) lines.push(`Tracking link: ${f.trackingUrl}`);
      } else if (order.status !== 'cancelled') lines.push('It has not shipped yet; you will get a tracking number when it does.');
      if (late) lines.push(`This parcel is late (${late.why}). Our policy says: ${late.rule}`);
    }
    return lines.join(language === 'zh' ? '' : '\n');
  },

  lateWhy(kind: 'no_movement' | 'not_arrived', businessDays: number, language: Language): string {
    if (language === 'zh') return kind === 'no_movement' ? `物流已连续 ${businessDays} 个工作日没有更新` : `发货已 ${businessDays} 个工作日仍未送达`;
    return kind === 'no_movement' ? `no tracking movement for ${businessDays} business days` : `not delivered ${businessDays} business days after shipping`;
  },

  proposeCancel: (order: OrderDetail, language: Language) =>
    language === 'zh'
      ? `我将取消订单 ${order.id}，并把 ${formatMoney(order.total, language)} 退回到${paymentName(order, language)}。确认请回复「确认」，不需要请回复「不要」。`
      : `I will cancel order ${order.id} and refund ${formatMoney(order.total, language)} to ${paymentName(order, language)}. Reply "yes" to confirm, or "no" to keep the order.`,
  proposeReturn: (order: OrderDetail, items: ReturnRequest['items'], reason: string, language: Language) =>
    language === 'zh'
      ? `我将为订单 ${order.id} 提交退货申请：${items.map((i) => `${i.quantity} × ${i.title}`).join('；')}，原因：${reasonIn(reason, language)}。确认请回复「确认」，不需要请回复「不要」。`
      : `I will create a return request for order ${order.id}: ${items.map((i) => `${i.quantity} × ${i.title}`).join(', ')}, reason: ${reason}. Reply "yes" to confirm, or "no" to leave it.`,
  cannotCancel: (order: OrderDetail, language: Language) =>
    language === 'zh'
      ? `订单 ${order.id} ${statusWords.zh[order.status]}，已经不能取消。`
      : `Order ${order.id} is ${statusWords.en[order.status]}, so it can no longer be cancelled.`,
  cannotReturn: (order: OrderDetail, language: Language) =>
    language === 'zh'
      ? `订单 ${order.id} ${statusWords.zh[order.status]}，签收后才能申请退货。`
      : `Order ${order.id} is ${statusWords.en[order.status]}; a return can be requested once it has been delivered.`,
  declined: (language: Language) => (language === 'zh' ? '好的，订单保持不变。' : "OK, I haven't changed anything."),
  staffApproval: (description: string, language: Language) =>
    language === 'zh'
      ? `我已为同事准备好这个操作：${description}。同事批准后会立即执行，并通知您结果。`
      : `I've prepared this for a colleague to approve: ${description}. Once they approve it, it is done and you will hear the result.`,
  actionDone: (detail: string, language: Language) => (language === 'zh' ? `订单系统已确认：${detail}` : `The shop's order system confirms: ${detail}`),
  actionFailed: (detail: string, language: Language) =>
    language === 'zh' ? `订单系统没有执行这个操作：${detail}。订单没有改变。` : `The shop's order system did not do this: ${detail}. Nothing has changed.`,
  cancelled: (order: OrderDetail, refund: Refund | undefined, language: Language) => {
    if (language === 'zh') {
      return `订单 ${order.id} 已取消。${refund ? `退款 ${formatMoney(refund.amount, language)} 将退回到${paymentName(order, language)}，状态：${refundWords.zh[refund.status]}${refund.reference ? `，退款编号 ${refund.reference}` : ''}。` : ''}`;
    }
    return `order ${order.id} is cancelled.${refund ? ` A refund of ${formatMoney(refund.amount, language)} to ${paymentName(order, language)} is ${refundWords.en[refund.status]}${refund.reference ? ` (reference ${refund.reference})` : ''}.` : ''}`;
  },
  returnCreated: (request: ReturnRequest, language: Language) =>
    language === 'zh'
      ? `退货申请 ${request.id} 已提交：${request.items.map((i) => `${i.quantity} × ${i.title}`).join('；')}，原因：${reasonIn(request.reason, language)}。`
      : `return request ${request.id} is open for ${request.items.map((i) => `${i.quantity} × ${i.title}`).join(', ')}, reason: ${request.reason}.`,
  refunds(order: OrderDetail, refunds: readonly Refund[], language: Language): string {
    if (refunds.length === 0) {
      return language === 'zh' ? `订单 ${order.id} 目前没有退款记录。` : `There is no refund on order ${order.id} yet.`;
    }
    const each = refunds.map((r) =>
      language === 'zh'
        ? `${formatMoney(r.amount, language)}（${formatDate(r.createdAt, language)}）：${refundWords.zh[r.status]}${r.reference ? `，退款编号 ${r.reference}` : ''}`
        : `${formatMoney(r.amount, language)} on ${formatDate(r.createdAt, language)}: ${refundWords.en[r.status]}${r.reference ? ` (reference ${r.reference})` : ''}`,
    );
    return language === 'zh' ? `订单 ${order.id} 的退款：${each.join('；')}。` : `Refunds on order ${order.id}: ${each.join('; ')}.`;
  },
};
