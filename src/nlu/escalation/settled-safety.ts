import type { StoredMessage } from '../../domain/types.js';
import { findPhysicalIncident } from './safety.js';

/**
 * A safety incident the shop has already dealt with is history, not a new emergency: "上次冒烟那个
 * 排插你们已经退款了，想问下新款", a customer who comes back after staff handled the burn, or who
 * said themselves earlier in the chat that it is sorted ("he's fine now", "已经没事了"). Telling
 * it again does not hand the conversation over a second time; a new event ("again", "又冒烟了",
 * "the replacement is smoking too") does.
 */

/** The incident is placed in the past… */
const pastMarker =
  /上次|之前|以前|那次|前段时间|前阵子|\b(?:last\s+(?:time|week|month)|previously|before|back\s+(?:then|in)|the\s+one\s+you\s+(?:replaced|refunded)|earlier\s+this\s+(?:month|year))\b/i;
/** Long ago, for an incident with another product. */
const lastYear = /去年|前年|那年|\b(?:last\s+(?:year|winter|summer|spring|autumn|fall)|years?\s+ago)\b/i;
/** …and said to be settled. */
const settledWords =
  /已经(?:给我)?(?:退款|退了|换新|换了|处理|解决|赔)|(?:退款|换新|处理|解决)(?:好|完)?了[^吗？?]|处理(?:好|完)了|没事了|已经好了|没问题了|\b(?:already\s+(?:refunded|replaced|sorted|resolved|handled|dealt\s+with|fixed)|(?:was|were|got|you)\s+(?:refunded|replaced|sorted|resolved|handled)|dealt\s+with|all\s+(?:sorted|good|fine)\s+now)\b/i;
/** The customer says in a later turn that the incident is over. */
const overNow =
  /没事了|已经好了|好多了|处理(?:好|完)了|解决了|不要紧了|\b(?:(?:he|she|they|i|we)(?:'s|'re|'m|\s+is|\s+are|\s+am)\s+(?:ok|okay|fine|alright|all\s+right)(?:\s+now)?|it'?s\s+(?:fine|ok|okay|sorted|all\s+good)\s+now|all\s+(?:sorted|good|fine)\s+now|no\s+harm\s+done|healed)\b/i;
/** Something happened again, or to something else, in the sentence of the incident: a new incident. */
const happenedAgain = /又|再次|再一次|这次|新的也|换的也|\b(?:again|another\s+(?:one|fire|incident)|this\s+time|the\s+(?:new|replacement)\s+one|now\s+the|too|as\s+well)\b/i;

function sentenceAround(text: string, index: number): string {
  const breaks = /[.!?。！？\n]/;
  let start = index;
  while (start > 0 && !breaks.test(text[start - 1]!)) start--;
  let end = index;
  while (end < text.length && !breaks.test(text[end]!)) end++;
  return text.slice(start, end);
}

/** A product from another shop or an old one of the customer's: the reason they ask, not our incident. */
const notOurs =
  /别家|别的店|其他店|其他家|别人家|\b(?:from|at|bought\s+(?:at|from))\s+(?:another|a\s+different|some\s+other)\s+(?:shop|store|seller|site|brand)\b|\bmy\s+old\s+\w+\s+from\b/i;

/** The message retells an incident settled before (in the message itself or earlier in this chat), or one that is not ours. */
export function settledIncident(text: string, history: readonly StoredMessage[] = []): boolean {
  const incident = findPhysicalIncident(text);
  if (!incident || happenedAgain.test(sentenceAround(text, incident.index))) return false;
  if (pastMarker.test(text) && settledWords.test(text)) return true;
  if (notOurs.test(text) && (pastMarker.test(text) || lastYear.test(text))) return true;
  return settledKinds(history).has(incident.kind);
}

/**
 * The kinds of incident this conversation already dealt with: reported before staff wrote or
 * before a hand-over for it, or followed by the customer saying it is over.
 */
function settledKinds(history: readonly StoredMessage[]): Set<string> {
  const kinds = new Set<string>();
  const reported: string[] = [];
  for (const message of history) {
    if (message.author === 'customer') {
      const incident = findPhysicalIncident(message.text);
      if (incident) reported.push(incident.kind);
      else if (overNow.test(message.text)) reported.forEach((kind) => kinds.add(kind));
      const reasons = message.meta?.escalationReasons;
      if (incident && Array.isArray(reasons) && reasons.includes('high_risk_topic')) kinds.add(incident.kind);
    } else if (message.author === 'staff') {
      reported.forEach((kind) => kinds.add(kind));
    }
  }
  return kinds;
}
