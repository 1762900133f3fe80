/**
 * Sentences that say an action on an order has happened ("I've refunded you", "订单已取消").
 * Only the shop's system can do these, so a reply may say one happened only when the action
 * log has it done for this conversation; anything else is the model making it up.
 */
export type ClaimedAction = 'refund' | 'cancel' | 'return';

const claimPatterns: Array<[ClaimedAction, RegExp]> = [
  [
    'refund',
    /\b(?:I|we)(?:'ve| have)?\s+(?:just\s+|already\s+|now\s+)?(?:refunded|reimbursed|issued\s+(?:a|the|your|you\s+a)\s+refund|processed\s+(?:a|the|your)\s+refund|sent\s+(?:you\s+)?(?:a|the|your)\s+refund)|\b(?:your\s+|the\s+|a\s+)?refund\s+(?:has\s+(?:already\s+|now\s+)?been|was|is\s+now)\s+(?:issued|processed|sent|made|completed|approved)|\byou(?:'ve|\s+have)\s+been\s+refunded|\bmoney\s+(?:has\s+been|was)\s+(?:refunded|returned|sent\s+back)/i,
  ],
  ['refund', /已(?:经)?(?:为您|给您|帮您|向您)?(?:办理|完成|发起|安排)?(?:了)?退款|退款已(?:经)?(?:办理|完成|发起|处理|到账|退回|安排|发放)|钱已(?:经)?(?:退|返)/],
  [
    'cancel',
    /\b(?:I|we)(?:'ve| have)?\s+(?:just\s+|already\s+|now\s+)?cancell?ed\s+(?:your|the|this|that)\s+order|\b(?:your\s+|the\s+|this\s+)?order\s+(?:\S+\s+)?(?:has\s+been|was|is\s+now)\s+cancell?ed/i,
  ],
  ['cancel', /已(?:经)?(?:为您|给您|帮您)?取消(?:了)?(?:您的|该|这个)?订单|订单(?:\s*\S+\s*)?已(?:经)?(?:被)?取消/],
  [
    'return',
    /\b(?:I|we)(?:'ve| have)?\s+(?:just\s+|already\s+)?(?:created|opened|started|submitted|logged|registered|approved)\s+(?:a|the|your)\s+return|\breturn(?:\s+request)?\s+(?:has\s+been|was|is\s+now)\s+(?:created|opened|submitted|approved|registered)/i,
  ],
  ['return', /已(?:经)?(?:为您|给您|帮您)?(?:提交|创建|办理|登记)(?:了)?退货|退货(?:申请)?已(?:经)?(?:提交|创建|通过|办理|登记)/],
];

export function actionClaimsIn(sentence: string): Array<{ action: ClaimedAction; phrase: string }> {
  const found: Array<{ action: ClaimedAction; phrase: string }> = [];
  for (const [action, pattern] of claimPatterns) {
    const match = pattern.exec(sentence);
    if (match && !found.some((f) => f.action === action)) found.push({ action, phrase: match[0] });
  }
  return found;
}

/** What the action log shows done in this conversation, as the claims above name them. */
export function backedActions(done: ReadonlyArray<{ kind: 'cancel' | 'return' | 'refund' }>): Set<ClaimedAction> {
  const backed = new Set<ClaimedAction>();
  for (const action of done) {
    backed.add(action.kind);
    // A cancellation refunds what was paid: "your refund has been issued" is then true.
    if (action.kind === 'cancel') backed.add('refund');
  }
  return backed;
}
