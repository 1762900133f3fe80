import type { Language } from '../../src/domain/types.js';

/** The adapter's own words in the support channel; answers come from the core's templates. */
export const threadPointer: Record<Language, { opened: (thread: string) => string; continued: (thread: string) => string }> = {
  en: {
    opened: (thread) => `I've opened a thread just for you: ${thread} — let's continue there.`,
    continued: (thread) => `Let's continue in your thread: ${thread}`,
  },
  zh: {
    opened: (thread) => `已为您单独开了一个讨论串：${thread}，我们在那里继续。`,
    continued: (thread) => `我们在您的讨论串里继续：${thread}`,
  },
};
