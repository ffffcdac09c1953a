import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { progressiveFactor, registeredUnderTheft, theftDraw, zeroWindowShare } from './theft.js';
import type { TheftModel } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const monday = Date.UTC(2026, 0, 5);
const at = (start: number, intervalSeconds = 900) => ({ start, intervalSeconds, theftStart: monday });

describe('registeredUnderTheft', () => {
  it('constant-factor 0.6 of 1000 Wh registers 600 Wh', () => {
    expect(registeredUnderTheft({ kind: 'constant-factor', factor: 0.6 }, 1000, at(monday))).toBe(600);
    expect(registeredUnderTheft({ kind: 'constant-factor', factor: 0 }, 1000, at(monday))).toBe(0);
  });

  it('zero-windows registers nothing at 23:00 local and everything at 12:00 local (UTC+1)', () => {
    const model: TheftModel = { kind: 'zero-windows', hours: [[22, 6]] };
    const local = (h: number) => ({
      ...at(monday + h * HOUR - HOUR),
      theftStart: monday - DAY,
      utcOffsetMinutes: 60,
    });
    expect(registeredUnderTheft(model, 800, local(23))).toBe(0);
    expect(registeredUnderTheft(model, 800, local(3))).toBe(0);
    expect(registeredUnderTheft(model, 800, local(12))).toBe(800);
    expect(registeredUnderTheft(model, 800, local(6))).toBe(800);
    // an hour from 21:30 to 22:30 local is half inside the window
    expect(registeredUnderTheft(model, 800, { ...local(21.5), intervalSeconds: 3600 })).toBe(400);
    // a whole local day: 8 of 24 hours are zeroed
    expect(registeredUnderTheft(model, 2400, { ...local(0), intervalSeconds: 86_400 })).toBe(1600);
  });

  it('capping registers at most the cap per interval', () => {
    expect(registeredUnderTheft({ kind: 'capping', capWh: 150 }, 1000, at(monday))).toBe(150);
    expect(registeredUnderTheft({ kind: 'capping', capWh: 150 }, 90, at(monday))).toBe(90);
  });

  it('subtracting removes a fixed amount per interval, never below zero', () => {
    expect(registeredUnderTheft({ kind: 'subtracting', subtractWh: 40 }, 1000, at(monday))).toBe(960);
    expect(registeredUnderTheft({ kind: 'subtracting', subtractWh: 40 }, 25, at(monday))).toBe(0);
  });

  it('progressive is half-way between 1 and the final factor half-way through its ramp', () => {
    const model: TheftModel = { kind: 'progressive', finalFactor: 0.5, days: 10 };
    // an interval centred on day 5: mean factor 0.75
    expect(registeredUnderTheft(model, 1000, at(monday + 5 * DAY - 450_000))).toBe(750);
    expect(registeredUnderTheft(model, 1000, at(monday))).toBe(1000); // mean factor 0.99974
    expect(registeredUnderTheft(model, 1000, at(monday + 30 * DAY))).toBe(500);
    expect(progressiveFactor(0.5, 10 * DAY, 5 * DAY)).toBe(0.75);
  });

  it('random-factor registers within [min, max] of the truth, drawn per interval', () => {
    const model: TheftModel = { kind: 'random-factor', min: 0.3, max: 0.7 };
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const start = monday + i * 900_000;
      const wh = registeredUnderTheft(model, 10_000, {
        ...at(start),
        draw: theftDraw(42, 'theft-random', 17, start),
      });
      expect(wh).toBeGreaterThanOrEqual(3000);
      expect(wh).toBeLessThanOrEqual(7000);
      seen.add(wh);
    }
    expect(seen.size).toBeGreaterThan(400);
    expect(registeredUnderTheft(model, 10_000, { ...at(monday), draw: 0 })).toBe(3000);
  });

  it('draws the same factor for the same key and a different one for another meter', () => {
    expect(theftDraw(42, 'x', 1, monday)).toBe(theftDraw(42, 'x', 1, monday));
    expect(theftDraw(42, 'x', 1, monday)).not.toBe(theftDraw(42, 'x', 2, monday));
  });

  it('leaves intervals outside the theft window alone and scales one it half covers', () => {
    const model: TheftModel = { kind: 'constant-factor', factor: 0 };
    expect(registeredUnderTheft(model, 1000, at(monday - 900_000))).toBe(1000);
    expect(registeredUnderTheft(model, 1000, { ...at(monday + DAY), theftEnd: monday + DAY })).toBe(1000);
    // the theft starts half-way through the interval
    expect(registeredUnderTheft(model, 1000, at(monday - 450_000))).toBe(500);
  });

  it('zeroWindowShare merges overlapping windows', () => {
    expect(
      zeroWindowShare(
        [
          [1, 4],
          [2, 6],
        ],
        monday,
        monday + DAY,
        0,
      ),
    ).toBeCloseTo(5 / 24, 12);
    expect(zeroWindowShare([[0, 24]], monday + 5 * HOUR, monday + 7 * HOUR, 0)).toBe(1);
  });

  const models: fc.Arbitrary<TheftModel> = fc.oneof(
    fc.record({
      kind: fc.constant('constant-factor' as const),
      factor: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    fc.record({
      kind: fc.constant('zero-windows' as const),
      hours: fc.array(
        fc
          .tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 24 }))
          .filter(([a, b]) => a !== b),
        { minLength: 1, maxLength: 3 },
      ),
    }),
    fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([a, b]) => ({ kind: 'random-factor' as const, min: Math.min(a, b), max: Math.max(a, b) })),
    fc.record({ kind: fc.constant('capping' as const), capWh: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
    fc.record({
      kind: fc.constant('subtracting' as const),
      subtractWh: fc.double({ min: 0, max: 1e6, noNaN: true }),
    }),
    fc.record({
      kind: fc.constant('progressive' as const),
      finalFactor: fc.double({ min: 0, max: 1, noNaN: true }),
      days: fc.double({ min: 0.01, max: 365, noNaN: true }),
    }),
  );

  it('always registers a whole number of Wh between 0 and the truth', () => {
    fc.assert(
      fc.property(
        models,
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: -30 * 96, max: 400 * 96 }),
        fc.constantFrom(60, 900, 1800, 3600, 86_400),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: -720, max: 840 }),
        (model, trueWh, slot, seconds, draw, utcOffsetMinutes) => {
          const wh = registeredUnderTheft(model, trueWh, {
            start: monday + slot * 900_000,
            intervalSeconds: seconds,
            theftStart: monday,
            theftEnd: monday + 200 * DAY,
            utcOffsetMinutes,
            draw,
          });
          expect(Number.isInteger(wh)).toBe(true);
          expect(wh).toBeGreaterThanOrEqual(0);
          expect(wh).toBeLessThanOrEqual(trueWh);
        },
      ),
    );
  });
});
