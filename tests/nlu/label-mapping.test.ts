import { describe, expect, it } from 'vitest';
import { labelMapper, toClassProbabilities, UnsupportedLabelsError } from '../../src/nlu/sentiment/model/label-mapping.js';

describe('model label sets onto negative / neutral / positive', () => {
  it('named three-way labels, in any case or order', () => {
    const map = labelMapper({ 0: 'positive', 1: 'neutral', 2: 'negative' });
    const probs = toClassProbabilities(
      [
        { label: 'negative', score: 0.7 },
        { label: 'neutral', score: 0.2 },
        { label: 'positive', score: 0.1 },
      ],
      map,
    );
    [0.7, 0.2, 0.1].forEach((expected, i) => expect(probs[i]).toBeCloseTo(expected));
    expect(labelMapper({ 0: 'NEGATIVE', 1: 'POSITIVE' })('POSITIVE')).toBe('positive');
  });

  it('star ratings: 1–2 negative, 3 neutral, 4–5 positive, summed', () => {
    const map = labelMapper({ 0: '1 star', 1: '2 stars', 2: '3 stars', 3: '4 stars', 4: '5 stars' });
    const probs = toClassProbabilities(
      [
        { label: '1 star', score: 0.4 },
        { label: '2 stars', score: 0.2 },
        { label: '3 stars', score: 0.1 },
        { label: '4 stars', score: 0.2 },
        { label: '5 stars', score: 0.1 },
      ],
      map,
    );
    expect(probs[0]).toBeCloseTo(0.6);
    expect(probs[1]).toBeCloseTo(0.1);
    expect(probs[2]).toBeCloseTo(0.3);
  });

  it('generic ids by how many there are', () => {
    expect(['LABEL_0', 'LABEL_1'].map(labelMapper({ 0: 'LABEL_0', 1: 'LABEL_1' }))).toEqual(['negative', 'positive']);
    expect(['LABEL_0', 'LABEL_1', 'LABEL_2'].map(labelMapper({ 0: 'LABEL_0', 1: 'LABEL_1', 2: 'LABEL_2' }))).toEqual(['negative', 'neutral', 'positive']);
  });

  it('refuses a label set it cannot read rather than guessing', () => {
    expect(() => labelMapper({ 0: 'joy', 1: 'anger', 2: 'sadness' })).toThrow(UnsupportedLabelsError);
  });
});
