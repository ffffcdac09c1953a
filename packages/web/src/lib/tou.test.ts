import { describe, expect, it } from 'vitest';
import { orderPeriods, stackByPeriod, TOU_COLOURS, touColour } from './tou.js';

describe('TOU periods', () => {
  it('orders periods by price, cheapest first, then unknown ones by name', () => {
    expect(
      orderPeriods(['peak', 'off-peak', 'shoulder', 'zeta', 'alpha'], {
        peak: 40,
        'off-peak': 12,
        shoulder: 25,
      }),
    ).toEqual(['off-peak', 'shoulder', 'peak', 'alpha', 'zeta']);
  });
  it('gives each period the colour of its rank', () => {
    const ordered = ['off-peak', 'peak'];
    expect(touColour(ordered, 'off-peak')).toBe(TOU_COLOURS[0]);
    expect(touColour(ordered, 'peak')).toBe(TOU_COLOURS[1]);
  });
  it('stacks kWh per period and bucket, 0 where a bucket lacks a period', () => {
    const buckets = [
      { importWh: 3000, byPeriod: { peak: 1000, 'off-peak': 2000 } },
      { importWh: 500, byPeriod: { 'off-peak': 500 } },
    ];
    expect(stackByPeriod(buckets, ['off-peak', 'peak'])).toEqual([
      { period: 'off-peak', kwh: [2, 0.5] },
      { period: 'peak', kwh: [1, 0] },
    ]);
  });
  it('shows plain usage when the tariff has no periods', () => {
    expect(stackByPeriod([{ importWh: 1500, byPeriod: {} }], [])).toEqual([{ period: 'usage', kwh: [1.5] }]);
  });
});
