/**
 * Splits a freshly written evaluation set into a dev part (studied and tuned on) and a frozen test
 * part (only run and reported). The split is decided by a hash of each item's id, so nobody chooses
 * which items land where and rerunning it on the same file gives the same parts.
 *
 *   tsx scripts/split-frozen-set.ts <input.jsonl> <dev.jsonl> <test.jsonl> [devPercent=40]
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const [input, devPath, testPath, percentArg] = process.argv.slice(2);
if (!input || !devPath || !testPath) {
  console.error('usage: tsx scripts/split-frozen-set.ts <input.jsonl> <dev.jsonl> <test.jsonl> [devPercent=40]');
  process.exit(64);
}
const devPercent = Number(percentArg ?? 40);
const lines = readFileSync(input, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
const dev: string[] = [];
const test: string[] = [];
for (const line of lines) {
  const { id } = JSON.parse(line) as { id: string };
  const bucket = createHash('sha256').update(id).digest().readUInt32BE(0) % 100;
  (bucket < devPercent ? dev : test).push(line);
}
writeFileSync(devPath, dev.join('\n') + '\n');
writeFileSync(testPath, test.join('\n') + '\n');
console.log(`${input}: ${dev.length} dev, ${test.length} test`);
