import type { MessageReading } from '../core/ports/analysis.js';
import { asksSomething } from './escalation/asks-something.js';
import { isPhysicalHazard } from './escalation/safety.js';
import { soundsUpset } from './escalation/policy.js';
import { safetyHint } from './intent/retrieval-hints.js';
import { smallTalkOf } from './small-talk.js';

/** The core's message-reading port, from the rules and the shipped needs-person model here. */
export const messageReading: MessageReading = {
  smallTalkOf,
  asksSomething,
  soundsUpset: (text, sentiment) => soundsUpset(text, sentiment),
  isPhysicalHazard,
  safetyHint: (language) => safetyHint[language],
};
