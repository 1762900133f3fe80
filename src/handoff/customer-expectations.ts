import type { Language } from '../domain/types.js';
import type { WaitingMessages } from '../core/waiting-messages.js';
import type { Templates } from '../llm/templates.js';
import { describeOpening, nextOpening, type BusinessHours } from './business-hours.js';

export interface ShopContact {
  email?: string | undefined;
  phone?: string | undefined;
  hours?: string | undefined;
}

/** "e-mail help@shop.example, phone +44 20 7946 0000 (Mon-Fri 9:00-18:00)". */
export function describeContact(contact: ShopContact, language: Language): string {
  const zh = language === 'zh';
  const ways = [contact.email && `${zh ? '邮箱' : 'e-mail'} ${contact.email}`, contact.phone && `${zh ? '电话' : 'phone'} ${contact.phone}`].filter(Boolean);
  if (ways.length === 0) return zh ? '我们网站上的联系方式' : 'the contact details on our website';
  const hours = contact.hours ? (zh ? `（${contact.hours}）` : ` (${contact.hours})`) : '';
  return `${ways.join(zh ? '，' : ', ')}${hours}`;
}

/**
 * Tells a waiting customer the truth: with nobody to answer here, the shop's own contact;
 * outside business hours, when staff will answer; otherwise that a colleague will reply here.
 */
export class CustomerExpectations implements WaitingMessages {
  constructor(
    private readonly templates: Templates,
    private readonly options: {
      /** Whether any staff desk exists (asked per message: accounts can be added while running). */
      staffDeskAvailable: () => Promise<boolean>;
      contact: ShopContact;
      hours: BusinessHours | null;
    },
  ) {}

  private async situation(language: Language, now: Date): Promise<{ kind: 'no_desk'; contact: string } | { kind: 'closed'; opens: string } | { kind: 'open' }> {
    if (!(await this.options.staffDeskAvailable())) return { kind: 'no_desk', contact: describeContact(this.options.contact, language) };
    const hours = this.options.hours;
    const opening = hours ? nextOpening(hours, now) : null;
    if (hours && opening) return { kind: 'closed', opens: describeOpening(opening, hours.timeZone, language) };
    return { kind: 'open' };
  }

  async escalated(language: Language, now: Date): Promise<string> {
    const situation = await this.situation(language, now);
    if (situation.kind === 'no_desk') return this.templates.render('replies/escalation-no-desk', language, { contact: situation.contact });
    if (situation.kind === 'closed') return this.templates.render('replies/escalation-after-hours', language, { opens: situation.opens });
    return this.templates.render('replies/escalation-ack', language, {});
  }

  async waiting(language: Language, now: Date): Promise<string> {
    const situation = await this.situation(language, now);
    if (situation.kind === 'no_desk') return this.templates.render('replies/waiting-no-desk', language, { contact: situation.contact });
    if (situation.kind === 'closed') return this.templates.render('replies/waiting-after-hours', language, { opens: situation.opens });
    return this.templates.render('replies/waiting-for-staff', language, {});
  }
}
