/** A staff thread as handoff stores it: the channel and the parent message's ts. */
export interface SlackThread {
  channel: string;
  ts: string;
}

export function encodeThread(thread: SlackThread): string {
  return `slack:${thread.channel}:${thread.ts}`;
}

export function decodeThread(reference: string): SlackThread {
  const [prefix, channel, ts] = reference.split(':');
  if (prefix !== 'slack' || !channel || !ts) throw new Error(`not a Slack thread reference: ${reference}`);
  return { channel, ts };
}
