/** Phrase patterns behind each escalation reason; each match is quoted as evidence. */
export const humanRequestPatterns: readonly RegExp[] = [
  /转人工|人工客服|人工服务|找人工|要人工|真人客服|接人工|人工!|人工！|^人工$|客服经理|找你们(?:领导|经理|主管)/,
  /\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+)?(?:real\s+)?(?:human|person|agent|someone|representative|manager|supervisor)\b/i,
  /\b(?:real|live)\s+(?:person|human|agent)\b/i,
  /\b(?:agent|human|operator|representative)\s*(?:please|pls|now)\b|^\s*(?:agent|human|operator)\s*[.!]*\s*$/i,
  /\b(?:connect|transfer)\s+me\b|\bget\s+me\s+(?:a\s+)?(?:human|manager|supervisor|person)\b/i,
];

export const threatPatterns: readonly RegExp[] = [
  /12315|消协|消费者协会|工商局|市场监管|报警|起诉|律师|法院|告你们|曝光|媒体|投诉到|去投诉|我要投诉|举报|拒付|信用卡争议/,
  /\b(?:charge\s*back|chargeback|dispute (?:the|this) (?:charge|payment)|lawyer|attorney|sue|suing|lawsuit|court|legal action|police|trading standards|better business bureau|bbb|report you|small claims)\b/i,
];

export const highRiskPatterns: readonly RegExp[] = [
  /冒烟|着火|起火|失火|爆炸|炸了|烧焦|烫伤|烧伤|受伤|触电|漏电|过敏|中毒|流血|划伤|窒息/,
  /\b(?:smoke|smoking|smoked|fire|caught fire|flames?|burn(?:t|ed|ing)?|explod(?:e|ed|ing)|explosion|injur(?:y|ed|ies)|electric shock|shocked me|sparks?|melt(?:ed|ing)|allergic reaction|poison(?:ed|ing)?|bleeding|hospital)\b/i,
];
