/**
 * Builds the widget script as the server does and prints its size; `--out <file>` also writes it
 * (the server never reads such a file: it builds from the sources on its first request).
 *
 *   npm run build:widget
 *   npm run build:widget -- --out dist/widget.js
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWidget } from '../adapters/web/widget-bundle.js';

const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
const built = await buildWidget();
const gzip = gzipSync(built.code).length;
console.log(`widget.js: ${built.code.length} bytes, ${gzip} bytes gzipped, built in ${built.ms} ms`);
if (out) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, built.code);
  console.log(`written to ${out}`);
}
