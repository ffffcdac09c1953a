import { type IntervalBlock, meterId, QualityFlag, Unit } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { parseNem12 } from './parse.js';
import { writeNem12 } from './write.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const CREATED = Date.UTC(2013, 0, 3, 2); // 12:00 NEM time

describe('writeNem12', () => {
  it('splits a block spanning midnight NEM time into day records and pads uncovered intervals as N', async () => {
    const start = Date.UTC(2013, 0, 1, 13); // 23:00 NEM time
    const block: IntervalBlock = {
      meterId: meterId('NMI0000009'),
      channel: '1-0:1.8.0*255',
      unit: Unit.Wh,
      start,
      intervalSeconds: 1800,
      values: [1234, 1, 0, 999_999].map((value) => ({ value, quality: 0 })),
      source: 'meter',
    };
    const lines = await collect(writeNem12([block], { createdAt: CREATED }));
    const days = lines.filter((l) => l.startsWith('300,')).map((l) => l.split(','));
    expect(days.map((d) => d[1])).toEqual(['20130101', '20130102']);
    expect(days[0]?.slice(2 + 46, 2 + 48)).toEqual(['1.234', '0.001']);
    expect(days[1]?.slice(2, 4)).toEqual(['0.000', '999.999']);
    const parsed = await collect(parseNem12(lines));
    expect(parsed[0]?.values[46]).toEqual({ value: 1234, quality: 0 });
    expect(parsed[0]?.values[0]).toEqual({ value: null, quality: QualityFlag.missing });
    expect(parsed[1]?.values[1]).toEqual({ value: 999_999, quality: 0 });
  });

  it('refuses units and interval lengths NEM12 cannot carry', async () => {
    const base = {
      meterId: meterId('NMI0000009'),
      channel: '1-0:1.8.0*255',
      start: 0,
      values: [],
      source: 'meter' as const,
    };
    await expect(collect(writeNem12([{ ...base, unit: Unit.litre, intervalSeconds: 1800 }]))).rejects.toThrow(
      RangeError,
    );
    await expect(collect(writeNem12([{ ...base, unit: Unit.Wh, intervalSeconds: 3600 }]))).rejects.toThrow(
      RangeError,
    );
  });
});
