/**
 * Phrase patterns behind each escalation reason; each match is quoted as evidence. English
 * patterns are case-insensitive and word-bounded; Chinese ones are substrings, guarded where
 * a common word contains them (操作, 烟灰色, 火速).
 */
export const humanRequestPatterns: readonly RegExp[] = [
  /转[^，。！？,.!?\s]{0,3}人工|人工客服|人工服务|人工坐席|找人工|要人工|接人工|转接人工|真人客服|找真人|找个真人|要真人|要个真人|不想跟机器人|不要机器人|有活人吗|有没有活人|找活人|人工[!！]|^\s*人工\s*$|客服经理|找(?:你们)?(?:的)?(?:领导|经理|主管|负责人)|叫(?:你们)?(?:的)?(?:领导|经理|主管)|有没有人工|(?<!客服|有人|他|她|们)给我打电话|(?<!客服|有人|他|她|们)打电话给我|电话联系我|客服电话(?:是)?多少|叫个人|来个人|找个(?:真)?人(?:来|跟我|和我)|人工人工|需要人工|工作人员(?:给我|联系我|跟我)|(?:给我)?回个电话|回电话给我|给我回(?:个)?电话|值班经理|经理(?:跟|和|与)我(?:沟通|联系|说)/,
  /\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|your\s+|the\s+)?(?:real\s+|actual\s+|live\s+)?(?:human|person|agent|someone|somebody|representative|rep|manager|supervisor|staff|operator|people)\b/i,
  /\b(?:real|live|actual)\s+(?:person|human|agent|people)\b/i,
  /\b(?:agent|human|operator|representative|rep)\s*(?:please|pls|plz|now)\b|^\s*(?:agent|human|operator|representative)\s*[.!]*\s*$/i,
  /\b(?:connect|transfer|put)\s+me\s+(?:to|through|with)\b|\bget\s+me\s+(?:a\s+|an\s+|your\s+)?(?:human|manager|supervisor|person|agent)\b/i,
  /\b(?:i\s+(?:want|need|demand)|let\s+me\s+(?:talk|speak))\s+(?:to\s+)?(?:talk|speak)?\s*(?:to\s+)?(?:a\s+|an\s+|your\s+)?(?:human|manager|supervisor|agent|person)\b/i,
  // "I'm not a bot either" is the customer speaking of themselves.
  /\bstop\s+(?:the\s+)?bot\b|(?<!\b(?:i'm|i\s+am|im)\s+)\bnot\s+(?:a|another|this)\s+(?:bot|robot|machine)\b|\bno\s+more\s+bots?\b/i,
  /\b(?:please\s+)?call\s+me\s+(?:back|asap|now|please)\b|\bcan\s+(?:someone|somebody|you)\s+(?:please\s+)?call\s+me\b|\bphone\s+number\s+(?:for|of)\s+(?:your\s+)?(?:support|customer\s+service)\b/i,
  /\b(?:is|are)\s+there\s+(?:a\s+|any\s+)?(?:real\s+)?(?:human|person|people|agent)s?\b/i,
  /\b(?:give\s+me\s+a\s+(?:call|ring)|(?:a\s+)?(?:phone\s+)?number\s+i\s+can\s+(?:call|ring)|can\s+i\s+(?:call|phone|ring)\s+(?:you|someone|somebody|your\s+team)|arrange\s+a\s+(?:call|phone\s+call)|request\s+a\s+call\s*back)\b/i,
  /\b(?:somebody|someone|you|a person|an agent|a colleague)\s+(?:please\s+)?(?:phone|ring|call)\s+me\b|\b(?:could|can|may)\s+i\s+(?:please\s+)?(?:have|get)\s+(?:a|an)\s+(?:human|person|agent|call\s*back)\b/i,
];

/** A request for a human that is turned down in the same breath: "不用转人工", "no need for an agent". */
export const declinedHumanPatterns: readonly RegExp[] = [
  /(?:不用|不需要|不要|无需|别|不必)(?:帮我)?(?:转|找|接)?(?:人工|真人|客服经理)/,
  /\b(?:no\s+need|don't\s+need|do\s+not\s+need|don't\s+want|do\s+not\s+want|without)\s+(?:for\s+|to\s+)?(?:a\s+|an\s+)?(?:talk\s+to\s+|speak\s+to\s+)?(?:a\s+|an\s+)?(?:human|agent|person|representative|manager|call\s*back|phone\s+call)\b/i,
];

export const threatPatterns: readonly RegExp[] = [
  /12315|12345热线|315平台|消协|消费者协会|工商局|工商部门|市场监管|监管(?:部门|局)|报警(?!器)|警察|打110|报110|起诉|律师(?!事务所)|(?<!在)法院(?!上班|工作)|打官司|小额诉讼|仲裁|法律途径|走法律|告你们|告到|曝光|爆料|避雷|找媒体|(?<!自)媒体(?!账号)|电视台|记者|发(?:到)?(?:微博|抖音|小红书|朋友圈|业主群|群里)|挂(?:到)?(?:网上|微博|小红书)|(?:在|到)(?:微博|小红书|抖音|朋友圈|网上)(?:上)?(?:曝光|发帖|说道|挂)|@你们(?:官方)?|黑猫投诉|(?:去|要|会|就|准备|打算|必须|一定|马上|立刻|只能)[^，。！？,.!?]{0,8}(?:投诉|举报)|投诉(?:你们|你家|到)|举报(?:你们|你家)|拒付|发卡行|信用卡(?:争议|中心|那边|公司)|银行(?:争议|申诉|那边)|(?:向|找)银行|(?:支付宝|平台|淘宝|京东|拼多多)(?:客服)?(?:介入|投诉)|申请(?:平台|小二)?介入|差评伺候|给(?:你们)?(?:个)?差评|打差评|就(?:给)?差评|先给(?:个)?差评|(?:留|写|发|刷)(?:个|一个|一堆)?差评|差评(?:走起|等着)|维权|走法律(?:程序|途径)?|法律手段|告上法庭|律师函|报社|(?:发帖|发视频|开直播)(?:曝光|让大家)|让(?:大家|所有人|更多人)(?:都)?(?:看看|知道)/,
  /\b(?:charge\s*backs?|chargeback|dispute\s+(?:the|this|my|a)\s+(?:charge|payment|transaction)|disput(?:e|ing)\s+(?:it|this|the order)|lawyers?|attorney|solicitor|sue|suing|lawsuit|court|legal\s+action|police|trading\s+standards|better\s+business\s+bureau|bbb|ftc|consumer\s+(?:protection|rights\s+(?:agency|body|group))|ombudsman|accc|report\s+you|small\s+claims|file\s+a\s+(?:formal\s+)?complaint|filing\s+a\s+(?:formal\s+)?complaint|formal\s+complaint|go\s+to\s+the\s+(?:press|media|papers)|journalists?|reporters?|newspaper|local\s+paper|the\s+media|watchdog|regulator|take\s+(?:you|this|it)\s+to\s+court|see\s+you\s+in\s+court|legal\s+(?:advice|route|proceedings|letter)|letter\s+before\s+action|citizens\s+advice|consumer\s+(?:council|advice|watchdog|ombudsman)|report(?:ing)?\s+(?:you|this|your\s+(?:company|shop|store|business))\s+to|go(?:ing)?\s+public|warn\s+(?:my|other)\s+(?:friends|followers|customers|buyers)|tell\s+(?:all\s+)?my\s+(?:friends|followers))\b/i,
  /\b(?:disput(?:e|ing)|revers(?:e|ing)|contest(?:ing)?|claw(?:ing)?\s+back|cancel(?:ling)?\s+the\s+payment)\b[^.!?]{0,30}\b(?:charge|payment|transaction)\b|\b(?:rais(?:e|ing)|fil(?:e|ing)|open(?:ing)?|start(?:ing)?|lodg(?:e|ing))\s+(?:a\s+)?(?:payment\s+|card\s+)?(?:dispute|chargeback)\b|\b(?:call(?:ing)?|contact(?:ing)?|go(?:ing)?\s+to|speak(?:ing)?\s+to|tell(?:ing)?|ring(?:ing)?|phon(?:e|ing))\s+(?:my|the)\s+(?:bank|card\s+(?:company|issuer|provider)|credit\s+card\s+(?:company|provider)|amex|american\s+express|visa|mastercard|paypal)\b|\b(?:my\s+)?(?:bank|card\s+(?:company|issuer)|credit\s+card\s+company|amex|paypal)\b[^.!?]{0,40}\b(?:dispute|reverse|chargeback|get\s+my\s+money\s+back)\b/i,
  /\b(?:post|share|put|expose|tell|spread)\w*\b[^.!?]{0,40}\b(?:social\s+media|twitter|facebook|instagram|tiktok|reddit|youtube|everyone|everybody|the\s+world|all\s+over\s+(?:the\s+)?(?:internet|twitter|facebook))\b|\b(?:leave|leaving|write|writing|give|giving|post|posting)\s+(?:you\s+)?(?:a\s+|an\s+)?(?:bad|negative|terrible|scathing|honest\s+but\s+bad|1[-\s]?star|one[-\s]?star|zero[-\s]?star)\s+reviews?|\b(?:one|1|zero)[-\s]?star\s+reviews?\b[^.!?]{0,20}\b(?:everywhere|on\s+(?:google|trustpilot|yelp|amazon))|\b(?:google|trustpilot|yelp)\s+reviews?\b[^.!?]{0,30}\b(?:know|warn|see)\b|\bgo\s+viral\b|\bwarn\s+(?:everyone|people|others)\b/i,
];

/** Danger to the account, the money or personal data: fraud by others, impersonators, leaks. */
export const accountRiskPatterns: readonly RegExp[] = [
  /信息泄露|个人信息.{0,6}(?:泄露|被人)|被盗号|异地登录|陌生(?:人|设备)登录/,
  /冒充(?:你们)?(?:的)?客服|假冒(?:你们)?(?:的)?客服|诈骗电话|能看到别人|别人的(?:订单|地址|信息|手机号)/,
  /\b(?:logged\s+in\s+from|password\s+(?:was\s+)?changed\s+(?:without|by\s+someone)|someone\s+(?:else\s+)?(?:accessed|logged\s+into|used|got\s+into|broke\s+into|has\s+got\s+into)\s+my\s+account|(?:email(?:\s+address)?|password|phone\s+number)\s+on\s+(?:it|my\s+account)\s+(?:has\s+been|was|got)\s+changed)\b/i,
  /\b(?:another|other|a\s+different|someone\s+else's|a\s+stranger's)\s+customer'?s?'?\s+(?:orders?|address|details|data|information|account)|\bimpersonat\w*|\bpretending\s+to\s+be\s+(?:you|your)\b|\bphishing\b/i,
  /盗刷|被盗|账号被盗|账户被盗|被人登录|不是我(?:本人)?(?:买|下单|付款)|泄露(?:了)?(?:我的)?(?:个人)?信息/,
  /\b(?:charge|charged|payment|transaction|order)s?\b[^.!?]{0,50}\b(?:i|we)\s+(?:never|didn't|did\s+not)\s+(?:make|made|place|placed|authori[sz]e|authori[sz]ed)\b|\b(?:unauthori[sz]ed\s+(?:charge|payment|transaction|purchase|order)|didn't\s+(?:make|place|authori[sz]e)\s+(?:this|that|these)\s+(?:order|purchase|payment)|account\s+(?:was\s+|got\s+|has\s+been\s+)?(?:hacked|compromised)|identity\s+theft|stolen\s+card|data\s+(?:breach|leak))\b/i,
];

/** The customer says the bot is not helping: a failure to answer as plain as a string of "no answer"s. */
export const botFailurePatterns: readonly RegExp[] = [
  /答非所问|没回答我的问题|没有回答我的问题|不回答我的问题|听不懂(?:人话|我说的|吗)|看不懂(?:人话|我说的)|说了等于没说|问了也白问|你是机器人吧|(?:你们)?客服是机器人吧|说人话|(?:破|傻|笨|蠢|垃圾|人工智障|没用的)机器人|机器人(?:回复|回答)(?:没用|有什么用)|自动回复(?:有什么用|没用)|一直(?:重复|复制粘贴)(?:同样的|一样的)?(?:话|回复|内容)/,
  /\b(?:you\s+(?:didn't|did\s+not|don't|do\s+not|never)\s+(?:answer|understand|read)|(?<!\b(?:if|unless|until|once)\s+)you\s+(?:still\s+)?(?:haven't|have\s+not|still\s+didn't|still\s+don't)\s+(?:answered|answer|understood|understand|read)|(?<!\b(?:if|unless|until|once)\s+)you\s+(?:still\s+)?(?:haven't|have\s+not|didn't|did\s+not)\s+(?:said|told\s+me)\s+(?:yes\s+or\s+no|whether|if)|(?:that|this)\s+(?:doesn't|does\s+not|didn't)\s+(?:answer|help)|not\s+what\s+i\s+asked|answer\s+my\s+(?:question|actual\s+question)|useless\s+(?:bot|robot|chatbot|ai|machine)|(?:stupid|dumb|pointless)\s+(?:bot|robot|chatbot|ai)|same\s+(?:canned|copy[-\s]?paste|automated|useless)\s+(?:answer|reply|response)|you(?:'re|\s+are)\s+(?:just\s+)?(?:a\s+)?(?:bot|robot)|going\s+(?:round|around)\s+in\s+circles)\b/i,
];

/** Too short or too generic to count as "the same question again". */
export const notARepeat = /^(?:hi|hello|hey|ok|okay|yes|no|thanks|thank you|thx|\?+|在吗|在不在|你好|您好|还在吗|好的|谢谢|嗯|哦|人呢|有人吗)$/i;
