import { describe, expect, it } from 'vitest';
import { mean, median, percentile, round, summarise } from '../src/stats.js';

describe('stats', () => {
  it('percentile is nearest rank: the smallest value with at least p% of the sample at or below it', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100…1, unsorted on purpose
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([7, 1, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('matches the console report on a small sample (ten latencies: p50 is the 5th, p95 the 10th)', () => {
    const ms = [120, 80, 300, 95, 110, 2000, 150, 90, 130, 100];
    expect(percentile(ms, 50)).toBe(110);
    expect(percentile(ms, 95)).toBe(2000);
    expect(median(ms)).toBe(110);
  });

  it('an empty sample has no percentile or mean, not a made-up zero', () => {
    expect(percentile([], 95)).toBeNaN();
    expect(mean([])).toBeNaN();
    expect(summarise([]).max).toBeNaN();
  });

  it("does not reorder the caller's array", () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  it('summarise gives count, p50, p95, p99 and max; round keeps the digits asked for', () => {
    expect(summarise([4, 2, 8, 6])).toEqual({ count: 4, p50: 4, p95: 8, p99: 8, max: 8 });
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(1.5, 0)).toBe(2);
  });
});
