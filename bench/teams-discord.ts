/**
 * How fast the Teams and Discord adapters answer, end to end: a real `aftercare serve` process
 * with both adapters on; Teams activities POSTed to /api/messages with the Bot Connector
 * stand-in receiving the replies, Discord messages dispatched over the gateway stand-in with
 * replies arriving at its REST API — all on 127.0.0.1, in this process. Prints percentiles.
 * Teams' limit for the request is 15 s; Discord has none, but a customer waits.
 *
 *   npm run bench:teams-discord [-- --conversations 40 --messages 4 --concurrency 8]
 */
import { parseArgs } from 'node:util';
import { cliEnv, startCliServer } from '../testkit/cli.js';
import { discordUser } from '../testkit/discord-payloads.js';
import { startFakeBotConnector } from '../testkit/fake-bot-connector.js';
import { startFakeDiscord } from '../testkit/fake-discord.js';
import { tempDir } from '../testkit/runtime.js';
import { customer, personalChatId, personalMessage, postActivity } from '../testkit/teams-activities.js';
import { percentile } from '../src/stats.js';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '40' },
    messages: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '8' },
  },
});
const conversations = Number(values.conversations);
const perConversation = Number(values.messages);
const concurrency = Number(values.concurrency);

// Questions the sample policies answer, in both languages, so every turn sends something.
const questions = ['How long does a refund take to reach my card?', '退款多久能到账？', 'What does the warranty cover?', 'How do I exchange an item for a different size?'];

const summary = (label: string, samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(
    `${label.padEnd(40)} n=${String(sorted.length).padStart(4)}  p50=${f(percentile(sorted, 50))} ms  p95=${f(percentile(sorted, 95))} ms  p99=${f(percentile(sorted, 99))} ms  max=${f(sorted.at(-1) ?? NaN)} ms`,
  );
};

async function runAll(jobs: Array<() => Promise<void>>): Promise<number> {
  const started = performance.now();
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await job();
    }),
  );
  return (performance.now() - started) / 1000;
}

const connector = await startFakeBotConnector();
const discord = await startFakeDiscord();
const dir = tempDir('aftercare-bench-');
const server = await startCliServer(cliEnv(dir.path, { TEAMS_ALLOW_UNAUTHENTICATED: 'true', DISCORD_BOT_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl }));
await discord.until(() => discord.liveSessions().length === 1);

const teamsAnswered: number[] = [];
const teamsWall = await runAll(
  Array.from({ length: conversations }, (_, c) => async () => {
    const from = customer(`Bench ${c}`);
    const chat = personalChatId(from);
    for (let m = 0; m < perConversation; m++) {
      const started = performance.now();
      const response = await postActivity(server.url, personalMessage({ serviceUrl: connector.serviceUrl, from, text: questions[(c + m) % questions.length]! }));
      if (response.status !== 200) throw new Error(`Teams activity answered ${response.status}`);
      // Within the reply budget the answer is posted before the request completes.
      teamsAnswered.push(performance.now() - started);
      if (connector.messagesIn(chat).length !== m + 1) throw new Error('Teams answer missing when the request completed');
    }
  }),
);

const discordAnswered: number[] = [];
const discordWall = await runAll(
  Array.from({ length: conversations }, (_, c) => async () => {
    const author = discordUser(`bench${c}`);
    let channelId = '';
    for (let m = 0; m < perConversation; m++) {
      const before = channelId ? discord.sentTo(channelId).length : 0;
      const started = performance.now();
      const message = discord.customerDm(author, questions[(c + m) % questions.length]!);
      channelId = message.channel_id;
      await discord.until(() => discord.sentTo(channelId).length > before);
      discordAnswered.push(performance.now() - started);
    }
  }),
);

console.log(`${conversations} conversations × ${perConversation} messages per channel, ${concurrency} at a time, keyword retriever, no LLM`);
summary('Teams: activity → answer posted, 200', teamsAnswered);
console.log(`Teams throughput: ${(teamsAnswered.length / teamsWall).toFixed(1)} messages/s over ${teamsWall.toFixed(1)} s`);
summary('Discord: MESSAGE_CREATE → answer posted', discordAnswered);
console.log(`Discord throughput: ${(discordAnswered.length / discordWall).toFixed(1)} messages/s over ${discordWall.toFixed(1)} s`);

await server.stop();
await connector.close();
await discord.close();
dir.remove();
