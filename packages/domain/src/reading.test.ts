import { describe, expect, it } from 'vitest';
import { meterId } from './identity.js';
import { quality } from './quality.js';
import { blockReadings, checkIntervalBlock, type IntervalBlock, intervalStart } from './reading.js';

const block: IntervalBlock = {
  meterId: meterId('GM1'),
  channel: '1-0:1.8.0*255',
  unit: 30,
  start: Date.UTC(2026, 0, 1),
  intervalSeconds: 900,
  values: [
    { value: 120, quality: 0 },
    { value: null, quality: quality('missing') },
    { value: 80, quality: quality('estimated') },
  ],
  source: 'meter',
};

describe('IntervalBlock', () => {
  it('places interval i at start + i·interval', () => {
    expect(intervalStart(block, 2)).toBe(Date.UTC(2026, 0, 1, 0, 30));
  });

  it('expands into readings without the missing ones', () => {
    const r = blockReadings(block);
    expect(r.map((x) => [x.timestamp - block.start, x.value])).toEqual([
      [0, 120],
      [1_800_000, 80],
    ]);
  });

  it('rejects unaligned starts, odd intervals and non-integer values', () => {
    expect(checkIntervalBlock(block)).toBe(block);
    expect(() => checkIntervalBlock({ ...block, start: block.start + 1 })).toThrow(/not aligned/);
    expect(() => checkIntervalBlock({ ...block, intervalSeconds: 7 })).toThrow(/divide a day/);
    expect(() => checkIntervalBlock({ ...block, values: [{ value: 1.5, quality: 0 }] })).toThrow(
      /safe integer/,
    );
  });
});

describe('identities', () => {
  it('refuses ids that cannot be a bus subject token', () => {
    expect(meterId('GM-000_1:a')).toBe('GM-000_1:a');
    expect(() => meterId('GM.1')).toThrow(RangeError);
    expect(() => meterId('')).toThrow(RangeError);
    expect(() => meterId('a'.repeat(65))).toThrow(RangeError);
  });
});
