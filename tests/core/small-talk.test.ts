import { describe, expect, it } from 'vitest';
import { smallTalkOf } from '../../src/nlu/small-talk.js';
import { message } from '../../testkit/runtime.js';
import { useTestRuntime } from '../../testkit/use-test-runtime.js';

/** Small talk is the core's job, whatever the channel: the engine is driven directly here. */
describe("small talk gets a short reply that fits it, in the customer's language", () => {
  const fixture = useTestRuntime({ per: 'file' });
  let turn = 0;

  const say = (conversation: string, text: string) => fixture.runtime.engine.handle(message(conversation, text, { messageId: `small-talk-${++turn}` }));

  it('thanks is met with "you\'re welcome", not with the opening greeting', async () => {
    const hello = await say('st-en', 'Hello');
    expect(hello.reply).toMatch(/^Hello! I'm the after-sales assistant/);
    const answer = await say('st-en', 'How long does a refund take to reach my card?');
    expect(answer.replyKind).toBe('answer');

    const thanks = await say('st-en', 'Thanks!');
    expect(thanks.replyKind).toBe('greeting');
    expect(thanks.reply).toMatch(/^You're welcome!/);
    expect(thanks.reply).not.toContain("I'm the after-sales assistant");
    expect(thanks.escalated).toBe(false);

    expect((await say('st-en', 'ok')).reply).toBe('Great. Is there anything else I can help you with?');
    expect((await say('st-en', 'ok thanks, bye!')).reply).toMatch(/^Goodbye/);
  });

  it('好的谢谢 is answered in Chinese, and "ok" keeps the conversation\'s language', async () => {
    await say('st-zh', '退款多久能到账？');
    const thanks = await say('st-zh', '好的谢谢');
    expect(thanks.language).toBe('zh');
    expect(thanks.reply).toMatch(/^不客气/);
    const ok = await say('st-zh', 'ok');
    expect(ok.language).toBe('zh');
    expect(ok.reply).toBe('好的。还有什么可以帮您的吗？');
    expect((await say('st-zh', '拜拜')).reply).toMatch(/^再见/);
  });

  it('a social word at the start of a real question does not stop the answer', async () => {
    const outcome = await say('st-mixed', 'Thanks, but how long does a refund take to reach my card?');
    expect(outcome.replyKind).toBe('answer');
  });

  it('tells the four social turns apart and nothing else', () => {
    expect(smallTalkOf('Thank you so much!')).toBe('thanks');
    expect(smallTalkOf('好的，谢谢！')).toBe('thanks');
    expect(smallTalkOf('谢谢，再见')).toBe('goodbye');
    expect(smallTalkOf('got it 👍')).toBe('acknowledge');
    expect(smallTalkOf('good morning')).toBe('hello');
    expect(smallTalkOf('hint')).toBeNull();
    expect(smallTalkOf('可以退货吗')).toBeNull();
    expect(smallTalkOf('thanks for nothing')).toBeNull();
  });
});
