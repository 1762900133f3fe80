import type { IntentResult } from '../../domain/types.js';
import type { IntentClassifier, IntentInput } from './classifier.js';
import { extractEntities } from './entities.js';
import type { IntentLabel } from './labels.js';

/**
 * The first intent recogniser, kept as the baseline `npm run eval:intent` compares against and
 * as `INTENT_CLASSIFIER=keyword`. Ordered: the first rule that matches wins, so specific
 * intents come before broad ones.
 */
const rules: ReadonlyArray<[IntentLabel, RegExp]> = [
  ['human_request', /转人工|人工客服|真人|找人工|人工服务|\b(?:human|real person|agent|representative|operator|someone real)\b/i],
  ['payment_problem', /扣了两次|重复扣款|扣款|支付失败|付款失败|付不了款|\b(?:charged twice|double charged|payment (?:failed|declined|error)|card (?:was )?declined)\b/i],
  [
    'refund_status',
    /退款.*(?:到账|进度|多久|什么时候|还没|没收到)|(?:钱|款).*(?:还没|没)(?:到|退)|\b(?:where is my refund|refund (?:status|yet)|(?:haven'?t|not) (?:received|got(?:ten)?) (?:my|the) refund|refund (?:take|arrive)|money back yet)\b/i,
  ],
  ['exchange', /换货|换一个|换个|换尺码|换颜色|换新|\b(?:exchange|swap|replace(?:ment)?|different size)\b/i],
  ['return_request', /退货|退回|寄回|退掉|无理由|\b(?:return|send (?:it )?back)\b/i],
  ['refund_policy', /退款|退钱|\b(?:refund|money back)\b/i],
  ['warranty_repair', /保修|维修|质保|修理|坏了|故障|\b(?:warranty|repair|broken|faulty|defect(?:ive)?|stopped working|doesn'?t work)\b/i],
  ['cancel_order', /取消订单|取消.*单|不想要了|改订单|\b(?:cancel|change (?:my )?order)\b/i],
  ['change_address', /改地址|修改地址|地址.*(?:错|改|换)|\b(?:change (?:the |my )?(?:shipping |delivery )?address|wrong address)\b/i],
  [
    'order_status',
    /物流|快递.*(?:到|哪)|(?:订单|包裹|货).*(?:哪|到了|没到|还没|状态|进度)|发货了吗|什么时候(?:发货|到)|单号|\b(?:where(?:'s| is) my (?:order|package|parcel)|track(?:ing)?|order status|(?:hasn'?t|not|never) (?:arrived|come|shown up)|(?:parcel|package|order|delivery) (?:is |was )?(?:late|delayed|lost)|delivery status)\b/i,
  ],
  ['shipping_info', /运费|包邮|配送|邮费|几天能到|发什么快递|\b(?:shipping|delivery (?:time|options?|cost)|how long (?:does|will) (?:it )?take to (?:arrive|ship)|postage)\b/i],
  ['invoice', /发票|开票|收据|\b(?:invoice|receipt|vat|billing document)\b/i],
  ['price_protection', /价保|降价|优惠券|差价|\b(?:price (?:drop|protection|match)|coupon|discount|promo code|cheaper now)\b/i],
  ['complaint', /投诉|差评|不满|态度差|\b(?:complain(?:t)?|unacceptable|terrible service|worst)\b/i],
  ['greeting', /^(?:你好|您好|在吗|哈喽|嗨|谢谢|感谢|再见|好的谢谢)[!！。.？?~]*$|^(?:hi|hello|hey|thanks|thank you|bye|good (?:morning|afternoon|evening))\b[\s!.,]*$/i],
  ['product_question', /规格|尺寸|参数|兼容|怎么用|支持.*吗|\b(?:spec(?:ification)?s?|compatible|how (?:do|to) (?:i )?use|does it (?:support|work with))\b/i],
];

export class KeywordIntentClassifier implements IntentClassifier {
  readonly name = 'keyword-rules-v1';

  async classify({ text }: IntentInput): Promise<IntentResult> {
    const entities = extractEntities(text);
    for (const [label, pattern] of rules) {
      if (pattern.test(text)) return { label, confidence: 0.6, entities, source: this.name };
    }
    return { label: 'other', confidence: 0.2, entities, source: this.name };
  }
}
