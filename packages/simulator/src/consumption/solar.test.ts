import { describe, expect, it } from 'vitest';
import {
  clearSkyPvFraction,
  declinationDeg,
  latitudeDeg,
  PV_PERFORMANCE_RATIO,
  sinSolarElevation,
} from './solar.js';

const sinDeg = (d: number) => Math.sin((d * Math.PI) / 180);

describe('solar geometry', () => {
  it('puts the noon sun at 90° − latitude + declination', () => {
    // 45° N: solstice noon 68.44°, equinox about 45°, winter solstice 21.56°.
    expect(sinSolarElevation(45, 171, 12)).toBeCloseTo(sinDeg(90 - 45 + 23.44), 2);
    expect(sinSolarElevation(45, 354, 12)).toBeCloseTo(sinDeg(90 - 45 - 23.44), 2);
    expect(Math.abs(declinationDeg(79))).toBeLessThan(1.5);
    expect(sinSolarElevation(-45, 354, 12)).toBeCloseTo(sinDeg(90 - 45 + 23.44), 2);
  });

  it('has the sun below the horizon at midnight and symmetric about noon', () => {
    for (const doy of [0, 90, 171, 300]) {
      expect(sinSolarElevation(45, doy, 0)).toBeLessThan(0);
      expect(sinSolarElevation(45, doy, 9)).toBeCloseTo(sinSolarElevation(45, doy, 15), 12);
    }
  });

  it('makes no PV power below the horizon and at most the performance ratio × 1.1 × 0.7 × 1353 W/m²', () => {
    expect(clearSkyPvFraction(0)).toBe(0);
    expect(clearSkyPvFraction(-0.3)).toBe(0);
    expect(clearSkyPvFraction(1)).toBeCloseTo((PV_PERFORMANCE_RATIO * 1.1 * 0.7 * 1353) / 1000, 6);
    expect(clearSkyPvFraction(0.3)).toBeLessThan(clearSkyPvFraction(0.9));
    expect(latitudeDeg('northern')).toBe(45);
    expect(latitudeDeg(undefined)).toBe(-45);
  });
});
