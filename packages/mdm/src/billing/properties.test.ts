import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateBill, rebill } from './bill.js';
import { computeDeterminants } from './determinants.js';
import type { TariffVersion } from './tariff.js';
import { account, residentialTou, seriesOf, version } from './testing.js';

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);
const touPrices = {
  kind: 'tou',
  pricesMicro: { peak: 351_234, shoulder: 200_001, offpeak: 99_999 },
} as const;

/** Days from 1 Jan 2026, 15-min values of 0–5,000 Wh for that many days. */
const usage = fc
  .integer({ min: 0, max: 400 })
  .chain((day) =>
    fc
      .integer({ min: 1, max: 10 })
      .chain((days) =>
        fc
          .array(fc.integer({ min: 0, max: 5000 }), { minLength: days * 96, maxLength: days * 96 })
          .map((values) => ({ start: BASE + day * DAY, days, values })),
      ),
  );
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('billing properties', () => {
  it('TOU buckets sum to the total energy', () => {
    const t = version({ tou: residentialTou, energy: touPrices });
    fc.assert(
      fc.property(usage, ({ start, days, values }) => {
        const d = computeDeterminants(t, [seriesOf(start, 900, values)], start, start + days * DAY);
        expect(sum(d.importWhByPeriod)).toBe(sum(values));
        expect(d.importWh).toBe(sum(values));
      }),
    );
  });

  it('proration at a tariff version change conserves energy', () => {
    fc.assert(
      fc.property(usage, fc.integer({ min: 1, max: 9 }), ({ start, days, values }, split) => {
        const v1 = version({ tou: residentialTou, energy: touPrices, effectiveFrom: start });
        const v2: TariffVersion = { ...v1, version: 2, effectiveFrom: start + Math.min(split, days) * DAY };
        const b = calculateBill(account, [v1, v2], [seriesOf(start, 900, values)], {
          start,
          end: start + days * DAY,
        });
        expect(sum(b.determinants.map((d) => d.importWh))).toBe(sum(values));
        expect(b.billedUsage).toBe(sum(values));
      }),
    );
  });

  it('a rebill after a correction nets to exactly the difference, in integers', () => {
    const t = version({
      tou: residentialTou,
      energy: {
        kind: 'tiered',
        basis: 'monthly',
        tiers: [{ upTo: 180_000, priceMicro: 123_457 }, { priceMicro: 234_567 }],
        touAddersMicro: { peak: 33_333, shoulder: 0, offpeak: -11_111 },
      },
      demand: { priceMicroPerKw: 7_777_777 },
      fixedPerBillMinor: 999,
      perDayMicro: 333_333,
      taxes: [{ kind: 'percent', code: 'VAT', name: 'VAT', basisPoints: 1917 }],
    });
    fc.assert(
      fc.property(usage, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 5000 }))), (u, edits) => {
        const period = { start: u.start, end: u.start + u.days * DAY };
        const first = calculateBill(account, [t], [seriesOf(u.start, 900, u.values)], period);
        const corrected = [...u.values];
        for (const [i, v] of edits) corrected[i % corrected.length] = v;
        const r = rebill(first, [seriesOf(u.start, 900, corrected)]);
        expect(r.netMinor).toBe(r.bill.totalMinor - first.totalMinor);
        expect(r.cancellation.totalMinor).toBe(-first.totalMinor);
        expect(sum([...r.cancellation.lines, ...r.bill.lines].map((l) => l.amountMinor))).toBe(r.netMinor);
        for (const b of [first, r.bill]) {
          for (const l of b.lines) expect(Number.isSafeInteger(l.amountMinor)).toBe(true);
          expect(b.totalMinor).toBe(b.subtotalMinor + b.taxesMinor);
          expect(b.totalMinor).toBe(sum(b.lines.map((l) => l.amountMinor)));
        }
      }),
      { numRuns: 50 },
    );
  });
});
