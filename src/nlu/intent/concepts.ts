/**
 * Domain concepts the intent model sees as features besides raw n-grams. A concept fires
 * for any of its phrasings in either language, so what the model learns from "退款" also
 * applies to "refund" and "money back", and a phrasing absent from the examples still lands
 * on the right concept. Pairs of concepts are features too ("refund" + "not yet" is a
 * refund-status question; "refund" alone is a refund request), which a linear model cannot
 * otherwise express. Patterns match the normalised (lower-case, NFKC) message.
 */
export const concepts: Readonly<Record<string, RegExp>> = {
  order: /订单|单子|这单|那单|下单|下的单|拍的|买的|\b(?:orders?|purchases?|bought|ordered)\b/,
  parcel: /包裹|快递|物流|货|件|\b(?:packages?|parcels?|deliver(?:y|ies)|shipments?|couriers?|box(?:es)?|tracking|stuff)\b/,
  where: /哪|进度|状态|动静|消息|\b(?:where(?:'?s)?|whereabouts|status|update|any news)\b/,
  notYet: /还没|没收到|还不|一直|都没|怎么还|没有到|没动|不动|\b(?:not yet|still|never|haven'?t|hasn'?t|didn'?t|overdue|late|delayed|no sign)\b/,
  arrive: /到了|送到|收到|签收|到货|送达|派送|\b(?:arriv\w*|receiv\w*|recieved|turn(?:ed)? up|signed for|delivered|got it)\b/,
  dispatch: /发货|发出|寄出|出库|揽收|发了|\b(?:ship(?:ped)?|dispatch\w*|sent out|posted|left the warehouse|gone out)\b/,
  cancel: /取消|不要了|不想要了|撤销|撤单|作废|拦截|别发|不买了|撤回|\b(?:cancel\w*|call (?:it|the whole thing) off|scrap|void|withdraw|undo|don'?t (?:send|ship)|back out)\b/,
  modify: /改|修改|更改|加一件|删掉|去掉|\b(?:change|modify|edit|amend|update|correct|fix|add|remove|reduce)\b/,
  address:
    /地址|门牌|小区|楼号|单元|收件人|收货人|改派|寄到|送到.*(?:公司|单位|家)|驿站|\b(?:address|street|postcode|zip|flat|apartment|apt|recipient|redirect|reroute|deliver (?:it )?to|send it to)\b/,
  returnItem: /退货|退回|寄回|退掉|无理由|退了|\b(?:return\w*|send (?:it |this |them )?back|post (?:it )?back)\b/,
  exchange: /换货|换一|换个|换成|换新|调换|补发|补寄|更换|\b(?:exchange\w*|swap|replace\w*|switch (?:it|to)|another one|new one|trade)\b/,
  wrongItem: /发错|错了|不对|少发|漏发|缺了|\b(?:wrong|missing|instead of|incorrect|someone else'?s|got a)\b/,
  sizeColour: /码|尺码|尺寸|颜色|色|大了|小了|偏大|偏小|\b(?:size|sizes|colou?r|small|large|medium|tight|loose|bigger|smaller|fit)\b/,
  damaged: /破|碎|裂|坏的|压坏|划痕|瑕疵|漏|\b(?:broken|cracked|damaged|smashed|scratch\w*|dented|chipped|crushed|defect\w*)\b/,
  refund: /退款|退钱|钱退|退我|退给我|返还|\b(?:refund\w*|money back|reimburs\w*|rebate)\b/,
  money: /钱|款|到账|元|块|¥|\$|\b(?:money|dollars?|account|card|bank|paypal|balance)\b/,
  warranty: /保修|质保|三包|过保|延保|\b(?:warranty|guarantee|covered|coverage)\b/,
  repair: /修|维修|寄修|送修|报修|\b(?:repair\w*|fix(?:ed)?|mend)\b/,
  fault:
    /坏了|故障|失灵|不亮|没反应|不转|不工作|不能用|开不了|充不进|没声音|异响|漏水|死机|重启|\b(?:stopped|won'?t|doesn'?t work|not working|no longer|faulty|broke|error|dead|keeps)\b/,
  shipping: /运费|包邮|邮费|顺丰|快递公司|什么快递|配送|次日达|加急|到付|\b(?:shipping|postage|express|next day|courier|ship to|deliver to|delivery (?:cost|time|options?))\b/,
  duration: /多久|几天|什么时候|多长时间|几号|\b(?:how long|how many days|how soon|when)\b/,
  invoice: /发票|开票|收据|抬头|税号|专票|普票|报销|\b(?:invoice\w*|receipt|vat|bill)\b/,
  payment: /付款|支付|扣款|扣钱|扣了|扣费|付不|付了|转账|花呗|\b(?:pay|paid|payment|paying|charged?|checkout|declined|transaction|billed)\b/,
  twice: /两次|两笔|重复|多扣|\b(?:twice|double|duplicate|two times)\b/,
  price: /价|便宜|优惠|券|折|满减|红包|积分|赠品|\b(?:price|cheaper|discount\w*|coupons?|vouchers?|promo\w*|codes?|deals?|offers?|sale|points)\b/,
  productAttr:
    /材质|兼容|防水|参数|规格|尺寸|重量|容量|说明书|怎么用|怎么安装|正品|现货|有货|适合|支持|\b(?:material|compatible|waterproof|specs?|dimensions|weigh\w*|capacity|manual|set (?:it )?up|genuine|in stock|suitable|support|work with|fit)\b/,
  complaint:
    /投诉|差评|太差|垃圾|失望|敷衍|态度|骗|坑|恶劣|无语|气死|生气|不满|过分|\b(?:complain\w*|terrible|awful|worst|unacceptable|rude|disappoint\w*|ridiculous|appalling|useless|furious|cheated|rip-?off|runaround)\b/,
  human: /人工|真人|客服|经理|主管|负责人|工作人员|电话|\b(?:human|person|agent|representative|manager|supervisor|staff|someone|call me|phone|customer (?:service|support))\b/,
  bot: /机器人|机器|\b(?:bot|robot|machine|ai)\b/,
  greet: /^(?:你好|您好|在吗|在不在|哈喽|嗨|亲)|\b(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))\b/,
  thanks: /谢|感谢|辛苦|麻烦了|\b(?:thanks?|thank you|thx|ty|cheers|appreciate\w*)\b/,
  bye: /再见|拜拜|\b(?:bye|goodbye|see you)\b/,
  ack: /^(?:好的?|嗯+|行|可以了|知道了|明白了|收到|ok|okay|got it|noted|cool|great|perfect)\b/,
  account: /账号|账户|密码|登录|注册|订阅|验证码|推送|会员|\b(?:account|password|log ?in|sign ?up|register\w*|newsletter|subscri\w*|unsubscribe|notifications?)\b/,
};

export const conceptNames = Object.keys(concepts);

export function conceptsOf(normalisedText: string): string[] {
  return conceptNames.filter((name) => concepts[name]!.test(normalisedText));
}
