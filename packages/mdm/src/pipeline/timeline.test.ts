import { meterId, QualityFlag } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { Slot, Timeline } from './timeline.js';

const T0 = Date.UTC(2026, 2, 2);
const H = 3_600_000;
const meta = {
  meterId: meterId('GM00000001'),
  channel: '1-0:1.8.0*255',
  unit: 30,
  intervalSeconds: 3600,
  source: 'meter',
} as const;

describe('Timeline.advanceTo', () => {
  it('moves the grid forward in place: kept slots keep their contents, new ones are empty', () => {
    const tl = new Timeline(meta, T0, T0 + 4 * H);
    tl.fillFromStore([
      { ...meta, start: T0, values: [10, 20, 30, 40].map((value) => ({ value, quality: 0 })) },
    ]);
    expect(tl.advanceTo(T0 + 2 * H)).toBe(true);
    expect(tl.from).toBe(T0 + 2 * H);
    expect(tl.to).toBe(T0 + 6 * H);
    expect(tl.values).toEqual([30, 40, null, null]);
    expect(tl.quality).toEqual([0, 0, QualityFlag.missing, QualityFlag.missing]);
    expect([...tl.slot]).toEqual([Slot.stored, Slot.stored, Slot.absent, Slot.absent]);
    expect([...tl.storedQuality]).toEqual([0, 0, -1, -1]);
    expect(tl.series(T0 + 2 * H, T0 + 4 * H).values).toEqual([30, 40]);
  });

  it('refuses to move backwards, off the grid, or to another interval length', () => {
    const tl = new Timeline(meta, T0, T0 + 4 * H);
    expect(tl.advanceTo(T0 - H)).toBe(false);
    expect(tl.advanceTo(T0 + H / 2)).toBe(false);
    expect(tl.advanceTo(T0 + H, { ...meta, intervalSeconds: 900 })).toBe(false);
    expect(tl.from).toBe(T0);
  });
});
