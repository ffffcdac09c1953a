import { meterId } from '@gridmeter/domain';
import { describe, expect, test } from 'vitest';
import type { MeterSummary } from '../ports.js';
import { HttpProblem } from '../problems.js';
import { editBlocks } from './intervals.js';
import { meterMatches } from './meters.js';

describe('editBlocks', () => {
  const m = meterId('M1');
  test('consecutive starts share a block; a gap starts a new one; values are flagged edited', () => {
    const blocks = editBlocks(m, 'c', 30, 900, [
      { start: 1_800_000, value: 3 },
      { start: 0, value: 1 },
      { start: 900_000, value: 2 },
      { start: 4_500_000, value: 5 },
    ]);
    expect(blocks.map((b) => [b.start, b.values.map((v) => v.value)])).toEqual([
      [0, [1, 2, 3]],
      [4_500_000, [5]],
    ]);
    expect(blocks.every((b) => b.source === 'edit' && b.values.every((v) => v.quality === 4))).toBe(true);
  });

  test('a repeated or unaligned start is a 400 problem', () => {
    expect(() =>
      editBlocks(m, 'c', 30, 900, [
        { start: 0, value: 1 },
        { start: 0, value: 2 },
      ]),
    ).toThrow(HttpProblem);
    expect(() => editBlocks(m, 'c', 30, 900, [{ start: 60_000, value: 1 }])).toThrow(/aligned/);
  });
});

describe('meterMatches', () => {
  const meter: MeterSummary = {
    id: 'GM0001',
    kind: 'electricity',
    role: 'customer',
    servicePointId: 'SP-A1',
    customerName: 'Alice Example',
    feederId: 'F1',
    transformerId: 'T1',
    address: '127.1.0.1:4059',
    protocol: 'dlms-wrapper',
    supply: 'connected',
    prepaid: false,
    openAlarms: 0,
  };
  test('q matches id, service point, customer, address case-insensitively; filters must all hold', () => {
    for (const q of ['gm0001', 'sp-a', 'ALICE', '127.1.0.1']) expect(meterMatches(meter, { q })).toBe(true);
    expect(meterMatches(meter, { q: 'bob' })).toBe(false);
    expect(meterMatches(meter, { kind: 'electricity', feederId: 'F1', supply: 'connected' })).toBe(true);
    expect(meterMatches(meter, { kind: 'electricity', feederId: 'F2' })).toBe(false);
    expect(meterMatches(meter, { role: 'check' })).toBe(false);
  });
});
