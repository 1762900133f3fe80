import type { IndexSnapshot } from '../index/index-snapshot.js';
import { indexTextOf } from '../index/version-files.js';

/**
 * Reads what a text is about as a probability distribution over topics: in aftercare, the
 * intent classifier (a model trained on customer messages) and its labels. The knowledge base
 * declares this port; the runtime plugs the classifier in.
 */
export interface TopicReader {
  readonly id: string;
  topics(text: string): ReadonlyArray<{ label: string; probability: number }>;
}

type Distribution = ReadonlyMap<string, number>;

const toMap = (topics: ReadonlyArray<{ label: string; probability: number }>): Distribution => new Map(topics.map((t) => [t.label, t.probability]));

function average(a: Distribution, b: Distribution): Distribution {
  const labels = new Set([...a.keys(), ...b.keys()]);
  return new Map([...labels].map((label) => [label, ((a.get(label) ?? 0) + (b.get(label) ?? 0)) / 2]));
}

/** Per snapshot and reader: what each passage (with its translation, when it has one) is about. */
const cache = new WeakMap<IndexSnapshot, { reader: TopicReader; passages: Array<Distribution | undefined> }>();

function passageTopics(snapshot: IndexSnapshot, reader: TopicReader, index: number): Distribution {
  let entry = cache.get(snapshot);
  if (!entry || entry.reader !== reader) cache.set(snapshot, (entry = { reader, passages: [] }));
  let topics = entry.passages[index];
  if (!topics) {
    const own = toMap(reader.topics(indexTextOf(snapshot.chunks[index]!)));
    const twin = snapshot.translations.get(index);
    topics = twin === undefined ? own : average(own, toMap(reader.topics(indexTextOf(snapshot.chunks[twin]!))));
    entry.passages[index] = topics;
  }
  return topics;
}

/**
 * The prior that a passage serves a question: how much the two are about the same thing, the
 * probability that a topic drawn for the question and one drawn for the passage agree
 * (0..1). A parcel "stuck for a week" reads as order status, and so does the tracking rule,
 * though they share few words; "do you sell gift wrapping?" reads as a product question,
 * which no returns rule is about.
 */
export function topicPrior(snapshot: IndexSnapshot, reader: TopicReader | undefined, query: string): (index: number) => number {
  if (!reader) return () => 0;
  const question = toMap(reader.topics(query));
  return (index) => {
    let agreement = 0;
    for (const [label, probability] of passageTopics(snapshot, reader, index)) agreement += probability * (question.get(label) ?? 0);
    return agreement;
  };
}
