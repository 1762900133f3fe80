import type { Language } from '../../domain/types.js';

/** The reply texts the core writes itself that take no placeholders. */
export type PlainCoreTemplate =
  | 'replies/greeting'
  | 'replies/thanks'
  | 'replies/goodbye'
  | 'replies/acknowledge'
  | 'replies/no-answer'
  | 'replies/offer-colleague'
  | 'replies/escalation-ack'
  | 'replies/waiting-for-staff';

export type CoreTemplateName = PlainCoreTemplate | 'replies/safety-steps';

/** Renders a reply text in the customer's language (the shop's editable prompts). */
export interface ReplyTemplates {
  render(name: PlainCoreTemplate, language: Language, variables: Record<never, string>): string;
  render(name: 'replies/safety-steps', language: Language, variables: { steps: string; citation: string }): string;
}
