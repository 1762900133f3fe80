import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TextClassificationPipeline } from '@huggingface/transformers';
import { labelMapper, toClassProbabilities, type ClassProbabilities } from './label-mapping.js';
import type { ModelCandidate } from './model-source.js';

export type ModelDtype = 'auto' | 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';

const fileOfDtype: Record<Exclude<ModelDtype, 'auto'>, string> = {
  fp32: 'model.onnx',
  fp16: 'model_fp16.onnx',
  q8: 'model_quantized.onnx',
  int8: 'model_int8.onnx',
  uint8: 'model_uint8.onnx',
  q4: 'model_q4.onnx',
};
const preference: Array<Exclude<ModelDtype, 'auto'>> = ['q8', 'fp32', 'int8', 'uint8', 'fp16', 'q4'];

/** Customers paste whole e-mails; the model reads only its first few hundred tokens anyway. */
const MAX_CHARS = 2000;

/**
 * A folder may ship only some precisions (the bundled model has just the int8 file):
 * the wanted one when present, else the first that is.
 */
export function dtypeForFolder(folder: string, wanted: ModelDtype): Exclude<ModelDtype, 'auto'> | null {
  const has = (dtype: Exclude<ModelDtype, 'auto'>) => existsSync(join(folder, 'onnx', fileOfDtype[dtype]));
  if (wanted !== 'auto' && has(wanted)) return wanted;
  return preference.find(has) ?? null;
}

export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
}

/** One loaded transformers.js text-classification pipeline, answering in negative/neutral/positive. */
export class TextClassifier {
  private constructor(
    private readonly classify: TextClassificationPipeline,
    private readonly mapLabel: (label: string) => 'negative' | 'neutral' | 'positive',
    readonly labelCount: number,
    readonly dtype: string,
  ) {}

  static async load(candidate: ModelCandidate, wanted: ModelDtype): Promise<TextClassifier> {
    let dtype: ModelDtype = wanted;
    if (candidate.kind === 'folder') {
      const found = dtypeForFolder(candidate.location, wanted);
      if (!found) throw new ModelLoadError(`no ONNX weights under ${join(candidate.location, 'onnx')}`);
      dtype = found;
    }
    const options = {
      // A folder is read from disk only; a hub id may download into MODELS_DIR, where the next
      // start finds it as a folder.
      local_files_only: candidate.kind === 'folder',
      ...(candidate.cacheDir ? { cache_dir: candidate.cacheDir } : {}),
      ...(dtype === 'auto' ? {} : { dtype }),
    };
    // Imported on first use: ONNX Runtime costs start-up time that lexicon-only runs never need.
    const { pipeline } = await import('@huggingface/transformers');
    const classify = (await pipeline('text-classification', candidate.location, options)) as TextClassificationPipeline;
    try {
      const id2label = (classify.model.config as unknown as { id2label?: Record<string, string> }).id2label ?? {};
      if (Object.keys(id2label).length < 2) throw new ModelLoadError('the model config has no id2label with two or more labels');
      return new TextClassifier(classify, labelMapper(id2label), Object.keys(id2label).length, dtype);
    } catch (error) {
      await classify.dispose();
      throw error;
    }
  }

  /**
   * Tokenizer and model called directly rather than through the pipeline: the pipeline picks
   * each message's top labels with a separate ONNX Runtime session run per message, which cost
   * as much as the model itself and made a batch of n messages n + 1 runs.
   */
  async predict(texts: readonly string[]): Promise<ClassProbabilities[]> {
    if (texts.length === 0) return [];
    const inputs = texts.map((text) => (text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text));
    const encoded = this.classify.tokenizer(inputs, { padding: true, truncation: true });
    const { logits } = (await this.classify.model(encoded)) as { logits: { data: Float32Array; dims: number[] } };
    const labels = logits.dims[1]!;
    const config = this.classify.model.config as unknown as { problem_type?: string; id2label: Record<string, string> };
    const scale = config.problem_type === 'multi_label_classification' ? sigmoid : softmax;
    return inputs.map((_, row) => {
      const scores = scale(logits.data.subarray(row * labels, (row + 1) * labels));
      return toClassProbabilities(
        scores.map((score, index) => ({ label: config.id2label[index] ?? `LABEL_${index}`, score })),
        this.mapLabel,
      );
    });
  }

  async dispose(): Promise<void> {
    await this.classify.dispose();
  }
}

function softmax(values: Float32Array): number[] {
  const max = Math.max(...values);
  const exps = Array.from(values, (value) => Math.exp(value - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

function sigmoid(values: Float32Array): number[] {
  return Array.from(values, (value) => 1 / (1 + Math.exp(-value)));
}
