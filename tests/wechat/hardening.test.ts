import { afterEach, describe, expect, it } from 'vitest';
import { textPush } from '../../testkit/wechat-platform.js';
import { startBot, warnings, type Bot } from '../../testkit/wechat-harness.js';

describe('WeChat callbacks: start-up warning and deep XML', () => {
  let bot: Bot | null = null;
  afterEach(async () => {
    await bot?.close();
    bot = null;
  });

  const compatibleWarning = (b: Bot) => warnings(b).find((line) => String(line.msg).startsWith('WeChat runs in compatible mode'));

  it('warns at start-up while the Official Account runs in compatible mode (the default with an AES key), not in safe mode', async () => {
    bot = await startBot();
    expect(compatibleWarning(bot)).toMatchObject({ mode: 'compatible', chosen: 'default with WECHAT_ENCODING_AES_KEY set', replayWindowS: 300 });
    expect(String(compatibleWarning(bot)!.fix)).toContain('WECHAT_MESSAGE_MODE=safe');
    await bot.close();
    bot = await startBot({ env: { WECHAT_MESSAGE_MODE: 'safe' } });
    expect(compatibleWarning(bot)).toBeUndefined();
  });

  it('a signed push nested 5,000 deep gets a 400 naming the problem, and the next push is answered', async () => {
    bot = await startBot();
    const push = textPush('o-deep-1', 'hello');
    const deep = push.replace('</xml>', `${'<a>'.repeat(5_000)}x${'</a>'.repeat(5_000)}</xml>`);
    const refused = await bot.platform.sendRaw(`/wechat?${bot.platform.signedQuery({ openid: 'o-deep-1' })}`, deep);
    expect(refused).toMatchObject({ status: 400, body: 'xml_too_deep' });
    const answered = await bot.platform.push(textPush('o-deep-2', 'How long does a refund take to reach my card?'));
    expect(answered.status).toBe(200);
  });
});
