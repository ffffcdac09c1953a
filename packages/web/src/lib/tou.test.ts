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
  it('colours the cheapest period green and the dearest red, whatever their number', () => {
    expect(touColour(['off-peak', 'peak'], 'off-peak')).toBe('#4aa37a');
    expect(touColour(['off-peak', 'peak'], 'peak')).toBe('#c8553d');
    expect(touColour(['off-peak', 'shoulder', 'peak'], 'shoulder')).toBe('#e0a030');
    expect(touColour(['off-peak', 'shoulder', 'peak'], 'peak')).toBe('#c8553d');
    expect(touColour(['flat'], 'flat')).toBe('#2f6fb0');
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(six.map((p) => touColour(six, p))).toEqual([...TOU_COLOURS]);
    expect(touColour(['a'], 'unknown')).toBe('#8c8c8c');
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
