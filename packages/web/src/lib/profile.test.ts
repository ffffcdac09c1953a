import { describe, expect, it } from 'vitest';
import { classify, profileSeries } from './profile.js';

const at = (h: number, m: number) => new Date(Date.UTC(2026, 10, 20, h, m)).toISOString();

describe('profileSeries', () => {
  it('puts each interval in the column of its class, sorted by time, in kWh', () => {
    const s = profileSeries([
      { start: at(0, 15), value: 250, quality: ['estimated'], kind: 'estimated' },
      { start: at(0, 0), value: 500, quality: [], kind: 'validated' },
      { start: at(0, 30), value: 125, quality: ['edited'], kind: 'edited' },
      { start: at(0, 45), value: null, quality: ['missing'], kind: 'raw' },
    ]);
    expect(s.x).toEqual([0, 15, 30, 45].map((m) => Date.UTC(2026, 10, 20, 0, m) / 1000));
    expect(s.measured).toEqual([0.5, null, null, null]);
    expect(s.estimated).toEqual([null, 0.25, null, null]);
    expect(s.edited).toEqual([null, null, 0.125, null]);
    expect(s.counts).toEqual({ measured: 1, estimated: 1, edited: 1, missing: 1 });
    expect(s.totalWh).toBe(875);
  });

  it('classifies by quality flags when the kind says nothing, edited before estimated', () => {
    expect(classify({ start: at(0, 0), value: 1, quality: ['estimated', 'edited'] })).toBe('edited');
    expect(classify({ start: at(0, 0), value: 1, quality: ['estimated', 'powerOutage'] })).toBe('estimated');
    expect(classify({ start: at(0, 0), value: 0, quality: [] })).toBe('measured');
    expect(classify({ start: at(0, 0), value: null, quality: [] })).toBe('missing');
  });

  it('drops intervals whose start is not a time', () => {
    expect(profileSeries([{ start: 'nope', value: 1, quality: [] }]).x).toEqual([]);
  });
});
