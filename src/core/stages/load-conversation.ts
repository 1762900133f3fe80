import type { ConversationReading, TurnStore } from '../ports/store.js';
import type { Stage } from '../turn.js';

export function loadConversationStage(store: TurnStore, reading: ConversationReading): Stage {
  return {
    name: 'load-conversation',
    async run(turn) {
      const { channel, conversationKey, userId } = turn.inbound;
      const { conversation, history, memory } = await store.conversations.open({ channel, conversationKey, userId }, reading);
      // A customer who writes again after staff resolved the case starts over with the bot.
      turn.conversation = conversation.state === 'resolved' ? { ...conversation, state: 'bot' } : conversation;
      turn.history = history;
      turn.memory = memory;
    },
  };
}
