import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TextClassificationPipeline } from '@huggingface/transformers';
import { labelMapper, toClassProbabilities, type ClassProbabilities } from './label-mapping.js';
import type { ModelCandidate } from './model-source.js';
import { LocalOnnxModel, onnxFileOfDtype } from '../../../models/local-onnx-model.js';
import { onnxSessionOptions } from '../../../models/model-threads.js';

export type ModelDtype = 'auto' | 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';

const preference: Array<Exclude<ModelDtype, 'auto'>> = ['q8', 'fp32', 'int8', 'uint8', 'fp16', 'q4'];

/** Customers paste whole e-mails; the model reads only its first few hundred tokens anyway. */
const MAX_CHARS = 2000;

/**
 * A folder may ship only some precisions (the bundled model has just the int8 file):
 * the wanted one when present, else the first that is.
 */
export function dtypeForFolder(folder: string, wanted: ModelDtype): Exclude<ModelDtype, 'auto'> | null {
  const has = (dtype: Exclude<ModelDtype, 'auto'>) => existsSync(join(folder, 'onnx', onnxFileOfDtype[dtype]));
  if (wanted !== 'auto' && has(wanted)) return wanted;
  return preference.find(has) ?? null;
}

export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
}

/** A batch's logits, [batch, labels]. */
type LogitsOf = (texts: string[]) => Promise<{ data: Float32Array; dims: readonly number[] }>;

interface ClassifierConfig {
  problem_type?: string;
  id2label?: Record<string, string>;
}

/** One loaded sequence-classification model, answering in negative/neutral/positive. */
export class TextClassifier {
  private constructor(
    private readonly logitsOf: LogitsOf,
    private readonly config: ClassifierConfig,
    private readonly mapLabel: (label: string) => 'negative' | 'neutral' | 'positive',
    readonly labelCount: number,
    readonly dtype: string,
    private readonly release: () => Promise<void>,
  ) {}

  /**
   * A folder runs through onnxruntime-node directly (see LocalOnnxModel for why); a hub id
   * through transformers.js, which downloads it into MODELS_DIR, where the next start finds it
   * as a folder.
   */
  static async load(candidate: ModelCandidate, wanted: ModelDtype, threads: number): Promise<TextClassifier> {
    if (candidate.kind === 'folder') {
      const dtype = dtypeForFolder(candidate.location, wanted);
      if (!dtype) throw new ModelLoadError(`no ONNX weights under ${join(candidate.location, 'onnx')}`);
      const model = await LocalOnnxModel.load(candidate.location, onnxFileOfDtype[dtype], threads);
      return TextClassifier.checked(
        (texts) => model.run(texts, 'logits'),
        model.config,
        dtype,
        () => model.dispose(),
      );
    }
    const options = {
      ...(candidate.cacheDir ? { cache_dir: candidate.cacheDir } : {}),
      ...(wanted === 'auto' ? {} : { dtype: wanted }),
      session_options: onnxSessionOptions(threads),
    };
    const { pipeline } = await import('@huggingface/transformers');
    const classify = (await pipeline('text-classification', candidate.location, options)) as TextClassificationPipeline;
    // The pipeline's own call picks each message's labels with one more ONNX Runtime run per message.
    const logitsOf: LogitsOf = async (texts) => {
      const { logits } = (await classify.model(classify.tokenizer(texts, { padding: true, truncation: true }))) as { logits: { data: Float32Array; dims: number[] } };
      return logits;
    };
    return TextClassifier.checked(logitsOf, classify.model.config as unknown as ClassifierConfig, wanted, () => classify.dispose());
  }

  private static async checked(logitsOf: LogitsOf, config: ClassifierConfig, dtype: string, release: () => Promise<void>): Promise<TextClassifier> {
    try {
      const id2label = config.id2label ?? {};
      if (Object.keys(id2label).length < 2) throw new ModelLoadError('the model config has no id2label with two or more labels');
      return new TextClassifier(logitsOf, config, labelMapper(id2label), Object.keys(id2label).length, dtype, release);
    } catch (error) {
      await release();
      throw error;
    }
  }

  async predict(texts: readonly string[]): Promise<ClassProbabilities[]> {
    if (texts.length === 0) return [];
    const inputs = texts.map((text) => (text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text));
    const logits = await this.logitsOf(inputs);
    const labels = logits.dims[1]!;
    const scale = this.config.problem_type === 'multi_label_classification' ? sigmoid : softmax;
    return inputs.map((_, row) => {
      const scores = scale(logits.data.subarray(row * labels, (row + 1) * labels));
      return toClassProbabilities(
        scores.map((score, index) => ({ label: this.config.id2label?.[index] ?? `LABEL_${index}`, score })),
        this.mapLabel,
      );
    });
  }

  async dispose(): Promise<void> {
    await this.release();
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
