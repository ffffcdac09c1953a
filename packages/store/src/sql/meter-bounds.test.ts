import { describe, expect, it } from 'vitest';
import { meterBounds, meterRangeSql } from './interval-sql.js';

describe('meterBounds', () => {
  it('gives the smallest and largest id in byte order', () => {
    expect(meterBounds(['GM00000002', 'GM00000010', 'GM00000001'])).toEqual(['GM00000001', 'GM00000010']);
    expect(meterBounds(['gm-1', 'GM-10', 'a', 'Z_1:2'])).toEqual(['GM-10', 'gm-1']);
  });

  it('is undefined for no ids', () => {
    expect(meterBounds([])).toBeUndefined();
  });
});

describe('meterRangeSql', () => {
  it('bounds the alias between two parameters, or adds nothing', () => {
    expect(meterRangeSql('iv', 4)).toBe(
      ' AND iv.meter_id >= CAST($4 AS TEXT) AND iv.meter_id <= CAST($5 AS TEXT)',
    );
    expect(meterRangeSql('iv', undefined)).toBe('');
  });
});
