import { lexiconSignals } from '../sentiment/lexicon/signals.js';

/**
 * The message asks a question or makes a request ("有没有兼职的岗位", "I'd like to return…"),
 * so a reply that cannot answer it counts as the bot failing; "still nothing…" does not.
 */
export function asksSomething(text: string): boolean {
  const signals = lexiconSignals(text);
  return signals.question || signals.request;
}
