import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EmbeddingSettings } from './load-embeddings.js';
import type { PooledEncoder } from './transformers-embeddings.js';

export type EncoderRequest = { type: 'open'; settings: EmbeddingSettings } | { type: 'embed'; id: number; texts: string[] };
export type EncoderReply =
  { type: 'opened' } | { type: 'open-failed'; message: string } | { type: 'vectors'; id: number; vectors: number[][] } | { type: 'failed'; id: number; message: string };

export class EncoderProcessError extends Error {
  override readonly name = 'EncoderProcessError';
}

interface Pending {
  id: number;
  texts: string[];
  resolve: (vectors: number[][]) => void;
  reject: (error: Error) => void;
  /** Sent once more after its process died; a second death fails it. */
  resent: boolean;
}

const boot = fileURLToPath(new URL('./encoder-process-boot.mjs', import.meta.url));

/**
 * An embedding model run in a child process of its own.
 *
 * onnxruntime-node (1.21) runs a session synchronously on the thread that calls it: a
 * production-size encoder holds the serving thread ~10 ms per text, during which no webhook
 * is acknowledged and no search answered — and an edit of the knowledge base embeds every
 * changed passage. A worker thread cannot hold it either (a second ONNX Runtime session in a
 * worker thread of the same process fails, onnxruntime#24486). A process can, and the
 * operating system then shares the cores between it and the serving thread at a far finer
 * grain than one model call.
 *
 * A process that dies (out of memory, killed) is replaced on the next request; requests it
 * had in hand are sent once more to its successor, so a crash costs time, not answers.
 */
export class ChildProcessEncoder implements PooledEncoder {
  private child: ChildProcess | null = null;
  private starting: Promise<ChildProcess> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly settings: EmbeddingSettings,
    private readonly loadTimeoutMs: number,
  ) {}

  /** Starts the process and waits until its model is loaded (or fails to). */
  static async start(settings: EmbeddingSettings, loadTimeoutMs = settings.loadTimeoutMs): Promise<ChildProcessEncoder> {
    const encoder = new ChildProcessEncoder({ ...settings, runIn: 'inline' }, loadTimeoutMs);
    await encoder.process();
    return encoder;
  }

  /** The serving process's id, for logs and tests; undefined between a death and the next request. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  embed(texts: string[]): Promise<number[][]> {
    if (this.closed) return Promise.reject(new EncoderProcessError('the encoder process was closed'));
    return new Promise((resolve, reject) => this.dispatch({ id: this.nextId++, texts, resolve, reject, resent: false }));
  }

  async dispose(): Promise<void> {
    this.closed = true;
    for (const request of this.pending.values()) request.reject(new EncoderProcessError('the encoder process was closed'));
    this.pending.clear();
    const child = this.child ?? (await this.starting?.catch(() => null));
    this.child = null;
    child?.kill();
  }

  private dispatch(request: Pending): void {
    this.pending.set(request.id, request);
    this.holdOpen(true);
    this.process().then(
      // A send into a process that has just died fails; its exit sends the request on.
      (child) => child.send({ type: 'embed', id: request.id, texts: request.texts } satisfies EncoderRequest, () => undefined),
      (error: Error) => this.settle(request.id, (r) => r.reject(error)),
    );
  }

  private process(): Promise<ChildProcess> {
    if (this.child) return Promise.resolve(this.child);
    return (this.starting ??= this.spawn().finally(() => (this.starting = null)));
  }

  private spawn(): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
      // No execArgv: the parent's flags (a test runner's loaders, --inspect ports) are not the child's.
      const child = fork(boot, [], { serialization: 'advanced', execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const fail = (error: EncoderProcessError) => {
        clearTimeout(timer);
        child.off('message', onOpen);
        child.off('exit', onExit);
        child.kill();
        reject(error);
      };
      const onOpen = (message: EncoderReply) => {
        if (message.type === 'open-failed') return fail(new EncoderProcessError(message.message));
        if (message.type !== 'opened') return;
        clearTimeout(timer);
        child.off('message', onOpen);
        child.off('exit', onExit);
        if (this.closed) {
          child.kill();
          return reject(new EncoderProcessError('the encoder process was closed'));
        }
        this.adopt(child);
        resolve(child);
      };
      const onExit = (code: number | null, signal: string | null) =>
        fail(new EncoderProcessError(`the encoder process exited while loading the model (${signal ?? `code ${code}`})`));
      const timer = setTimeout(() => fail(new EncoderProcessError(`loading ${this.settings.model} took longer than ${this.loadTimeoutMs} ms`)), this.loadTimeoutMs);
      timer.unref();
      child.on('message', onOpen);
      child.on('exit', onExit);
      child.on('error', (error) => fail(new EncoderProcessError(`the encoder process could not start: ${error.message}`)));
      child.send({ type: 'open', settings: this.settings } satisfies EncoderRequest);
    });
  }

  private adopt(child: ChildProcess): void {
    this.child = child;
    child.on('message', (message: EncoderReply) => {
      if (message.type === 'vectors') this.settle(message.id, (r) => r.resolve(message.vectors));
      else if (message.type === 'failed') this.settle(message.id, (r) => r.reject(new EncoderProcessError(message.message)));
    });
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      const inHand = [...this.pending.values()];
      this.pending.clear();
      for (const request of inHand) {
        if (request.resent || this.closed) request.reject(new EncoderProcessError(`the encoder process exited (${signal ?? `code ${code}`})`));
        else this.dispatch({ ...request, resent: true });
      }
      this.holdOpen(this.pending.size > 0);
    });
    this.holdOpen(this.pending.size > 0);
  }

  private settle(id: number, outcome: (request: Pending) => void): void {
    const request = this.pending.get(id);
    if (!request) return;
    this.pending.delete(id);
    outcome(request);
    this.holdOpen(this.pending.size > 0);
  }

  /** An idle encoder process never keeps this one alive (a CLI command ends when its work does). */
  private holdOpen(busy: boolean): void {
    const child = this.child;
    if (!child) return;
    if (busy) {
      child.ref();
      child.channel?.ref();
    } else {
      child.unref();
      child.channel?.unref();
    }
  }
}
