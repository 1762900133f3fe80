/** The inbound message is malformed; the adapter should answer 400 and log it. */
export class InvalidInboundError extends Error {
  override readonly name = 'InvalidInboundError';
  constructor(readonly issues: readonly string[]) {
    super(`Invalid inbound message: ${issues.join('; ')}`);
  }
}

/** A stage threw; the message is marked failed in the inbox and a redelivery will retry it. */
export class TurnFailedError extends Error {
  override readonly name = 'TurnFailedError';
  constructor(
    readonly stage: string,
    readonly channel: string,
    readonly messageId: string,
    options: { cause: unknown },
  ) {
    super(`Turn ${channel}/${messageId} failed in stage "${stage}": ${String((options.cause as Error)?.message ?? options.cause)}`, options);
  }
}

/** Another worker's live attempt holds this message; retry later. */
export class MessageInProgressError extends Error {
  override readonly name: string = 'MessageInProgressError';
  constructor(
    readonly channel: string,
    readonly messageId: string,
  ) {
    super(`Message ${channel}/${messageId} is being processed by another worker`);
  }
}

/**
 * The turn's claim on its message ran out and another attempt took it over (a stalled worker):
 * nothing of the turn was written, and the message is answered by the attempt that holds it.
 */
export class ClaimLostError extends MessageInProgressError {
  override readonly name = 'ClaimLostError';
  constructor(
    channel: string,
    messageId: string,
    readonly attempt: number,
  ) {
    super(channel, messageId);
    this.message = `Message ${channel}/${messageId}: attempt ${attempt} lost its claim to a later attempt`;
  }
}
