import { ChannelType, type Message, ThreadAutoArchiveDuration, type ThreadChannel } from 'discord.js';
import type { Logger } from '../../src/logger.js';
import type { Store } from '../../src/store/types.js';

export interface SupportThread {
  thread: ThreadChannel;
  /** Created for this message (the customer is told where to look), rather than reused. */
  opened: boolean;
}

const claimTtlMs = 24 * 60 * 60 * 1000;

/**
 * One thread per customer under the support channel. Every process connected to the gateway
 * receives the same message, so opening a thread is claimed in the store: under a lock per
 * customer, the first process to see the message marks it and opens (or reuses) the thread;
 * the others, and any redelivery, find the mark and leave it alone. The customer's thread is
 * remembered in the store, so a second question in the channel continues the same thread
 * unless staff locked or deleted it.
 */
export class SupportThreads {
  constructor(
    private readonly store: Store,
    private readonly options: { privateThreads: boolean; logger: Logger; lockTimeoutMs: number },
  ) {}

  async claim(message: Message<true>): Promise<SupportThread | null> {
    const customer = message.author.id;
    const channelId = message.channelId;
    return this.store.locks.runExclusive(
      `discord:support-thread:${channelId}:${customer}`,
      async () => {
        const claimKey = `discord:support-message:${message.id}`;
        if (await this.store.keyValues.get(claimKey)) return null;
        const threadKey = `discord:support-thread:${channelId}:${customer}`;
        const known = await this.store.keyValues.get(threadKey);
        let thread = known ? await this.reusable(message, known.value) : null;
        const opened = thread === null;
        if (!thread) {
          thread = await this.open(message);
          await this.store.keyValues.set(threadKey, thread.id);
        }
        await this.store.keyValues.set(claimKey, thread.id, new Date(Date.now() + claimTtlMs));
        return { thread, opened };
      },
      { timeoutMs: this.options.lockTimeoutMs },
    );
  }

  private async open(message: Message<true>): Promise<ThreadChannel> {
    const name = `Support · ${message.member?.displayName ?? message.author.displayName}`.slice(0, 100);
    const reason = `aftercare: support conversation with ${message.author.tag}`;
    const thread =
      this.options.privateThreads && message.channel.type === ChannelType.GuildText
        ? await message.channel.threads.create({ name, type: ChannelType.PrivateThread, invitable: false, autoArchiveDuration: ThreadAutoArchiveDuration.OneWeek, reason })
        : await message.startThread({ name, autoArchiveDuration: ThreadAutoArchiveDuration.OneWeek, reason });
    await thread.members.add(message.author.id);
    this.options.logger.info({ threadId: thread.id, private: thread.type === ChannelType.PrivateThread }, 'discord support thread opened');
    return thread;
  }

  /** The customer's earlier thread, unarchived if it slept; null when staff locked or deleted it. */
  private async reusable(message: Message<true>, threadId: string): Promise<ThreadChannel | null> {
    const thread = await message.client.channels.fetch(threadId).catch(() => null);
    if (!thread?.isThread() || thread.locked) return null;
    if (thread.archived) await thread.setArchived(false, 'aftercare: the customer wrote again');
    return thread;
  }
}
