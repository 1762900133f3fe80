import { describe, expect, it } from 'vitest';
import { parseRating } from '../../src/handoff/rating.js';

describe('a reply that is only a rating', () => {
  it.each([
    ['5', 5],
    ['1', 1],
    [' 4 ', 4],
    ['4/5', 4],
    ['3 out of 5', 3],
    ['5 stars!', 5],
    ['2 star', 2],
    ['⭐⭐⭐⭐', 4],
    ['★★', 2],
    ['五星', 5],
    ['3分', 3],
    ['四', 4],
    ['5。', 5],
  ])('%j is %i', (text, rating) => {
    expect(parseRating(text)).toBe(rating);
  });

  it.each(['0', '6', '10', '45', '1, and I still have no refund', 'order 12345', 'five', '', '⭐⭐⭐⭐⭐⭐', '退款5天了'])('%j is not a rating', (text) => {
    expect(parseRating(text)).toBeNull();
  });
});
