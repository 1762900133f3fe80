import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvWithHeader } from '../../scripts/lib/csv.js';
import { PythonRandom, pythonRound, pythonStrip } from '../../scripts/sentiment-eval/python-random.js';

// The eval rebuilds the bundled model's held-out splits the way its Python script drew them;
// these values come from CPython 3.11 (`random.Random(13)` etc.), so the port stays bit-exact.
describe('CPython random, as prepare_data.py used it', () => {
  it('getrandbits after seeding with an integer', () => {
    const rng = new PythonRandom(13);
    expect([rng.getrandbits(32), rng.getrandbits(32), rng.getrandbits(32)]).toEqual([1112433019, 1248794762, 2943160652]);
    expect(Array.from({ length: 5 }, () => rng.getrandbits(5))).toEqual([29, 21, 25, 27, 28]);
  });

  it('shuffle', () => {
    const numbers = Array.from({ length: 20 }, (_, i) => i);
    new PythonRandom(13).shuffle(numbers);
    expect(numbers).toEqual([19, 6, 15, 16, 0, 18, 17, 14, 1, 12, 2, 11, 10, 3, 13, 4, 7, 5, 9, 8]);
    const letters = [...'abcdefgh'];
    new PythonRandom(4294967295).shuffle(letters);
    expect(letters).toEqual([...'aghcfebd']);
  });

  it('round() sends halves to the even neighbour; strip() removes what isspace() accepts', () => {
    expect([0.5, 1.5, 2.5, 2.6, 1815.6000000000001].map(pythonRound)).toEqual([0, 2, 2, 3, 1816]);
    expect(pythonStrip('\u3000\x1c text \x85\n')).toBe('text');
  });
});

describe('CSV as Python reads it', () => {
  it('quoted fields keep commas, doubled quotes and newlines; blank lines are skipped', () => {
    expect(parseCsv('1,"a, ""b""\nc",5\n\n2,plain,3\r\n')).toEqual([
      ['1', 'a, "b"\nc', '5'],
      ['2', 'plain', '3'],
    ]);
    expect(parseCsvWithHeader('label,review\n1,"好,评"\n0,差')).toEqual([
      { label: '1', review: '好,评' },
      { label: '0', review: '差' },
    ]);
  });

  it('a quote inside an unquoted field stays text and short rows are kept, as csv.reader does', () => {
    expect(parseCsv('a,5" screen,c\nd\n')).toEqual([['a', '5" screen', 'c'], ['d']]);
    expect(parseCsvWithHeader('label,review\n1')).toEqual([{ label: '1', review: '' }]);
  });
});
