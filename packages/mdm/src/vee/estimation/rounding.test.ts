import { describe, expect, it } from 'vitest';
import { apportion, scaleToTotal } from './rounding.js';

describe('apportion', () => {
  it('gives the remainder to the largest fractions, ties to the earlier interval', () => {
    expect(apportion([1.5, 1.5, 1], 4)).toEqual([2, 1, 1]);
    expect(apportion([0.2, 0.7, 0.1], 1)).toEqual([0, 1, 0]);
  });
  it('keeps integers as they are', () => {
    expect(apportion([3, 4, 5], 12)).toEqual([3, 4, 5]);
  });
});

describe('scaleToTotal', () => {
  it('scales 1:3 to 10 as 3 + 7 (2.5 and 7.5, tie to the first)', () => {
    expect(scaleToTotal([1, 3], 10)).toEqual([3, 7]);
  });
  it('shares a total evenly over zero weights, summing exactly', () => {
    expect(scaleToTotal([0, 0, 0], 10)).toEqual([4, 3, 3]);
  });
  it('sums exactly for awkward weights', () => {
    const w = [0.1, 1 / 3, 2 / 7, 5, 11 / 13, 0];
    expect(scaleToTotal(w, 997).reduce((a, b) => a + b, 0)).toBe(997);
  });
});
