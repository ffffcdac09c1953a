import { describe, expect, it } from 'vitest';
import {
  checkQuality,
  hasQuality,
  isActual,
  QualityFlag,
  quality,
  qualityNames,
  withoutQuality,
  withQuality,
} from './quality.js';

describe('QualityFlags', () => {
  it('combines and names flags', () => {
    const q = quality('estimated', 'powerOutage');
    expect(q).toBe(QualityFlag.estimated | QualityFlag.powerOutage);
    expect(qualityNames(q)).toEqual(['estimated', 'powerOutage']);
    expect(hasQuality(q, 'estimated')).toBe(true);
    expect(hasQuality(q, 'edited')).toBe(false);
  });

  it('adds and removes flags without touching others', () => {
    const q = withQuality(quality('suspect'), 'edited');
    expect(qualityNames(q)).toEqual(['edited', 'suspect']);
    expect(qualityNames(withoutQuality(q, 'suspect'))).toEqual(['edited']);
  });

  it('keeps bit positions stable (they are stored)', () => {
    expect(QualityFlag.missing).toBe(1);
    expect(QualityFlag.estimated).toBe(2);
    expect(QualityFlag.edited).toBe(4);
    expect(QualityFlag.powerOutage).toBe(64);
  });

  it('rejects unknown bits', () => {
    expect(() => checkQuality(1 << 30)).toThrow(RangeError);
    expect(() => checkQuality(-1)).toThrow(RangeError);
    expect(() => qualityNames(1 << 20)).toThrow(/Unknown quality bits/);
  });

  it('calls a value actual only when measured and valid', () => {
    expect(isActual(0)).toBe(true);
    expect(isActual(quality('clockAdjusted'))).toBe(true);
    expect(isActual(quality('estimated'))).toBe(false);
    expect(isActual(quality('failedValidation'))).toBe(false);
  });
});
