import { meterId, QualityFlag } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { type Bill, calculateBill, rebill } from './bill.js';
import { account, residentialTou, seriesOf, version } from './testing.js';

const JAN1 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const day1 = { start: JAN1, end: JAN1 + DAY };
const january = { start: JAN1, end: Date.UTC(2026, 1, 1) };
const amounts = (b: Bill) => Object.fromEntries(b.lines.map((l) => [l.code, l.amountMinor]));
const hourly = (wh: number) => Array.from({ length: 24 }, () => wh);

describe('worked examples', () => {
  it('bills a flat tariff, rounding half away from zero', () => {
    // 24 h × 1,234 Wh = 29,616 Wh; 29.616 kWh × 0.2345 €/kWh = 6.944952 € → 694 cents.
    const t = version({ energy: { kind: 'flat', priceMicro: 234_500 } });
    const b = calculateBill(account, [t], [seriesOf(JAN1, 3600, hourly(1234))], day1);
    expect(b.lines[0]?.description).toBe('Energy 29.616 kWh × 0.2345 €/kWh');
    expect(b.lines[0]?.quantity).toBe(29_616);
    expect(b.totalMinor).toBe(694);
  });

  it('bills TOU peak/shoulder/off-peak over a holiday and a weekend', () => {
    // 1–4 Jan 2026: Thu 1 Jan holiday, Fri 2 Jan workday, Sat, Sun. 15-min intervals of 250 Wh.
    // Friday: off-peak 0–7 h and 22–24 h = 9 h, shoulder 7–17 h and 21–22 h = 11 h, peak 17–21 h = 4 h.
    // Holiday + weekend: 72 h off-peak. Peak 4 kWh, shoulder 11 kWh, off-peak 81 kWh = 96 kWh.
    // 4 × 0.35 = 1.40 €; 11 × 0.20 = 2.20 €; 81 × 0.10 = 8.10 €; total 11.70 €.
    const t = version({
      tou: residentialTou,
      energy: { kind: 'tou', pricesMicro: { peak: 350_000, shoulder: 200_000, offpeak: 100_000 } },
    });
    const values = Array.from({ length: 4 * 96 }, () => 250);
    const b = calculateBill(account, [t], [seriesOf(JAN1, 900, values)], {
      start: JAN1,
      end: JAN1 + 4 * DAY,
    });
    expect(b.determinants[0]?.importWhByPeriod).toEqual([4000, 11_000, 81_000]);
    expect(b.lines[0]?.description).toBe('Peak energy 4.000 kWh × 0.3500 €/kWh');
    expect(amounts(b)).toEqual({ 'ENERGY-PEAK': 140, 'ENERGY-SHOULDER': 220, 'ENERGY-OFFPEAK': 810 });
    expect(b.totalMinor).toBe(1170);
  });

  it('bills monthly tiers 0–180 / 180–350 / >350 kWh', () => {
    // January: 30 days × 13,000 Wh + 10,000 Wh = 400 kWh.
    // 180 × 0.10 = 18.00 €; 170 × 0.15 = 25.50 €; 50 × 0.20 = 10.00 €; total 53.50 €.
    const t = version({
      energy: {
        kind: 'tiered',
        basis: 'monthly',
        tiers: [
          { upTo: 180_000, priceMicro: 100_000 },
          { upTo: 350_000, priceMicro: 150_000 },
          { priceMicro: 200_000 },
        ],
      },
    });
    const values = [...Array.from({ length: 30 }, () => 13_000), 10_000];
    const b = calculateBill(account, [t], [seriesOf(JAN1, 86_400, values)], january);
    expect(amounts(b)).toEqual({ 'TIER-1': 1800, 'TIER-2': 2550, 'TIER-3': 1000 });
    expect(b.lines[1]?.description).toBe('Tier 2 energy (180.000–350.000 kWh) 170.000 kWh × 0.1500 €/kWh');
    expect(b.totalMinor).toBe(5350);
  });

  describe("China's annual three-tier residential price (0–2,160 / 2,160–4,200 / >4,200 kWh a year)", () => {
    const t = version({
      currency: '¥',
      energy: {
        kind: 'tiered',
        basis: 'annual',
        tiers: [
          { upTo: 2_160_000, priceMicro: 488_300 },
          { upTo: 4_200_000, priceMicro: 538_300 },
          { priceMicro: 788_300 },
        ],
      },
    });
    const nov = { start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) };
    const data = [
      seriesOf(
        nov.start,
        86_400,
        Array.from({ length: 30 }, () => 10_000),
      ),
    ];

    it('splits a month across tiers 1 and 2 after 2,000 kWh this year', () => {
      // 300 kWh from 2,000 kWh: 160 kWh × 0.4883 = 78.128 ¥ → 7813 fen; 140 × 0.5383 = 75.362 ¥ → 7536.
      const b = calculateBill({ ...account, priorUsage: 2_000_000 }, [t], data, nov);
      expect(amounts(b)).toEqual({ 'TIER-1': 7813, 'TIER-2': 7536, 'TIER-3': 0 });
      expect(b.totalMinor).toBe(15_349);
    });

    it('splits a month across tiers 2 and 3 after 4,100 kWh this year', () => {
      // 100 kWh × 0.5383 = 53.83 ¥; 200 kWh × 0.7883 = 157.66 ¥; total 211.49 ¥.
      const b = calculateBill({ ...account, priorUsage: 4_100_000 }, [t], data, nov);
      expect(amounts(b)).toEqual({ 'TIER-1': 0, 'TIER-2': 5383, 'TIER-3': 15_766 });
      expect(b.lines[2]?.description).toBe(
        'Tier 3 energy (over 4200.000 kWh a year) 200.000 kWh × 0.7883 ¥/kWh',
      );
    });
  });

  it('bills TOU and tiers combined: tiers on the total, TOU adders per period', () => {
    // Same 96 kWh as the TOU example over 4 days (tiers prorated 4/4 days, unchanged).
    // Tiers: 50 × 0.10 = 5.00 €; 46 × 0.20 = 9.20 €.
    // Adders: peak 4 × 0.05 = 0.20 €; shoulder 11 × 0 = 0; off-peak 81 × −0.03 = −2.43 €. Total 11.97 €.
    const t = version({
      tou: residentialTou,
      energy: {
        kind: 'tiered',
        basis: 'monthly',
        tiers: [{ upTo: 50_000, priceMicro: 100_000 }, { priceMicro: 200_000 }],
        touAddersMicro: { peak: 50_000, shoulder: 0, offpeak: -30_000 },
      },
    });
    const b = calculateBill(
      account,
      [t],
      [seriesOf(JAN1, 3600, hourly(1000).concat(hourly(1000), hourly(1000), hourly(1000)))],
      {
        start: JAN1,
        end: JAN1 + 4 * DAY,
      },
    );
    expect(amounts(b)).toEqual({
      'TIER-1': 500,
      'TIER-2': 920,
      'ADDER-PEAK': 20,
      'ADDER-SHOULDER': 0,
      'ADDER-OFFPEAK': -243,
    });
    expect(b.totalMinor).toBe(1197);
  });

  it('bills dynamic hourly prices from a price series', () => {
    // Hour h costs 0.10 + 0.01·h €/kWh; 4 × 125 Wh = 0.5 kWh each hour.
    // Σ 0.5 × (0.10 + 0.01h) = 0.5 × (2.40 + 0.01 × 276) = 0.5 × 5.16 = 2.58 €; average 0.215 €/kWh.
    const prices = new Map(
      Array.from({ length: 24 }, (_, h) => [JAN1 + h * 3_600_000, 100_000 + 10_000 * h]),
    );
    const t = version({ energy: { kind: 'dynamic', hourlyPricesMicro: prices } });
    const b = calculateBill(
      account,
      [t],
      [
        seriesOf(
          JAN1,
          900,
          Array.from({ length: 96 }, () => 125),
        ),
      ],
      day1,
    );
    expect(b.totalMinor).toBe(258);
    expect(b.lines[0]?.description).toBe('Energy at hourly prices 12.000 kWh, average 0.2150 €/kWh');
    const short = version({ energy: { kind: 'dynamic', hourlyPricesMicro: new Map([[JAN1, 1]]) } });
    expect(() => calculateBill(account, [short], [seriesOf(JAN1, 900, [1])], day1)).toThrow(
      /No hourly price/,
    );
  });

  it('bills a monthly demand charge on the maximum 15-minute demand', () => {
    // 95 intervals × 250 Wh + 1,000 Wh at 01:00 = 24,750 Wh × 0.10 = 2.475 € → 248 cents.
    // Max demand 1,000 Wh in 15 min = 4 kW × 12.50 €/kW = 50.00 €. Total 52.48 €.
    const values = Array.from({ length: 96 }, (_, i) => (i === 4 ? 1000 : 250));
    const t = version({
      energy: { kind: 'flat', priceMicro: 100_000 },
      demand: { priceMicroPerKw: 12_500_000 },
    });
    const b = calculateBill(account, [t], [seriesOf(JAN1, 900, values)], day1);
    expect(amounts(b)).toEqual({ ENERGY: 248, DEMAND: 5000 });
    expect(b.lines[1]?.description).toBe('Maximum demand 4.000 kW × 12.5000 €/kW');
  });

  it('bills demand per TOU period', () => {
    // Fri 2 Jan, 250 Wh per 15 min, 1,000 Wh at 18:00 (peak). Peak max 4 kW × 10 € = 40.00 €;
    // shoulder max 1 kW × 2 € = 2.00 €; off-peak 1 kW × 0 = 0.
    // Energy: peak 15 × 250 + 1,000 = 4,750 Wh × 0.35 = 1.6625 € → 166; shoulder 11 kWh × 0.20 = 220;
    // off-peak 9 kWh × 0.10 = 90. Total 46.76 €.
    const fri = JAN1 + DAY;
    const values = Array.from({ length: 96 }, (_, i) => (i === 72 ? 1000 : 250));
    const t = version({
      tou: residentialTou,
      energy: { kind: 'tou', pricesMicro: { peak: 350_000, shoulder: 200_000, offpeak: 100_000 } },
      demand: { pricesMicroPerKwByPeriod: { peak: 10_000_000, shoulder: 2_000_000, offpeak: 0 } },
    });
    const b = calculateBill(account, [t], [seriesOf(fri, 900, values)], { start: fri, end: fri + DAY });
    expect(b.determinants[0]?.maxDemandWByPeriod).toEqual([4000, 1000, 1000]);
    expect(amounts(b)).toMatchObject({ 'DEMAND-PEAK': 4000, 'DEMAND-SHOULDER': 200, 'DEMAND-OFFPEAK': 0 });
    expect(b.totalMinor).toBe(4676);
  });

  it('bills a fixed charge per bill and a charge per day', () => {
    // 5.00 € + 31 days × 0.25 € = 5.00 + 7.75 = 12.75 €.
    const t = version({
      energy: { kind: 'flat', priceMicro: 0 },
      fixedPerBillMinor: 500,
      perDayMicro: 250_000,
    });
    const b = calculateBill(account, [t], [], january);
    expect(amounts(b)).toEqual({ ENERGY: 0, FIXED: 500, DAILY: 775 });
    expect(b.lines[2]?.description).toBe('Daily charge 31 days × 0.2500 €/day');
    expect(b.totalMinor).toBe(1275);
  });

  describe('export', () => {
    const flat = { kind: 'flat', priceMicro: 300_000 } as const;
    const data = (exportWh: number) => [seriesOf(JAN1, 3600, hourly(1000), { exportWh: hourly(exportWh) })];

    it('nets export against import by net metering, using carried-in credit', () => {
      // Import 24 kWh − export 9.6 kWh = 14.4 kWh × 0.30 = 4.32 €; with 2 kWh carried in 12.4 × 0.30 = 3.72 €.
      const t = version({ energy: flat, export: { kind: 'net-metering' } });
      expect(calculateBill(account, [t], data(400), day1).totalMinor).toBe(432);
      expect(calculateBill({ ...account, carryInWh: 2000 }, [t], data(400), day1).totalMinor).toBe(372);
      // Export 30 kWh > import 24 kWh: nothing billed, 6 kWh carried over.
      const surplus = calculateBill(account, [t], data(1250), day1);
      expect(surplus.totalMinor).toBe(0);
      expect(surplus.carryOverWh).toBe(6000);
    });

    it('credits export at the export price by net billing', () => {
      // 24 kWh × 0.30 = 7.20 €; export 9.6 kWh × 0.08 = 0.768 € → −77 cents. Total 6.43 €.
      const t = version({ energy: flat, export: { kind: 'net-billing', priceMicro: 80_000 } });
      const b = calculateBill(account, [t], data(400), day1);
      expect(amounts(b)).toEqual({ ENERGY: 720, EXPORT: -77 });
      expect(b.totalMinor).toBe(643);
    });
  });

  it('adds a percentage tax on the subtotal and a levy per kWh', () => {
    // 24 kWh × 0.30 = 7.20 € + 5.00 € fixed = 12.20 €. VAT 19 % = 2.318 € → 232; levy 24 × 0.015 = 0.36 €.
    const t = version({
      energy: { kind: 'flat', priceMicro: 300_000 },
      fixedPerBillMinor: 500,
      taxes: [
        { kind: 'percent', code: 'VAT', name: 'VAT', basisPoints: 1900 },
        { kind: 'levy', code: 'LEVY', name: 'Electricity levy', priceMicro: 15_000 },
      ],
    });
    const b = calculateBill(account, [t], [seriesOf(JAN1, 3600, hourly(1000))], day1);
    expect(b.lines[2]?.description).toBe('VAT 19.00 % of 12.20 €');
    expect([b.subtotalMinor, b.taxesMinor, b.totalMinor]).toEqual([1220, 268, 1488]);
  });

  it('bills water in m³ with tiers from litres', () => {
    // 30 × 800 L + 1,000 L = 25 m³: 10 × 1.50 = 15.00 €; 10 × 2.00 = 20.00 €; 5 × 3.00 = 15.00 €.
    const t = version({
      commodity: 'water',
      energy: {
        kind: 'tiered',
        basis: 'monthly',
        tiers: [
          { upTo: 10_000, priceMicro: 1_500_000 },
          { upTo: 20_000, priceMicro: 2_000_000 },
          { priceMicro: 3_000_000 },
        ],
      },
    });
    const values = [...Array.from({ length: 30 }, () => 800), 1000];
    const b = calculateBill(account, [t], [seriesOf(JAN1, 86_400, values)], january);
    expect(b.lines[0]?.description).toBe('Tier 1 water (0.000–10.000 m³) 10.000 m³ × 1.5000 €/m³');
    expect(b.lines[0]?.unit).toBe('L');
    expect(b.totalMinor).toBe(5000);
  });
});

describe('proration, meter changes and rebills', () => {
  it('splits the period where a new tariff version takes effect', () => {
    // 1–15 Jan at 0.20: 150 kWh = 30.00 €; 16–31 Jan at 0.30: 160 kWh = 48.00 €.
    // Fixed 10.00 €: 15/31 → 4.84 € (483.87 → 484), the rest 5.16 € → 516. Total 88.00 €.
    const v1 = version({ energy: { kind: 'flat', priceMicro: 200_000 }, fixedPerBillMinor: 1000 });
    const v2 = version({
      version: 2,
      effectiveFrom: Date.UTC(2026, 0, 16),
      energy: { kind: 'flat', priceMicro: 300_000 },
      fixedPerBillMinor: 1000,
    });
    const b = calculateBill(
      account,
      [v2, v1],
      [
        seriesOf(
          JAN1,
          86_400,
          Array.from({ length: 31 }, () => 10_000),
        ),
      ],
      january,
    );
    expect(b.lines.map((l) => l.amountMinor)).toEqual([3000, 484, 4800, 516]);
    expect(b.lines[0]?.description).toBe(
      'Energy 150.000 kWh × 0.2000 €/kWh (2026-01-01 to 2026-01-15, version 1)',
    );
    expect(b.determinants.map((d) => d.importWh)).toEqual([150_000, 160_000]);
    expect(b.totalMinor).toBe(8800);
  });

  it('bills each meter only while it was installed', () => {
    // Meter A until 10 Jan: 9 days × 10 kWh = 90 kWh; meter B from 10 Jan: 22 days × 20 kWh = 440 kWh.
    const a = meterId('A'),
      b = meterId('B');
    const acc = {
      ...account,
      installations: [
        { meterId: a, from: JAN1, to: Date.UTC(2026, 0, 10) },
        { meterId: b, from: Date.UTC(2026, 0, 10) },
      ],
    };
    const t = version({ energy: { kind: 'flat', priceMicro: 100_000 } });
    const series = [
      seriesOf(
        JAN1,
        86_400,
        Array.from({ length: 31 }, () => 10_000),
        { meter: a },
      ),
      seriesOf(
        Date.UTC(2026, 0, 10),
        86_400,
        Array.from({ length: 22 }, () => 20_000),
        { meter: b },
      ),
    ];
    const bill = calculateBill(acc, [t], series, january);
    expect(bill.billedUsage).toBe(530_000);
    expect(bill.totalMinor).toBe(5300);
  });

  it('cancels and rebills after estimated intervals are replaced by actual reads', () => {
    // First bill: 24 × 1,000 Wh, 4 of them estimated → 24 kWh × 0.30 = 7.20 €, estimated share 4/24.
    // Actual reads 1,500 Wh for those 4: 26 kWh × 0.30 = 7.80 €. Net +0.60 €.
    const t = version({ energy: { kind: 'flat', priceMicro: 300_000 } });
    const flags = hourly(0).map((_, i) => (i < 4 ? QualityFlag.estimated : 0));
    const first = calculateBill(account, [t], [seriesOf(JAN1, 3600, hourly(1000), { flags })], day1);
    expect(first.estimatedShare).toBeCloseTo(4 / 24, 12);
    const corrected = hourly(1000).map((v, i) => (i < 4 ? 1500 : v));
    const r = rebill(first, [seriesOf(JAN1, 3600, corrected)]);
    expect(r.cancellation.kind).toBe('cancellation');
    expect(r.cancellation.lines[0]?.amountMinor).toBe(-720);
    expect(r.cancellation.lines[0]?.description).toBe('Cancelled: Energy 24.000 kWh × 0.3000 €/kWh');
    expect(r.bill.totalMinor).toBe(780);
    expect(r.bill.estimatedShare).toBe(0);
    expect(r.netMinor).toBe(60);
  });
});
