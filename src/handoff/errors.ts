/** A staff surface referred to an escalation the store does not know. */
export class EscalationNotFoundError extends Error {
  override readonly name = 'EscalationNotFoundError';
  constructor(readonly reference: string) {
    super(`No escalation ${reference}`);
  }
}
