/**
 * The grievances a supervisor takes over for even when they are said calmly: the customer
 * has contacted the shop again and again, was promised something that did not happen, gets
 * no answer at all, says the shop cheats, or demands compensation. Each pattern is a meaning
 * written several ways in both languages; the match is quoted as evidence.
 */

const contactVerbEn = String.raw`(?:called|call(?:ing)?|rang|phoned|emailed|e-mailed|messaged|messaging|wrote|written|writing|contacted|contacting|asked|chased|chasing|texted|tried|told|explained|reached out|sent)`;
const timesEn = String.raw`(?:twice|\d+\s+times|(?:two|three|four|five|six|seven|eight|nine|ten|several|many|multiple|countless|numerous|so many|a dozen)\s+times|over and over|again and again|repeatedly|every (?:single )?day)`;

export const repeatedContactPatterns: readonly RegExp[] = [
  new RegExp(
    String.raw`\b(?:(?:second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)|umpteenth|nth|hundredth|millionth)\s+(?:time|chat|message|email|e-mail|call|attempt|request|ticket|complaint)s?)\b`,
    'i',
  ),
  /\bhow many (?:more )?times (?:do|must|have|will|should|am|did)\b/i,
  new RegExp(String.raw`\b${contactVerbEn}\b[^.!?]{0,50}\b${timesEn}\b`, 'i'),
  new RegExp(
    String.raw`\b${contactVerbEn}\b[^.!?]{0,30}\b(?:yesterday|today|last week|on monday|on tuesday|on wednesday|on thursday|on friday)\s+and\s+(?:the day before|again|also|then|emailed|called|messaged|wrote)\b`,
    'i',
  ),
  /\b(?:keep|kept)\s+(?:having to\s+)?(?:call|email|message|ask|chas|contact|writ)\w*\b|\bstill chasing\b|\bchased (?:this|you|it) (?:for|since)\b/i,
  /\b(?:i(?:'ve| have)? already|i've|i have)\s+(?:asked|told you|reported|explained|sent|raised|contacted|called|emailed|messaged|written)\b[^.!?]{0,40}\b(?:before|already|twice|times|last week|yesterday|several|multiple)\b|\b(?:\d+|two|three|four|five|six|several|multiple|countless)\s+(?:emails|messages|calls|chats|tickets|phone calls|complaints)\b|\b(?:followed up|following up)\s+(?:twice|again|several times|\d+ times|multiple times)\b|\b(?:asking|writing|contacting|messaging|emailing)\s+(?:you\s+)?again\b|\b(?:same|this) (?:question|issue|problem) (?:again|for the)\b/i,
  /(?:已经|都)(?:说|问|讲|联系|反馈|反映|催|找)(?:过|了)(?:你们)?(?:好|很)?(?:几|多|N|n|\d+)(?:次|遍|回)|催了(?:好|很)?(?:几|多)(?:次|遍|天)|反复(?:问|说|联系|催|找)|一直在(?:问|催|找你们)|(?:打|发)了(?:好|很)?(?:几|多|\d+|[两三四五六七八九十])(?:个|通|条)(?:电话|消息|邮件|工单)|(?:再|又)(?:问|说)一(?:次|遍)/,
  /第\s*(?:[二三四五六七八九十]|\d+|N|n|几|无数)\s*(?:次|遍|回)/,
  /(?:周[一二三四五六日天]|星期[一二三四五六日天]|昨天|前天|上周)(?:问|找|联系|催)过[^。！？]{0,8}(?:周[一二三四五六日天]|星期[一二三四五六日天]|昨天|前天|今天)(?:又)?(?:来)?(?:问|找|联系|催)/,
  // Several channels or days, each tried: "I've rung, emailed and chatted", "上周一、周三、周五各找了一次".
  /\b(?:rung|rang|called|phoned|emailed|e-mailed|chatted|messaged|written|wrote|tweeted|dm'?d)\b,?\s+(?:(?:rung|rang|called|phoned|emailed|e-mailed|chatted|messaged|written|wrote|tweeted|dm'?d),?\s+)*(?:and|&)\s+(?:also\s+)?(?:rung|rang|called|phoned|emailed|e-mailed|chatted|messaged|written|wrote|tweeted|dm'?d)\b/i,
  /各(?:找|问|联系|打|催|发)了?一(?:次|遍|回|通|条)|(?:好|很)?几个渠道|(?:所有|各个|各种)渠道(?:都)?(?:试|找|联系)|(?:电话|邮件|app|APP|短信|在线客服|留言)[、，,和跟](?:电话|邮件|app|APP|短信|在线客服|留言)[^。！？]{0,12}(?:都|也)(?:试|找|联系|打|发)/,
  /(?:说|问|讲|发|催|联系|找|打|留言|反映|反馈|申请)了?(?:你们)?(?:好几|无数|N|n|[两三四五六七八九十几多]|\d+)(?:次|遍|回)/,
  /(?:每次|次次|回回)(?:都)?(?:说|让我|回复|告诉我)|又(?:来)?(?:问|催)一[次遍]|不知道(?:是)?第几[次遍]/,
];

const promiseEn = String.raw`\b(?:you|they|he|she|your (?:agent|colleague|team|rep|representative|staff|support|site|website|email|manager)|support|customer service|someone|the agent|i was|we were)\s+(?:said|promised|told (?:me|us)|assured (?:me|us)?|guaranteed|swore|agreed|confirmed|were supposed to|was supposed to|would)`;
const failureEn = String.raw`\b(?:never|didn't|did not|hasn't|has not|haven't|have not|wasn't|was not|isn't|nobody|no one|nothing|anyway|anyways|still (?:no|not|nothing|waiting|hasn't|haven't)|and yet|ago|instead|no sign|not even|it'?s been|it has been)\b`;

export const brokenPromisePatterns: readonly RegExp[] = [
  new RegExp(String.raw`${promiseEn}\b[^]{0,140}?${failureEn}`, 'i'),
  /\b(?:promised|was promised|were promised|was told|were told|been told)\b[^]{0,120}?\b(?:never|didn't|did not|hasn't|haven't|wasn't|nothing|nobody|no one|still (?:no|not|nothing|waiting)|and yet|ago|anyway)\b/i,
  /\b(?:broken promises?|broke (?:your|their|the) promise|went back on|not what (?:i was|we were) (?:told|promised))\b/i,
  /\b(?:was|were)\s+(?:supposed|meant|due)\s+to\b[^]{0,80}?\b(?:never|didn't|did not|hasn't|haven't|wasn't|nothing|nobody|no one|still (?:no|not|nothing|waiting)|and yet|ago|it'?s been|now it'?s)\b|\b(?:you|they|your (?:agent|colleague|team|rep|staff))\s+(?:guaranteed|promised|assured me|gave me your word)\b|\b(?:promise|promised|guarantee|guaranteed)\b[^.!?]{0,60}\b(?:broken|not kept|didn't happen|never happened|came to nothing)\b/i,
  /(?:客服|你们|你|他们)(?:之前|上次|昨天|当时)?说(?:过|了|的)?[^，。！？,.!?]{0,12}(?:就|会|能|要|先)[^]{0,40}?(?:还是没|还没|没有|结果|呢[？?])|(?:你们|客服|你)说的[^，。！？]{0,15}呢[？?]/,
  /(?:说好的?|答应(?:了|过|我|好)?|承诺(?:了|过)?|保证(?:了|过)|不是说|说过会|说会|约好)[^]{0,60}?(?:没|还没|怎么又|怎么还|结果|哪去了|哪儿去了|人呢|呢[？?]|至今|到现在|现在都|都[^，。！？,.!?]{0,8}了(?:还|也)|过去了|还在等|又让|不见|却|但是?现在|又说|变卦|反悔|食言)/,
  /(?:答应|承诺|保证|说好)[^。！？]{0,30}(?:[一二三四五六七八九十两几多\d]+(?:个多?)?(?:天|周|星期|月|小时)|这么久)了?[^。！？]{0,6}(?:还是|也没|都没|还没|仍然|依然)|说好的[^。！？]{0,20}呢\s*[？?！!。]*\s*$/,
  /(?:^|[，,。])说(?:了|过|好)?(?:会|要)[^，。！？]{1,20}[，,][^。！？]{0,20}(?:啥也没有|啥都没有|什么都没有|什么也没有|也没收到|都没收到|还是没有)/,
  /言而无信|说话不算数?|说话不算话|出尔反尔|不守信用|放鸽子|变卦|食言|反悔了|空头支票|承诺的?(?:都)?没(?:有)?(?:做到|兑现)|没有兑现|不兑现/,
];

export const noResponsePatterns: readonly RegExp[] = [
  /\b(?:no(?:body| one)\s+(?:ever\s+)?(?:answers?|answered|responds?|responded|replies|replied|gets? back|got back|picks? up|picked up|called (?:me )?back|calls? back|contacted me|is answering|is responding|has (?:replied|answered|responded|got(?:ten)? back|contacted))|(?:no|never (?:got|received|had|heard)(?: a| any)?)\s+(?:reply|response|answer|call ?back)s?\b|been ignored|ignoring (?:me|my)|rings? out|(?:on|kept on) hold for|black hole|haven't heard (?:back|anything|a (?:thing|word|peep|squeak))|have not heard (?:back|anything|a (?:thing|word|peep))|heard nothing|(?:get|got|getting) back to (?:you|me)\b[^]{0,60}?\b(?:never did|you never|never have|didn't|did not|still (?:no|nothing|waiting))|still waiting (?:on|for) (?:a |your |any )?(?:reply|response|answer|call ?back)|waiting (?:on|for) (?:a |your )?(?:reply|response|answer) (?:from|since|for)|is (?:anyone|anybody) (?:actually|even|ever) (?:there|reading|listening|working|home)|not (?:a single|one) (?:reply|response|answer)|never (?:replied|responded|answered|got back|called back)|can't get (?:through|hold of)|cannot get (?:through|hold of)|unreachable|left on read|(?:no|zero)\s+(?:reply|response|answer|word)\s+(?:from|since|for|yet)|not (?:answering|replying|responding)|(?:goes|went|going) (?:straight )?to voicemail|only (?:get|got|getting) (?:an? )?(?:automated|auto)[\s-]?(?:reply|replies|response)|(?:emails?|messages?|calls?) (?:go|went|goes) unanswered|unanswered (?:emails?|messages?|calls?)|can't reach (?:anyone|anybody|you)|cannot reach (?:anyone|anybody|you)|nobody (?:has )?(?:bothered|cared) to (?:reply|respond|answer|call))\b/i,
  /没人(?:回|理|管|接|联系|处理|审核|跟进|答复|搭理)|没有人(?:回|理|管|接|联系|处理|审核|跟进|答复)|无人(?:接听|回复|处理|应答)|不回(?:复|消息|我)|已读不回|石沉大海|打不通|一直占线|永远占线|总是占线|联系不上|找不到(?:人|客服)|没(?:有)?(?:收到)?(?:任何)?(?:回复|回音|答复|回应)|没有一个(?:人)?(?:有)?(?:回应|回复|答复|理)|(?:一个|一条|一句|任何)(?:回复|回应|答复|电话|消息)都没(?:有)?|没消息|(?:\d+|[一二三四五六七八九十几两]+)(?:个)?(?:小时|天|周|星期)(?:过去了|都没|了都没|还没人|没人)|一直是[“"「]?待处理|不理人|装死|人呢[？?!！]*$|没回应|无回应|没有回音|没有动静|没人跟进|客服(?:一直|始终|总是)?(?:不在|不回|不理)|(?:电话|热线)(?:一直|总是|始终)?(?:没人接|打不通|无人接听|占线)|(?:联系|找|问)了?[^，。！？]{0,10}(?:都|也|还是)?没(?:有)?(?:人)?(?:回|理|接)/,
  // Waiting in the chat itself with no one there: "Is anyone there? I've been waiting 40 minutes", "有人吗？等了40分钟了".
  /\b(?:anyone|anybody|someone)\s+(?:there|here|home|around)\b[^]{0,40}?\bwaiting\s+(?:for\s+)?(?:\d+|over\s+an?|an?|half\s+an)\s*(?:minutes?|mins?|hours?)\b|\bbeen\s+waiting\s+(?:for\s+)?\d+\s+(?:minutes|mins|hours)\s+(?:in|on)\s+this\s+chat\b|(?:有人吗|人呢|在吗|有没有人)[^。！]{0,4}(?:都)?等了(?:快|整整)?(?:\d+|[一二三四五六七八九十几半两]+)(?:个)?(?:多)?(?:分钟|小时)/i,
];

export const fraudPatterns: readonly RegExp[] = [
  /\b(?:scam(?:mers?|ming|med|s)?|fraud(?:ulent|sters?|s)?|crooks?|crooked|con (?:artists?|men|job)|(?:is|it's|that's|a) (?:a )?con\b|rip[\s-]?off|ripped (?:me|us|people|customers) off|ripping (?:me|us|people|customers) off|stealing|stole (?:my|our)|theft|thie(?:f|ves|ving)|swindl\w*|lied to (?:me|us)|you lied|lying to|(?:you(?:'re| are)?|bunch of|pack of) liars?|liars?\b|(?:is|was) a lie|false advertising|misleading advert\w*|bait[\s-]and[\s-]switch|fake (?:reviews?|discounts?|prices?|products?|sale)|counterfeit|daylight robbery|cheat(?:ed|ing|ers)?|robb(?:ed|ery|ing)|dishonest|deceiv\w*|deceptive|mislead(?:ing)?|misled|bogus|shady|dodgy|knock[\s-]?offs?|not genuine|(?:took|kept|pocketed) my money|highway robbery|sham)\b/i,
  /骗子|骗人|骗钱|诈骗|欺诈|欺骗|坑人|坑钱|坑我|黑店|黑心|假货|卖假|挂羊头卖狗肉|套路|幌子|虚假宣传|虚假广告|偷钱|抢钱|明抢|强盗|忽悠|糊弄人|割韭菜|骗局|骗我|以次充好|货不对板|说谎|撒谎|奸商|无良|坑爹|虚标|虚假|不是正品|山寨货?|霸王条款|文字游戏|吃相难看|欺骗消费者|骗了|被骗|坑了我|变相(?:骗|收|扣)/,
];

/**
 * Words of cheating that accuse no one here: a screen protector that went on crooked, a
 * suspicion the customer took back ("以为是假货，后来查了是真的"), or someone else's bad
 * experience elsewhere ("朋友在网上被骗过，想确认一下这是官方店吗").
 */
export const fraudFalseFriends: readonly RegExp[] = [
  /\b(?:was|is|came|arrived|looks?|sits?|went\s+on|applied|stuck\s+on|fitted|placed|installed|printed|cut)\s+(?:a\s+(?:bit|little)\s+|slightly\s+|totally\s+|all\s+|really\s+)?crooked\b|\bcrooked\s+(?:when|on|line|seam|stitching|label|print)\b/i,
  /(?:以为|怀疑|还以为|担心|当成)[^，。！？]{0,8}(?:假货|骗|假的)[^。！？]{0,30}(?:是真的|是正品|虚惊一场|误会)|\b(?:thought|worried|suspected)\b[^.!?]{0,30}\b(?:fake|counterfeit|scam)\b[^.!?]{0,40}\b(?:turned\s+out|it'?s|is)\s+(?:genuine|real|legit)\b/i,
  /(?:朋友|家人|同事|我妈|我爸|以前|之前)[^，。！？]{0,8}被骗过|\b(?:been|got|was)\s+scammed\s+(?:before|elsewhere|online|by\s+another)\b/i,
];

/** Compensation beyond the refund: a demand, which the policy takes over only when it is said in anger. */
export const compensationPatterns: readonly RegExp[] = [
  /\b(?:compensat\w*|you owe me|(?:pay|cover|refund|reimburse)(?: me)? (?:for )?(?:my|the)\b[^.!?]{0,30}\b(?:costs?|fares?|fees?|bills?|expenses?|time|loss(?:es)?|damages?|day off|taxi|trouble)|reimburse me|(?:more|much more|a lot more|something more) than (?:just )?(?:a|the|my) refund|refund (?:isn't|is not) enough|damages|the least you (?:can|could) do|make (?:it|this) up to me|(?:you(?:'ll| will)|you're going to) pay for|i (?:want|expect|demand) (?:to be )?(?:paid|reimbursed|compensated)|(?:cover|pay|refund) (?:me )?(?:for )?(?:the )?(?:cost|costs|expenses|losses) (?:of|for)|for my (?:trouble|time|inconvenience)|(?:pay|cover) (?:for )?(?:the )?(?:damage|repairs?)|(?:a|some) (?:form of )?(?:compensation|credit|voucher|discount) for (?:this|the|my)|double (?:refund|my money back)|pay me (?:double|twice|back double|extra)|refund\s+(?:plus|and|\+)\s+(?:[$£€]\s?)?\d+|(?:you(?:'re| are)|you(?:'ll| will) be) paying for|(?:cover|pay|reimburse)(?: me)? (?:for )?my (?:lost )?(?:earnings|wages|income|pay|day's pay))\b/i,
  /赔偿|赔我|赔钱|你们(?:得|要|必须|来)?赔|赔(?:一|个|台|件)|误工费|精神损失|损失费|假一赔|[三十]倍赔|补偿|你们出(?:钱|运费|费用)?|(?:费|钱)你们出|不赔|(?:你们|商家)(?:必须|得|要)?(?:承担|负责)(?:全部|所有)?(?:费用|损失|运费|维修费)|退一赔[三十]|[三十]倍|(?:报销|承担)(?:我的)?(?:路费|车费|打车费|来回运费|损失|维修费)/,
];
