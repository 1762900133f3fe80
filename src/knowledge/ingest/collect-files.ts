import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { DocumentParseError } from '../errors.js';
import { formatOf } from './extract-text.js';
import type { DocumentFile } from './parse-document.js';

export interface IngestFile extends DocumentFile {
  /**
   * Named on its own (not found in a folder): it replaces an existing document with the same
   * file name and language, so `kb ingest knowledge/en/returns.md` updates `en/returns.md`.
   */
  standalone?: boolean;
}

const skipped = (name: string) => name.startsWith('.') || /^readme(\.|$)/i.test(name);

async function read(path: string, id: string, standalone: boolean): Promise<IngestFile> {
  const info = await stat(path);
  return { id, bytes: await readFile(path), modified: info.mtime, standalone };
}

/**
 * The documents named on a command line: files as they are, folders recursively (every
 * supported file, ids relative to the folder; READMEs and hidden files skipped). A named
 * file of an unsupported type is an error; one inside a folder is skipped and reported.
 */
export async function collectDocumentFiles(paths: readonly string[]): Promise<{ files: IngestFile[]; skipped: string[] }> {
  const files: IngestFile[] = [];
  const ignored: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) throw new DocumentParseError(path, 'does not exist');
    if (info.isFile()) {
      files.push(await read(path, basename(path), true));
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true, recursive: true });
    for (const entry of entries.sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)))) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath, entry.name);
      const id = relative(path, full).split(sep).join('/');
      if (id.split('/').some(skipped)) continue;
      if (!formatOf(entry.name)) {
        ignored.push(id);
        continue;
      }
      files.push(await read(full, id, false));
    }
  }
  return { files, skipped: ignored };
}
