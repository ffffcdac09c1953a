import type { BillDto, BillSummaryDto, PrepaymentAccountDto, TariffDto } from '@gridmeter/api';
import { calculateBill } from '@gridmeter/mdm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TARIFFS } from './fixture-billing.js';
import { generateSeries } from './fixture-fleet.js';
import { BILL_A } from './routes.js';
import { startApi, type TestApi } from './setup.js';

let t: TestApi;
beforeAll(async () => {
  t = await startApi();
});
afterAll(async () => t?.close());

const get = (url: string, user: 'viewer' | 'alice' | 'operator' = 'viewer') =>
  t.app.inject({ method: 'GET', url, headers: t.as(user) });

describe('tariffs', () => {
  test('the latest version of each, and every version of one', async () => {
    const list: TariffDto[] = (await get('/api/tariffs')).json();
    expect(list.map((v) => [v.tariffId, v.version])).toEqual([
      ['RES-FLAT', 1],
      ['RES-TOU', 2],
    ]);
    const tou = list[1];
    expect(tou).toMatchObject({
      effectiveFrom: '2026-01-15T00:00:00.000Z',
      energy: { kind: 'tou', pricesMicro: { peak: 450_000, shoulder: 280_000, offpeak: 150_000 } },
      taxes: [{ kind: 'percent', code: 'VAT', basisPoints: 2000 }],
    });
    expect(tou?.tou?.periods).toEqual(['peak', 'shoulder', 'offpeak']);
    const detail = (await get('/api/tariffs/RES-TOU')).json();
    expect(detail.versions.map((v: TariffDto) => v.version)).toEqual([1, 2]);
    expect((await get('/api/tariffs/NOPE')).statusCode).toBe(404);
  });
});

describe('bills', () => {
  test('a bill with lines and an explanation, with totals as mdm computes them from the meter data', async () => {
    const res = await get(`/api/bills/${encodeURIComponent(BILL_A)}`, 'alice');
    expect(res.statusCode).toBe(200);
    const bill: BillDto = res.json();
    // Independently: the December series of GM0001 as generated (the spike is in January).
    const values = (generateSeries(Date.UTC(2026, 0, 1)).get('GM0001') ?? []).slice(0, 31 * 96);
    const expected = calculateBill(
      { accountId: 'ACC-A1', tariffId: TARIFFS[0]?.tariffId ?? ('' as never) },
      TARIFFS.filter((v) => v.tariffId === 'RES-TOU'),
      [{ meterId: 'GM0001' as never, start: Date.UTC(2025, 11, 1), intervalSeconds: 900, importWh: values }],
      { start: Date.UTC(2025, 11, 1), end: Date.UTC(2026, 0, 1) },
    );
    expect(bill).toMatchObject({
      id: BILL_A,
      accountId: 'ACC-A1',
      servicePointId: 'SP-A1',
      runId: 'RUN-001',
      tariffId: 'RES-TOU',
      currency: '€',
      minorDigits: 2,
      period: { from: '2025-12-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' },
      totalMinor: expected.totalMinor,
      taxesMinor: expected.taxesMinor,
      billedUsageWh: values.reduce((a, v) => a + v, 0),
    });
    expect(bill.lines.map((l) => l.code)).toEqual(expected.lines.map((l) => l.code));
    expect(bill.determinants[0]?.periods).toEqual(['peak', 'shoulder', 'offpeak']);
    expect(bill.explanation[0]).toBe(
      'This bill covers 2025-12-01 to 2025-12-31 (31 days) on tariff RES-TOU.',
    );
    expect(bill.explanation.at(-1)).toMatch(/total € \d+\.\d\d\.$/);
  });

  test('lists newest first; filters by account and service point; unknown ids 404', async () => {
    const all = (await get('/api/bills')).json();
    expect(all.items.map((b: BillSummaryDto) => b.accountId).sort()).toEqual([
      'ACC-A1',
      'ACC-B1',
      'ACC-C5',
      'ACC-C6',
    ]);
    expect((await get('/api/bills?accountId=ACC-C5')).json().items).toHaveLength(1);
    expect((await get('/api/bills?servicePointId=SP-C6')).json().items[0].accountId).toBe('ACC-C6');
    expect((await get('/api/service-points/SP-C6/bills')).json().total).toBe(1);
    expect((await get('/api/bills/ACC-A1%3A1999-01-01')).statusCode).toBe(404);
  });

  test('a bill run bills every account for the period, spanning two tariff versions, and is audited', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/bill-runs',
      headers: t.as('operator'),
      payload: { from: '2026-01-01T00:00:00Z', to: '2026-01-20T00:00:00Z' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      id: 'RUN-002',
      accounts: 4,
      billed: 4,
      failed: 0,
      period: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-20T00:00:00.000Z' },
    });
    const runs = (await get('/api/bill-runs')).json();
    expect(runs.map((r: { id: string }) => r.id)).toEqual(['RUN-002', 'RUN-001']);
    const jan: BillDto = (await get(`/api/bills/${encodeURIComponent('ACC-A1:2026-01-01')}`, 'alice')).json();
    expect(jan.determinants).toHaveLength(2);
    expect(new Set(jan.lines.map((l) => l.tariffVersion))).toEqual(new Set([1, 2]));
    expect(t.fx.audit.list({ action: 'bill-run.create' })[0]).toMatchObject({
      user: 'operator',
      target: 'RUN-002',
      result: 'ok',
    });
    const newest = (await get('/api/service-points/SP-A1/bills', 'alice')).json();
    expect(newest.items.map((b: BillSummaryDto) => b.id)).toEqual(['ACC-A1:2026-01-01', 'ACC-A1:2025-12-01']);
  });

  test('a period that does not start at midnight is refused per account (422 is not needed: the run reports failures)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/bill-runs',
      headers: t.as('operator'),
      payload: { from: '2026-01-01T06:00:00Z', to: '2026-01-10T00:00:00Z' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ billed: 0, failed: 4 });
    expect(res.json().failures[0].reason).toMatch(/local midnight/);
    const reversed = await t.app.inject({
      method: 'POST',
      url: '/api/bill-runs',
      headers: t.as('operator'),
      payload: { from: '2026-01-10T00:00:00Z', to: '2026-01-01T00:00:00Z' },
    });
    expect(reversed.statusCode).toBe(400);
    const century = await t.app.inject({
      method: 'POST',
      url: '/api/bill-runs',
      headers: t.as('operator'),
      payload: { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' },
    });
    expect(century.statusCode).toBe(400);
  });
});

describe('usage and prices', () => {
  test('daily usage sums the intervals by TOU period', async () => {
    const res = await get(
      '/api/service-points/SP-B1/usage?from=2026-01-05T00:00:00Z&to=2026-01-07T00:00:00Z&granularity=day',
      'operator',
    );
    const usage = res.json();
    expect(usage).toMatchObject({ servicePointId: 'SP-B1', granularity: 'day' });
    const values = generateSeries(Date.UTC(2026, 0, 7)).get('GM0003') ?? [];
    const dayIndex = (Date.UTC(2026, 0, 5) - Date.UTC(2025, 11, 1)) / 86_400_000;
    const day0 = values.slice(dayIndex * 96, (dayIndex + 1) * 96).reduce((a, v) => a + v, 0);
    expect(usage.buckets).toHaveLength(2);
    expect(usage.buckets[0]).toMatchObject({
      start: '2026-01-05T00:00:00.000Z',
      end: '2026-01-06T00:00:00.000Z',
      importWh: day0,
      byPeriod: { total: day0 },
    });
    const tou = (
      await get('/api/service-points/SP-A1/usage?from=2026-01-05T00:00:00Z&to=2026-01-06T00:00:00Z', 'alice')
    ).json();
    const b = tou.buckets[0];
    expect(Object.keys(b.byPeriod).sort()).toEqual(['offpeak', 'peak', 'shoulder']);
    expect(Object.values(b.byPeriod as Record<string, number>).reduce((a, v) => a + v, 0)).toBe(b.importWh);
    expect((await get('/api/service-points/SP-A1/usage?granularity=hour', 'alice')).statusCode).toBe(400);
  });

  test('prices now (Tuesday 12:00: shoulder, version 2) and the day’s periods', async () => {
    const p = (await get('/api/service-points/SP-A1/prices', 'alice')).json();
    expect(p).toMatchObject({
      tariffId: 'RES-TOU',
      period: 'shoulder',
      pricePerKwhMinor: 28,
      until: '2026-01-20T17:00:00.000Z',
    });
    expect(p.today.map((s: { period: string }) => s.period)).toEqual([
      'offpeak',
      'shoulder',
      'peak',
      'shoulder',
      'offpeak',
    ]);
    expect((await get('/api/service-points/SP-C7/prices')).statusCode).toBe(404);
  });
});

describe('prepayment', () => {
  test('accounts with balance and low-credit state', async () => {
    const list = (await get('/api/prepayment/accounts')).json();
    expect(list.items.map((a: PrepaymentAccountDto) => a.accountId)).toEqual(['PP-A2', 'PP-B2']);
    const b2 = list.items[1] as PrepaymentAccountDto;
    expect(b2).toMatchObject({
      servicePointId: 'SP-B2',
      meterId: 'GM0004',
      currency: '€',
      lowCredit: true,
      supply: 'connected',
    });
    expect(b2.events.some((e) => e.type === 'low-credit')).toBe(true);
  });

  test('a top-up credits once per reference, by an operator or the owner, and is audited', async () => {
    const before: PrepaymentAccountDto = (await get('/api/prepayment/accounts/PP-A2', 'alice')).json();
    const topUp = (user: 'alice' | 'operator', reference: string, amountMinor = 2000) =>
      t.app.inject({
        method: 'POST',
        url: '/api/prepayment/accounts/PP-A2/top-ups',
        headers: t.as(user),
        payload: { amountMinor, reference },
      });
    const first = await topUp('alice', 'card-0001');
    expect(first.statusCode).toBe(200);
    expect(first.json().balanceMinor).toBe(before.balanceMinor + 2000);
    const repeat = await topUp('alice', 'card-0001');
    expect(repeat.json().balanceMinor).toBe(before.balanceMinor + 2000);
    const ops = await topUp('operator', 'desk-77', 500);
    expect(ops.json().balanceMinor).toBe(before.balanceMinor + 2500);
    expect(ops.json().events.filter((e: { type: string }) => e.type === 'topped-up')).toHaveLength(2);
    expect((await topUp('alice', 'zero', 0)).statusCode).toBe(400);
    expect(t.fx.audit.list({ action: 'prepayment.top-up' }).map((r) => r.user)).toEqual([
      'operator',
      'alice',
      'alice',
    ]);
    expect((await get('/api/prepayment/accounts/PP-X')).statusCode).toBe(404);
  });
});
