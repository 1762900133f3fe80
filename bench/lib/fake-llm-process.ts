/**
 * A stand-in OpenAI-compatible model in its own process, so its work does not share the
 * benchmarked process's event loop: answers like a grounded model after a fixed delay.
 * Prints its base URL on the first line of stdout.
 */
import { startFakeOpenAi } from '../../testkit/fake-openai-server.js';
import { groundedModel } from '../../testkit/scripted-llm.js';

const delayMs = Number(process.argv[2] ?? 200);
const answer = groundedModel();
const server = await startFakeOpenAi((request) => ({ ...answer(request), delayMs }));
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
