// The core declares what an intent classifier is (its port); the classifiers here implement it.
export type { IntentClassifier, IntentInput } from '../../core/ports/analysis.js';
