import type { TurnStore } from '../ports/store.js';
import type { Stage } from '../turn.js';

export function loadConversationStage(store: TurnStore, historyMessages: number): Stage {
  return {
    name: 'load-conversation',
    async run(turn) {
      const { channel, conversationKey, userId } = turn.inbound;
      const conversation = await store.conversations.getOrCreate({ channel, conversationKey, userId });
      // A customer who writes again after staff resolved the case starts over with the bot.
      turn.conversation = conversation.state === 'resolved' ? { ...conversation, state: 'bot' } : conversation;
      turn.history = await store.messages.recent(conversation.id, historyMessages);
    },
  };
}
