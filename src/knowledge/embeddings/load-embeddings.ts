import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import type { Logger } from '../../logger.js';
import type { TextAnalyzer } from '../text/analyzer.js';
import { HashedNgramEmbeddings } from './hashed-ngram-embeddings.js';
import type { KnowledgeEmbeddings } from './knowledge-embeddings.js';
import { modelThreads, onnxSessionOptions } from '../../models/model-threads.js';
import { LocalOnnxModel, onnxFileOfDtype, type OnnxDtype } from '../../models/local-onnx-model.js';
import { ChildProcessEncoder } from './child-process-encoder.js';
import { localEncoder, modelFamily, pipelineEncoder, TransformersEmbeddings, type ModelFamily, type PooledEncoder } from './transformers-embeddings.js';

export interface EmbeddingSettings {
  /** A Hugging Face model id, a folder under `modelsDir`, a path to a model folder, or `hashed`. */
  model: string;
  modelsDir: string;
  /** transformers.js dtype: `q8` reads onnx/model_quantized.onnx, `fp32` onnx/model.onnx. */
  dtype: OnnxDtype;
  allowDownload: boolean;
  /** Where downloaded models are cached (inside the data directory, not node_modules). */
  cacheDir: string;
  loadTimeoutMs: number;
  /** ONNX Runtime threads for the model (MODEL_THREADS; 0 = half the machine's cores). */
  threads?: number;
  /** Overrides the model family's similarity threshold for the vector side alone. */
  minSimilarity?: number;
  /** `child`: the model runs in a process of its own (see ChildProcessEncoder); `inline` (default): on the calling thread. */
  runIn?: 'child' | 'inline';
}

export class EmbeddingLoadError extends Error {
  override readonly name = 'EmbeddingLoadError';
}

const weightFree = new Set(['hashed', 'hashed-ngrams', 'none']);

/** Where a model's files are: a folder given by path, a folder under MODELS_DIR, or the Hub. */
function locate(settings: EmbeddingSettings): { root: string; id: string; source: 'local' | 'hub' } {
  const asPath = isAbsolute(settings.model) || settings.model.startsWith('.') ? resolve(settings.model) : null;
  if (asPath && existsSync(join(asPath, 'config.json'))) return { root: dirname(asPath), id: basename(asPath), source: 'local' };
  if (asPath) throw new EmbeddingLoadError(`no model folder (config.json) at ${asPath}`);
  const underModelsDir = resolve(settings.modelsDir);
  if (existsSync(join(underModelsDir, settings.model, 'config.json'))) return { root: underModelsDir, id: settings.model, source: 'local' };
  if (!settings.allowDownload) {
    throw new EmbeddingLoadError(`${settings.model} is not in MODELS_DIR (${underModelsDir}) or the download cache, and downloads are off`);
  }
  return { root: underModelsDir, id: settings.model, source: 'hub' };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EmbeddingLoadError(`${what} took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The configured model's encoder on this thread (in an encoder process, that process's). */
export function openEncoder(settings: EmbeddingSettings): Promise<PooledEncoder> {
  const { root, id, source } = locate(settings);
  const family = modelFamily(settings.model);
  return source === 'local' ? localFolderEncoder(join(root, id), settings, family) : hubEncoder(root, id, settings, family);
}

async function loadTransformers(settings: EmbeddingSettings): Promise<TransformersEmbeddings> {
  const { root, id, source } = locate(settings);
  const family = modelFamily(settings.model);
  const inChild = settings.runIn === 'child';
  // The child process enforces the load timeout itself, so a model still loading is stopped rather than left running.
  const encoder = inChild
    ? await ChildProcessEncoder.start(settings, settings.loadTimeoutMs)
    : await withTimeout(openEncoder(settings), settings.loadTimeoutMs, `loading ${settings.model}`);
  const [probe] = await encoder.embed(['dimension probe']);
  const dimensions = probe!.length;
  const where = source === 'local' ? `local folder ${join(root, id)}` : 'Hugging Face Hub (cached in the data directory)';
  return new TransformersEmbeddings(encoder, family, {
    id: `transformers:${settings.model}@${settings.dtype}:${family.pooling}`,
    kind: 'transformers',
    dimensions,
    source,
    fallback: false,
    note: inChild ? `${where}, run in an encoder process of its own` : where,
    minSimilarity: settings.minSimilarity ?? family.minSimilarity,
  });
}

/** A folder runs through onnxruntime-node directly (see LocalOnnxModel for why). */
async function localFolderEncoder(folder: string, settings: EmbeddingSettings, family: ModelFamily): Promise<PooledEncoder> {
  return localEncoder(await LocalOnnxModel.load(folder, onnxFileOfDtype[settings.dtype], modelThreads(settings.threads)), family.pooling);
}

async function hubEncoder(root: string, id: string, settings: EmbeddingSettings, family: ModelFamily): Promise<PooledEncoder> {
  // Imported here: onnxruntime takes ~300 ms to load, which the weight-free embedder never needs.
  const { env, pipeline } = await import('@huggingface/transformers');
  // transformers.js resolves local models against this global; it is set just before loading.
  env.localModelPath = `${root}/`;
  env.allowLocalModels = true;
  const extractor = (await pipeline('feature-extraction', id, {
    dtype: settings.dtype,
    cache_dir: settings.cacheDir,
    local_files_only: !settings.allowDownload,
    session_options: onnxSessionOptions(modelThreads(settings.threads)),
  })) as FeatureExtractionPipeline;
  return pipelineEncoder(extractor, family.pooling);
}

/**
 * The configured embedding model, or the weight-free hashed embedder when it cannot be
 * loaded (no network, no local copy). Either way the log says which one serves and why.
 */
export async function loadEmbeddings(settings: EmbeddingSettings, analyzer: TextAnalyzer, logger: Logger): Promise<KnowledgeEmbeddings> {
  if (weightFree.has(settings.model.toLowerCase())) {
    const hashed = new HashedNgramEmbeddings(analyzer, { minSimilarity: settings.minSimilarity });
    logger.info({ embedder: hashed.info.id }, 'embeddings: weight-free hashed n-grams (configured)');
    return hashed;
  }
  const started = Date.now();
  try {
    const embeddings = await loadTransformers(settings);
    logger.info({ embedder: embeddings.info.id, source: embeddings.info.source, dimensions: embeddings.info.dimensions, ms: Date.now() - started }, 'embedding model loaded');
    return embeddings;
  } catch (error) {
    const reason = (error as Error).message;
    const hashed = new HashedNgramEmbeddings(analyzer, {
      note: `fallback: ${settings.model} could not be loaded (${reason})`,
      fallback: true,
      minSimilarity: settings.minSimilarity,
    });
    logger.warn(
      {
        model: settings.model,
        reason,
        embedder: hashed.info.id,
        fix: `put the model (transformers.js layout) in ${resolve(settings.modelsDir, settings.model)} to use it offline, or set EMBEDDING_MODEL=hashed to choose the weight-free embedder`,
      },
      'embedding model could not be loaded; using the weight-free hashed n-gram embedder (keyword-like vectors, no semantic matching)',
    );
    return hashed;
  }
}
