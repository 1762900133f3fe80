import { openEncoder, type EmbeddingSettings } from './load-embeddings.js';
import type { PooledEncoder } from './transformers-embeddings.js';
import type { EncoderReply, EncoderRequest } from './child-process-encoder.js';

// The child side of ChildProcessEncoder: one encoder, requests answered one at a time, in order.
// ONNX Runtime runs a model synchronously on the calling thread; here that thread is this
// process's own, so the serving process keeps answering while a text is encoded.

let encoder: PooledEncoder | undefined;
let queue: Promise<void> = Promise.resolve();

const reply = (message: EncoderReply) => process.send!(message);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function handle(request: EncoderRequest): Promise<void> {
  if (request.type === 'open') {
    try {
      encoder = await openEncoder(request.settings as EmbeddingSettings);
      reply({ type: 'opened' });
    } catch (error) {
      reply({ type: 'open-failed', message: messageOf(error) });
    }
    return;
  }
  try {
    if (!encoder) throw new Error('the encoder is not open');
    reply({ type: 'vectors', id: request.id, vectors: await encoder.embed(request.texts) });
  } catch (error) {
    reply({ type: 'failed', id: request.id, message: messageOf(error) });
  }
}

process.on('message', (request: EncoderRequest) => {
  queue = queue.then(() => handle(request));
});
// The parent went away (closed, or killed with -9: its end of the channel closes either way).
process.on('disconnect', () => process.exit(0));
