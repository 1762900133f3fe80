/**
 * How fast the Slack adapter acknowledges events and answers, end to end over real HTTP:
 * signed Events API requests into a real `aftercare serve` process, replies and escalation cards
 * out to a Slack Web API stand-in (in this process) on 127.0.0.1. Prints percentiles; Slack's
 * deadline for the ack is 3 s.
 *
 *   npm run bench:slack [-- --conversations 50 --messages 4 --concurrency 10]
 */
import { parseArgs } from 'node:util';
import { cliEnv, startCliServer } from '../testkit/cli.js';
import { startFakeSlack } from '../testkit/fake-slack-server.js';
import { tempDir } from '../testkit/runtime.js';
import { dmEvent, eventEnvelope, nextTs, postEvent, slackEnv, staffChannel } from '../testkit/slack-requests.js';
import { percentile } from '../src/stats.js';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '50' },
    messages: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '10' },
  },
});
const conversations = Number(values.conversations);
const perConversation = Number(values.messages);
const concurrency = Number(values.concurrency);

// Questions the sample policies answer (a silent turn would leave nothing to time), and one that escalates.
const questions = [
  'How long does a refund take to reach my card?',
  '退款多久能到账？',
  'What does the warranty cover?',
  'How do I exchange an item for a different size?',
  'This is ridiculous, I want to talk to a human agent now!',
];

const summary = (label: string, samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(
    `${label.padEnd(34)} n=${String(sorted.length).padStart(4)}  p50=${f(percentile(sorted, 50))} ms  p95=${f(percentile(sorted, 95))} ms  p99=${f(percentile(sorted, 99))} ms  max=${f(sorted.at(-1) ?? NaN)} ms`,
  );
};

const slack = await startFakeSlack();
const dir = tempDir('aftercare-bench-');
const server = await startCliServer(cliEnv(dir.path, slackEnv(slack.url)));

const acks: number[] = [];
const replies: number[] = [];
const cards: number[] = [];
const jobs: Array<() => Promise<void>> = [];
for (let c = 0; c < conversations; c++) {
  const channel = `DBENCH${String(c).padStart(5, '0')}`;
  jobs.push(async () => {
    for (let m = 0; m < perConversation; m++) {
      // Every fifth conversation ends by asking for a person, so cards are measured too.
      const text = m === perConversation - 1 && c % 5 === 0 ? questions[4]! : questions[(c + m) % 4]!;
      const ts = nextTs();
      const repliesBefore = slack.callsTo('chat.postMessage', (call) => call.args.channel === channel).length;
      const started = performance.now();
      const replied = slack.waitFor(
        'chat.postMessage',
        (call) => call.args.channel === channel && slack.callsTo('chat.postMessage', (x) => x.args.channel === channel).indexOf(call) === repliesBefore,
      );
      const response = await postEvent(server.url, eventEnvelope(dmEvent(`U${channel}`, channel, text, ts)));
      acks.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`event answered ${response.status}`);
      await replied;
      replies.push(performance.now() - started);
      if (text === questions[4]) {
        await slack.waitFor('chat.postMessage', (call) => call.args.channel === staffChannel && !call.args.thread_ts && JSON.stringify(call.args.blocks).includes(`U${channel}`));
        cards.push(performance.now() - started);
      }
    }
  });
}
const wallStarted = performance.now();
const queue = [...jobs];
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await job();
  }),
);
const wall = (performance.now() - wallStarted) / 1000;

console.log(`Slack events: ${conversations} DM conversations × ${perConversation} messages, ${concurrency} conversations at a time, keyword retriever, no LLM`);
summary('event acknowledged (HTTP 200)', acks);
summary('reply posted (chat.postMessage)', replies);
summary('escalation card posted to staff', cards);
console.log(`throughput: ${(acks.length / wall).toFixed(1)} messages/s over ${wall.toFixed(1)} s`);

await server.stop();
await slack.close();
dir.remove();
