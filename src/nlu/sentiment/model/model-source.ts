import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where one model may come from, in the order they are tried. */
export interface ModelCandidate {
  /** A folder on disk (transformers.js layout) or a Hugging Face model id. */
  kind: 'folder' | 'hub';
  /** Absolute folder path, or the hub id. */
  location: string;
  /** What outcomes and /readyz call it: the hub id or the folder's name. */
  name: string;
  /** Why it is on the list: SENTIMENT_MODEL as a path, as a folder under MODELS_DIR, as a hub id, or the fallback. */
  source: 'path' | 'models-dir' | 'hub' | 'fallback';
  /** Where a hub download is cached (MODELS_DIR, so it is a folder there next time). */
  cacheDir?: string;
  /** Shown with every "serving" log line and in /readyz, e.g. the bundled model's licence limits. */
  caveat?: string;
}

export interface ModelSourceSettings {
  SENTIMENT_MODEL: string;
  MODELS_DIR: string;
  SENTIMENT_ALLOW_DOWNLOAD: boolean;
  SENTIMENT_FALLBACK_MODEL: string;
}

export interface ResolvedSources {
  /** False when SENTIMENT_MODEL turns the model off: the lexicon serves alone, by choice. */
  enabled: boolean;
  candidates: ModelCandidate[];
  /** Candidates ruled out before any loading, with the reason (logged once at start-up). */
  skipped: Array<{ model: string; reason: string }>;
}

export const BUNDLED_MODEL_NAME = 'tiny-bert-sentiment-zh-en';
/** The small model shipped with aftercare in `models/bundled/` (see its MODEL_CARD.md). */
export const BUNDLED_MODEL_DIR = fileURLToPath(new URL(`../../../../models/bundled/${BUNDLED_MODEL_NAME}`, import.meta.url));
export const FIXTURE_CAVEAT =
  'research-only bundled model (trained from scratch on review data under non-commercial licences; weak on neutral questions): not a production model — set SENTIMENT_MODEL to a pretrained model';

const DISABLED = new Set(['lexicon', 'none', 'off', 'false']);
const HUB_ID = /^(?:[\w.-]+\/)?[\w.-]{1,96}$/;
const looksLikePath = (value: string) => isAbsolute(value) || /^\.{1,2}[\\/]/.test(value) || value.startsWith('~');
const isModelFolder = (folder: string) => existsSync(join(folder, 'config.json'));

function folderCandidate(location: string, source: ModelCandidate['source']): ModelCandidate {
  const name = basename(location);
  return { kind: 'folder', location, name, source, ...(name === BUNDLED_MODEL_NAME ? { caveat: FIXTURE_CAVEAT } : {}) };
}

/**
 * SENTIMENT_MODEL as a path, else as a folder under MODELS_DIR, else as a hub id (when
 * downloads are allowed); then the fallback (by default the bundled model in models/bundled).
 */
export function resolveModelSources(settings: ModelSourceSettings, cwd = process.cwd()): ResolvedSources {
  const wanted = settings.SENTIMENT_MODEL.trim();
  if (DISABLED.has(wanted.toLowerCase())) return { enabled: false, candidates: [], skipped: [] };
  const modelsDir = resolve(cwd, settings.MODELS_DIR);
  const candidates: ModelCandidate[] = [];
  const skipped: ResolvedSources['skipped'] = [];

  if (looksLikePath(wanted)) {
    const folder = resolve(cwd, wanted.replace(/^~(?=$|[\\/])/, process.env.HOME ?? '~'));
    if (isModelFolder(folder)) candidates.push(folderCandidate(folder, 'path'));
    else skipped.push({ model: wanted, reason: `no model folder (config.json) at ${folder}` });
  } else if (isModelFolder(join(modelsDir, wanted))) {
    candidates.push(folderCandidate(join(modelsDir, wanted), 'models-dir'));
  } else if (!HUB_ID.test(wanted) || wanted.includes('..')) {
    skipped.push({ model: wanted, reason: 'neither a folder under MODELS_DIR nor a valid Hugging Face model id' });
  } else if (!settings.SENTIMENT_ALLOW_DOWNLOAD) {
    skipped.push({ model: wanted, reason: `not found under ${modelsDir} and SENTIMENT_ALLOW_DOWNLOAD=false` });
  } else {
    candidates.push({ kind: 'hub', location: wanted, name: wanted, source: 'hub', cacheDir: modelsDir });
  }

  const fallback = settings.SENTIMENT_FALLBACK_MODEL.trim();
  if (!DISABLED.has(fallback.toLowerCase())) {
    const folder = fallback === 'bundled' ? BUNDLED_MODEL_DIR : resolve(cwd, fallback);
    const duplicate = candidates.some((c) => c.kind === 'folder' && c.location === folder);
    if (!duplicate && isModelFolder(folder)) candidates.push({ ...folderCandidate(folder, 'fallback') });
    else if (!duplicate) skipped.push({ model: fallback, reason: `fallback model folder not found at ${folder}` });
  }
  return { enabled: true, candidates, skipped };
}
