/**
 * Phrase patterns behind each escalation reason; each match is quoted as evidence. English
 * patterns are case-insensitive and word-bounded; Chinese ones are substrings, guarded where
 * a common word contains them (操作, 烟灰色, 火速).
 */
export const humanRequestPatterns: readonly RegExp[] = [
  /转[^，。！？,.!?\s]{0,3}人工|人工客服|人工服务|人工坐席|找人工|要人工|接人工|转接人工|真人客服|找真人|要真人|有活人吗|有没有活人|找活人|人工[!！]|^\s*人工\s*$|客服经理|找(?:你们)?(?:的)?(?:领导|经理|主管|负责人)|叫(?:你们)?(?:的)?(?:领导|经理|主管)|有没有人工|给我打电话|打电话给我|电话联系我|客服电话(?:是)?多少/,
  /\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|your\s+|the\s+)?(?:real\s+|actual\s+|live\s+)?(?:human|person|agent|someone|somebody|representative|rep|manager|supervisor|staff|operator|people)\b/i,
  /\b(?:real|live|actual)\s+(?:person|human|agent|people)\b/i,
  /\b(?:agent|human|operator|representative|rep)\s*(?:please|pls|plz|now)\b|^\s*(?:agent|human|operator|representative)\s*[.!]*\s*$/i,
  /\b(?:connect|transfer|put)\s+me\s+(?:to|through|with)\b|\bget\s+me\s+(?:a\s+|an\s+|your\s+)?(?:human|manager|supervisor|person|agent)\b/i,
  /\b(?:i\s+(?:want|need|demand)|let\s+me\s+(?:talk|speak))\s+(?:to\s+)?(?:talk|speak)?\s*(?:to\s+)?(?:a\s+|an\s+|your\s+)?(?:human|manager|supervisor|agent|person)\b/i,
  /\bstop\s+(?:the\s+)?bot\b|\bnot\s+(?:a|another|this)\s+(?:bot|robot|machine)\b|\bno\s+more\s+bots?\b/i,
  /\b(?:please\s+)?call\s+me\s+(?:back|asap|now|please)\b|\bcan\s+(?:someone|somebody|you)\s+(?:please\s+)?call\s+me\b|\bphone\s+number\s+(?:for|of)\s+(?:your\s+)?(?:support|customer\s+service)\b/i,
  /\b(?:is|are)\s+there\s+(?:a\s+|any\s+)?(?:real\s+)?(?:human|person|people|agent)s?\b/i,
];

/** A request for a human that is turned down in the same breath: "不用转人工", "no need for an agent". */
export const declinedHumanPatterns: readonly RegExp[] = [
  /(?:不用|不需要|不要|无需|别|不必)(?:帮我)?(?:转|找|接)?(?:人工|真人|客服经理)/,
  /\b(?:no\s+need|don't\s+need|do\s+not\s+need|don't\s+want|do\s+not\s+want|without)\s+(?:for\s+|to\s+)?(?:a\s+|an\s+)?(?:talk\s+to\s+|speak\s+to\s+)?(?:a\s+|an\s+)?(?:human|agent|person|representative|manager)\b/i,
];

export const threatPatterns: readonly RegExp[] = [
  /12315|12345热线|消协|消费者协会|工商局|工商部门|市场监管|监管部门|报警|警察|打110|报110|起诉|律师|法院|打官司|法律途径|告你们|告到|曝光|找媒体|找记者|发(?:到)?(?:微博|抖音|小红书|朋友圈)|挂(?:到)?(?:网上|微博|小红书)|投诉|举报|拒付|信用卡争议|银行争议|差评伺候|给(?:你们)?(?:个)?差评|打差评|就(?:给)?差评/,
  /\b(?:charge\s*back|chargeback|dispute\s+(?:the|this|my)\s+(?:charge|payment|transaction)|lawyers?|attorney|solicitor|sue|suing|lawsuit|court|legal\s+action|police|trading\s+standards|better\s+business\s+bureau|bbb|ftc|consumer\s+protection|ombudsman|report\s+you|small\s+claims|file\s+a\s+(?:formal\s+)?complaint|formal\s+complaint|go\s+to\s+the\s+press)\b/i,
  /\b(?:post|share|put|expose|tell)\w*\b[^.!?]{0,40}\b(?:social\s+media|twitter|facebook|instagram|tiktok|reddit|everyone)\b|\b(?:leave|leaving|write|writing|give|giving|post|posting)\s+(?:you\s+)?(?:a\s+|an\s+)?(?:bad|negative|terrible|1[-\s]?star|one[-\s]?star)\s+review/i,
];

export const highRiskPatterns: readonly RegExp[] = [
  /冒烟|冒黑烟|着火|起火|失火|燃烧|爆炸|炸了|自燃|烧焦|烧糊味|焦味|烧坏|烫伤|烧伤|烫手|受伤|伤到|割伤|划伤|流血|触电|漏电|电到|过敏|中毒|窒息|误吞|吞下|鼓包|发霉|变质|送医|住院|医院|火花|漏气|煤气/,
  /\b(?:smok(?:e|ed|ing|ey)|on\s+fire|caught\s+fire|catch(?:es)?\s+fire|fire\s+hazard|flames?|burn(?:t|ed|ing|s)?|scorch(?:ed)?|explod(?:e|ed|ing|es)|explosion|injur(?:y|ed|ies)|hurt\s+(?:myself|me|my|him|her|them)|cut\s+(?:myself|my)|electric(?:al)?\s+shock|shocked\s+me|got\s+shocked|sparks?|sparking|melt(?:ed|ing)|overheat(?:ed|ing|s)?|too\s+hot\s+to\s+touch|swollen\s+battery|battery\s+(?:swell(?:ed|ing)?|bulg(?:ed|ing))|allergic\s+reaction|rash|poison(?:ed|ing)?|food\s+poisoning|choking|choked|swallowed|bleeding|hospital|emergency\s+room|gas\s+leak|mou?ldy|mou?ld\s+(?:on|in|growing|all\s+over))\b/i,
  /盗刷|被盗|账号被盗|账户被盗|被人登录|不是我(?:本人)?(?:买|下单|付款)|泄露(?:了)?(?:我的)?(?:个人)?信息/,
  /\b(?:charge|charged|payment|transaction|order)s?\b[^.!?]{0,50}\b(?:i|we)\s+(?:never|didn't|did\s+not)\s+(?:make|made|place|placed|authori[sz]e|authori[sz]ed)\b|\b(?:unauthori[sz]ed\s+(?:charge|payment|transaction|purchase|order)|didn't\s+(?:make|place|authori[sz]e)\s+(?:this|that|these)\s+(?:order|purchase|payment)|account\s+(?:was\s+|got\s+|has\s+been\s+)?(?:hacked|compromised)|identity\s+theft|stolen\s+card|data\s+(?:breach|leak))\b/i,
];

/** Product names and colours that contain a hazard word but are not one. */
export const highRiskFalseFriends: readonly RegExp[] = [
  /\bsmoke\s*(?:gr[ae]y|black|blue|detectors?|alarms?)\b|\bfire\s*(?:tv|tablet|stick|hd|extinguishers?|blankets?|alarms?)\b|\bkindle\s+fire\b|\bburn(?:ing)?\s+(?:a\s+)?(?:cd|dvd|disc)s?\b|\bflame\s+(?:red|orange)\b|\bfirewall\b|\bsparkl\w*/i,
  /烟灰色|烟熏色|火速|火爆|上火|红火|火锅|烟雾报警器|灭火器|医院?用品/,
];

/** The customer says the bot is not helping: a failure to answer as plain as a string of "no answer"s. */
export const botFailurePatterns: readonly RegExp[] = [
  /答非所问|没回答我的问题|没有回答我的问题|不回答我的问题|听不懂(?:人话|我说的|吗)|看不懂(?:人话|我说的)|说了等于没说|问了也白问|你是机器人吧|(?:破|傻|笨|蠢|垃圾|人工智障|没用的)机器人|机器人(?:回复|回答)(?:没用|有什么用)|自动回复(?:有什么用|没用)|一直(?:重复|复制粘贴)(?:同样的|一样的)?(?:话|回复|内容)/,
  /\b(?:you\s+(?:didn't|did\s+not|don't|do\s+not|never)\s+(?:answer|understand|read)|(?:that|this)\s+(?:doesn't|does\s+not|didn't)\s+(?:answer|help)|not\s+what\s+i\s+asked|answer\s+my\s+(?:question|actual\s+question)|useless\s+(?:bot|robot|chatbot|ai|machine)|(?:stupid|dumb|pointless)\s+(?:bot|robot|chatbot|ai)|same\s+(?:canned|copy[-\s]?paste|automated|useless)\s+(?:answer|reply|response)|you(?:'re|\s+are)\s+(?:just\s+)?(?:a\s+)?(?:bot|robot)|going\s+(?:round|around)\s+in\s+circles)\b/i,
];

/** Too short or too generic to count as "the same question again". */
export const notARepeat = /^(?:hi|hello|hey|ok|okay|yes|no|thanks|thank you|thx|\?+|在吗|在不在|你好|您好|还在吗|好的|谢谢|嗯|哦|人呢|有人吗)$/i;

/** A report of physical danger (smoke, fire, injury), as opposed to fraud: the high-risk patterns about harm, false friends removed. */
export function isPhysicalHazard(text: string): boolean {
  const cleaned = highRiskFalseFriends.reduce((rest, pattern) => rest.replace(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`), ' '), text);
  return highRiskPatterns.slice(0, 2).some((pattern) => pattern.test(cleaned));
}
