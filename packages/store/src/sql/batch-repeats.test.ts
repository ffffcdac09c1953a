import { describe, expect, it } from 'vitest';
import type { StagedBlock } from './backend.js';
import { mayRepeatIntervals } from './batch-repeats.js';

const H = 3_600_000;
const block = (blockNo: number, meterId: string, start: number, n: number, channel = 'c'): StagedBlock => ({
  blockNo,
  meterId,
  channel,
  unit: 30,
  intervalSeconds: 900,
  source: 'meter',
  start,
  values: Array.from({ length: n }, () => ({ value: 1, quality: 0 })),
});

describe('mayRepeatIntervals', () => {
  it('is false for adjacent blocks of one series and for overlapping blocks of different series', () => {
    expect(mayRepeatIntervals([block(0, 'A', 0, 4), block(1, 'A', H, 4)])).toBe(false);
    expect(mayRepeatIntervals([block(0, 'A', 0, 4), block(1, 'B', 0, 4), block(2, 'A', 0, 4, 'd')])).toBe(
      false,
    );
    expect(mayRepeatIntervals([])).toBe(false);
  });

  it('is true when two blocks of one series overlap, in any order', () => {
    expect(mayRepeatIntervals([block(0, 'A', H, 4), block(1, 'A', 0, 5)])).toBe(true);
    expect(mayRepeatIntervals([block(0, 'A', 0, 4), block(1, 'B', 0, 1), block(2, 'A', 0, 1)])).toBe(true);
  });
});
