/**
 * The after-sales intent labels, in one place. Analytics, routing, retrieval hints, the LLM
 * classification prompt and the reply prompt all use these ids; adding one means adding it
 * here (both languages), giving it examples in `examples/`, and a retrieval hint.
 *
 * Each description says where the label ends, because that is where people (and models)
 * disagree: "I want my money back" is `refund_policy` (asking for a refund), "where is my
 * money" is `refund_status`; "it broke after two months" is `warranty_repair`, "it arrived
 * broken, send another" is `exchange`; "how long does shipping take" is `shipping_info`, "my
 * parcel has not arrived" is `order_status`.
 */
export const intentLabels = {
  order_status: 'Where an existing order or parcel is: tracking, not arrived yet, late, lost, marked delivered but not received, when it will ship',
  cancel_order: 'Cancel an order, or change its items, quantity or options before it ships; cancellation fees',
  change_address: 'Change, correct or set the delivery address or recipient details of an order',
  return_request: 'Send an item back: how to return, return window, return label and return shipping, no-reason returns',
  exchange: 'Swap an item for another size, colour or model, or for a new unit because it arrived wrong or damaged',
  refund_status: 'Where a refund already agreed or started is, when the money arrives, refund not received',
  refund_policy: 'Asking for a refund or money back: whether one is given, how much, how to get it, refund without return',
  warranty_repair: 'Warranty cover and period, repair, an item that stopped working or became faulty in use',
  shipping_info: "Shipping options, costs, couriers, destinations and delivery times in general (not one order's whereabouts)",
  invoice: 'Invoice, receipt, bill or VAT fapiao: getting one, correcting it, company details on it',
  payment_problem: 'A payment that went wrong: charged twice, payment failed or declined, paid but shown unpaid, unexpected charge',
  price_protection: 'Coupons, discount codes, promotions, price dropped after purchase and refunding the difference',
  product_question: 'About a product itself: specifications, size, material, compatibility, how to use, stock, authenticity',
  complaint: 'Dissatisfaction with the service, staff, courier, quality or the handling of a case; demands for compensation',
  human_request: "Asks for a human agent, customer service, a manager, or how to contact the shop's staff",
  greeting: 'Social turns with no request: hello, are you there, thanks, goodbye, ok',
  other: 'Anything else: accounts and passwords, newsletters, placing a new order, payment methods, reviews, chit-chat, unclear text',
} as const;

export type IntentLabel = keyof typeof intentLabels;

/** The same labels described in Chinese, for Chinese prompts and staff tools. */
export const intentLabelsZh: Record<IntentLabel, string> = {
  order_status: '已有订单或包裹在哪里：物流查询、还没到、延误、丢件、显示签收但没收到、什么时候发货',
  cancel_order: '取消订单，或在发货前修改订单的商品、数量、规格；取消费用',
  change_address: '修改、更正或填写订单的收货地址、收件人信息',
  return_request: '把商品退回：怎么退货、退货期限、退货运单和运费、七天无理由退货',
  exchange: '换成别的尺码、颜色、型号，或因发错货、收到破损而换新',
  refund_status: '已申请或已同意的退款到哪一步了、什么时候到账、退款没收到',
  refund_policy: '要求退款或退钱：能不能退、退多少、怎么退、仅退款',
  warranty_repair: '保修范围和期限、维修、商品使用中坏了或出故障',
  shipping_info: '配送方式、运费、快递公司、能否送到某地、一般的配送时间（不是某个订单的物流）',
  invoice: '发票、收据、账单：开票、改票、抬头和税号',
  payment_problem: '支付出了问题：重复扣款、支付失败、付了款却显示未付款、莫名扣费',
  price_protection: '优惠券、优惠码、活动优惠、买后降价、补差价',
  product_question: '商品本身：参数、尺码、材质、兼容性、使用方法、库存、真伪',
  complaint: '对服务、客服、快递、质量或处理方式不满；要求赔偿',
  human_request: '要求人工客服、真人、经理，或询问怎么联系客服',
  greeting: '没有具体诉求的寒暄：你好、在吗、谢谢、再见、好的',
  other: '其他：账号和密码、订阅、下新订单、支付方式、评价、闲聊、看不懂的内容',
};

export const allIntentLabels = Object.keys(intentLabels) as IntentLabel[];

export function isIntentLabel(value: unknown): value is IntentLabel {
  return typeof value === 'string' && Object.hasOwn(intentLabels, value);
}
