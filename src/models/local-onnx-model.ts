import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { modelThreads, onnxSessionOptions } from './model-threads.js';

/** transformers.js's file name under onnx/ for each precision, so a folder is read as it would read it. */
export const onnxFileOfDtype = {
  fp32: 'model.onnx',
  fp16: 'model_fp16.onnx',
  q8: 'model_quantized.onnx',
  int8: 'model_int8.onnx',
  uint8: 'model_uint8.onnx',
  q4: 'model_q4.onnx',
  bnb4: 'model_bnb4.onnx',
  q4f16: 'model_q4f16.onnx',
} as const;

export type OnnxDtype = keyof typeof onnxFileOfDtype;

/** A tokenizer's output for a batch, padded to its longest text. */
interface Encoded {
  input_ids: { data: BigInt64Array; dims: number[] };
  attention_mask: { data: BigInt64Array; dims: number[] };
}

/** One output of a batch: `dims` [batch, …], with the attention mask for pooling over tokens. */
export interface EncoderOutput {
  data: Float32Array;
  dims: readonly number[];
  attentionMask: BigInt64Array;
}

export class LocalModelError extends Error {
  override readonly name = 'LocalModelError';
}

/**
 * A transformers.js-layout model folder (config.json, tokenizer files, onnx/<file>) run
 * with onnxruntime-node directly, the tokenizer still transformers.js's.
 *
 * Why not transformers.js's pipelines for a folder: in Node its `FileResponse` starts
 * streaming the whole file into memory when it is created, even when only the path is
 * wanted (as for an .onnx file), and nothing ever reads or cancels that stream. Each model
 * load therefore read its file (hundreds of MB for a production-size model) into memory in
 * 64 KiB chunks, one per event-loop turn, while the service was already answering:
 * resident memory grew by the file's size and V8 ran a full collection every few dozen
 * milliseconds until the read ended (transformers.js 3.8.1 and 4.3.2 alike).
 */
export class LocalOnnxModel {
  private constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly session: InferenceSession,
    private readonly ort: typeof import('onnxruntime-node'),
    readonly config: Readonly<Record<string, unknown>>,
  ) {}

  /** `threads`: ONNX Runtime's intra-op threads for this model (see modelThreads). */
  static async load(folder: string, onnxFile: string, threads = modelThreads()): Promise<LocalOnnxModel> {
    const modelFile = join(folder, 'onnx', onnxFile);
    if (!existsSync(modelFile)) throw new LocalModelError(`no ONNX weights at ${modelFile}`);
    const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
    // Imported on first use: ONNX Runtime costs start-up time that model-free runs never need.
    const [{ AutoTokenizer }, ort] = await Promise.all([import('@huggingface/transformers'), import('onnxruntime-node')]);
    const tokenizer = await AutoTokenizer.from_pretrained(folder, { local_files_only: true });
    const session = await ort.InferenceSession.create(modelFile, onnxSessionOptions(threads));
    return new LocalOnnxModel(tokenizer, session, ort, config);
  }

  /** Runs a batch (padded to its longest text, truncated to the model's length) and returns one output. */
  async run(texts: readonly string[], outputName?: string): Promise<EncoderOutput> {
    const encoded = this.tokenizer([...texts], { padding: true, truncation: true }) as unknown as Encoded;
    const [batch, length] = encoded.input_ids.dims as [number, number];
    const feeds: Record<string, Tensor> = {};
    for (const name of this.session.inputNames) {
      if (name === 'input_ids') feeds[name] = new this.ort.Tensor('int64', encoded.input_ids.data, [batch, length]);
      else if (name === 'attention_mask') feeds[name] = new this.ort.Tensor('int64', encoded.attention_mask.data, [batch, length]);
      // Single-segment input: every token in segment 0, as transformers.js fills it.
      else if (name === 'token_type_ids') feeds[name] = new this.ort.Tensor('int64', new BigInt64Array(batch * length), [batch, length]);
      else throw new LocalModelError(`the model wants an input "${name}" that a text encoder does not give`);
    }
    const outputs = await this.session.run(feeds);
    const output = outputs[outputName ?? this.session.outputNames[0]!];
    if (!output) throw new LocalModelError(`the model has no output "${outputName}" (it has ${this.session.outputNames.join(', ')})`);
    return { data: output.data as Float32Array, dims: output.dims, attentionMask: encoded.attention_mask.data };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
