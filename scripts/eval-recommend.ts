/**
 * Hit rate@10 and NDCG@10 of the recommender against popularity and random on the UCI Online
 * Retail data bundled in src/recommend/data: what customers bought before a cut-off is their
 * history, what they bought after it is what a recommendation should have found.
 *
 *   dev  (tuning): history before 2011-05-01, purchases 2011-05-01 … 2011-07-31 — only the older file
 *   test (reported): history before 2011-08-01, purchases from then to 2011-12-09
 *
 * Parameters (src/recommend/recommender-params.ts defaults) were chosen on dev only:
 *
 *   npm run eval:recommend -- --tune '{"neighbours":30}' '{"coRecencyHalfLifeDays":60}'
 *
 * scores each variant of the defaults on dev and never looks at test. Measured (issue 22):
 *
 *   split  all items HR@10 / NDCG@10   new items HR@10 / NDCG@10
 *   dev    0.838 / 0.394  (was 0.838 / 0.395)   0.629 / 0.168  (was 0.610 / 0.157)
 *   test   0.826 / 0.404  (was 0.819 / 0.405)   0.572 / 0.152  (was 0.554 / 0.143)
 *
 * `--with-cosine` adds the plain item-to-item cosine anchor (slow: about a minute).
 */
import {
  evaluate,
  ownPastByPopularityRanker,
  plainCosineParams,
  popularityRanker,
  randomRanker,
  recommenderRanker,
  timeSplit,
  type Ranker,
  type TimeSplit,
} from '../src/recommend/evaluation.js';
import { onlineRetailFiles, readOrderHistoryCsv } from '../src/recommend/online-retail.js';
import { defaultRecommenderParams, type RecommenderParams } from '../src/recommend/recommender.js';

const before = readOrderHistoryCsv(onlineRetailFiles.before);
const dev = timeSplit('dev', before, new Date('2011-05-01T00:00:00Z'), new Date('2011-08-01T00:00:00Z'));
const pct = (x: number) => x.toFixed(3);

const tune = process.argv.indexOf('--tune');
if (tune >= 0) {
  // Dev only: the test split is not even built.
  for (const variant of [{}, ...process.argv.slice(tune + 1).map((json) => JSON.parse(json) as Partial<RecommenderParams>)]) {
    const rank = recommenderRanker(dev, { ...defaultRecommenderParams, ...variant });
    const all = evaluate(dev, rank, 'all');
    const fresh = evaluate(dev, rank, 'new');
    console.log(`dev ${JSON.stringify(variant)}: all items ${pct(all.hitRate)} / ${pct(all.ndcg)}, new items ${pct(fresh.hitRate)} / ${pct(fresh.ndcg)} (HR@10 / NDCG@10)`);
  }
  process.exit(0);
}

const after = readOrderHistoryCsv(onlineRetailFiles.after);
const splits: TimeSplit[] = [dev, timeSplit('test', [...before, ...after], new Date('2011-08-01T00:00:00Z'), new Date('2012-01-01T00:00:00Z'))];
const withCosine = process.argv.includes('--with-cosine');
for (const split of splits) {
  const rankers: Array<[string, Ranker]> = [
    ['recommender', recommenderRanker(split, defaultRecommenderParams)],
    ['popularity', popularityRanker(split)],
    ['random', randomRanker(split)],
    ['own past items by popularity', ownPastByPopularityRanker(split)],
  ];
  if (withCosine) rankers.push(['plain item-item cosine', recommenderRanker(split, plainCosineParams)]);
  console.log(`\n${split.name}: history before ${split.cutoff.toISOString().slice(0, 10)}, ${split.future.size} customers in both periods`);
  console.log('| ranker | all items HR@10 | all items NDCG@10 | new items HR@10 | new items NDCG@10 |');
  console.log('|---|---|---|---|---|');
  for (const [name, rank] of rankers) {
    const all = evaluate(split, rank, 'all');
    const fresh = name.startsWith('own past') ? null : evaluate(split, rank, 'new');
    console.log(
      `| ${name} | ${pct(all.hitRate)} | ${pct(all.ndcg)} | ${fresh ? pct(fresh.hitRate) : '–'} | ${fresh ? `${pct(fresh.ndcg)} (${fresh.customers} customers)` : '–'} |`,
    );
  }
}
