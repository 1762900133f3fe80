/**
 * Derives the English intent examples from the Bitext customer-support set (CDLA-Sharing-1.0)
 * in ../shared/data/intent: maps Bitext's 27 intents onto ours, removes duplicates and splits
 * train / held-out by utterance so that no held-out utterance (nor a copy of it with another
 * order number, amount or name) is ever trained on. Output is committed to the repo, so the
 * app and the tests never need ../shared; run again only to change the mapping or the split.
 *
 *   npx tsx scripts/build-intent-bitext.ts [--shared ../shared]
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCsv } from './lib/csv.js';
import { intentOfBitext } from './lib/bitext-mapping.js';

const repoRoot = resolve(import.meta.dirname, '..');
const sharedArg = process.argv.indexOf('--shared');
const sharedDir = resolve(sharedArg > 0 ? process.argv[sharedArg + 1]! : join(repoRoot, '..', 'shared'));
const sourceDir = join(sharedDir, 'data', 'intent');
const files = ['bitext_customer_support_v1_6480.csv', 'bitext_customer_support_v2_4514.csv'];
const outDir = join(repoRoot, 'src/nlu/intent/examples/en-bitext');
/** Share of distinct utterances held out; decided by a hash, so the split is stable across runs. */
const heldOutShare = 0.2;

if (!files.every((file) => existsSync(join(sourceDir, file)))) {
  console.error(`Bitext files not found in ${sourceDir}; pass --shared <dir> (the folder holding data/intent).`);
  process.exit(1);
}

/**
 * The key two utterances are "the same" by: Bitext fills its templates with order numbers,
 * amounts, names and account types; with those slots removed, one template is one utterance.
 */
function utteranceKey(text: string, entityValue: string, entityType: string): string {
  let key = text.toLowerCase();
  // The slot goes entirely, so "add something to order" and "add something to order 00123842"
  // are one utterance and cannot straddle the split.
  if (entityValue && entityType) key = key.split(entityValue.toLowerCase()).join(' ');
  // Case, spaces and punctuation go too: "i dont know" and "I don't know" are one utterance.
  return key.replace(/[#$]?\d[\d,.]*/g, ' ').replace(/[\s\p{P}\p{S}]+/gu, '');
}

interface Row {
  text: string;
  bitextIntent: string;
  label: string;
  key: string;
}

const byKey = new Map<string, Row>();
let total = 0;
for (const file of files) {
  const [header, ...records] = parseCsv(readFileSync(join(sourceDir, file), 'utf8'));
  const column = (name: string) => header!.indexOf(name);
  const [textAt, intentAt, valueAt, typeAt] = ['instruction', 'intent', 'entity_value', 'entity_type'].map(column) as [number, number, number, number];
  for (const record of records) {
    total++;
    const text = record[textAt]!.replace(/\s+/g, ' ').trim();
    const bitextIntent = record[intentAt]!;
    const label = intentOfBitext(bitextIntent, text);
    if (!label) throw new Error(`no mapping for Bitext intent ${bitextIntent}`);
    const key = utteranceKey(text, record[valueAt] ?? '', record[typeAt] ?? '');
    const seen = byKey.get(key);
    if (seen && seen.label !== label) throw new Error(`"${key}" is both ${seen.label} and ${label}`);
    if (!seen) byKey.set(key, { text, bitextIntent, label, key });
  }
}

const heldOut = (key: string) => createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32 < heldOutShare;
const rows = [...byKey.values()].sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
const header = (part: string) =>
  [
    `# Data from the Bitext customer-support data set (v1 and v2) by Bitext Innovations, CDLA-Sharing-1.0: see ../LICENSE-bitext.txt.`,
    `# CHANGED by the aftercare project: intents mapped to aftercare's labels, duplicates removed, split train/held-out (see ../README.md).`,
    `# ${part}. Columns: our label <TAB> utterance <TAB> Bitext intent. Built by scripts/build-intent-bitext.ts; do not edit by hand.`,
  ].join('\n');
const lines = (subset: Row[]) => subset.map((row) => `${row.label}\t${row.text}\t${row.bitextIntent}`).join('\n');
const train = rows.filter((row) => !heldOut(row.key));
const test = rows.filter((row) => heldOut(row.key));
writeFileSync(join(outDir, 'train.tsv'), `${header('Training part')}\n${lines(train)}\n`);
writeFileSync(join(outDir, 'held-out.tsv'), `${header('Held-out part: never trained on')}\n${lines(test)}\n`);
console.log(`${total} Bitext rows, ${rows.length} distinct utterances after masking slots: ${train.length} train, ${test.length} held out`);
