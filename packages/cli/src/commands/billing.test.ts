import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { meterId, QualityFlag } from '@gridmeter/domain';
import { DuckDbReadingStore } from '@gridmeter/store';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out.push(String(s));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err.push(String(s));
    return true;
  });
  const code = await main(['node', 'gridmeter', 'billing', ...args]);
  vi.restoreAllMocks();
  return { code, out: out.join(''), err: err.join('') };
}

const tmp = mkdtempSync(join(tmpdir(), 'gridmeter-billing-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HOUR_MS = 3_600_000;
const MARCH_1 = Date.UTC(2026, 2, 1); // a Sunday
/** Wh in the hour starting at local hour `h`: 500 + 10·h, every day. */
const wh = (h: number) => 500 + 10 * h;
const ESTIMATED_AT = MARCH_1 + 24 * HOUR_MS + 10 * HOUR_MS; // Monday 2 March, 10:00, 600 Wh

const tou = {
  periods: ['peak', 'offpeak'],
  seasons: [{ name: 'all year', from: '01-01', weekProfile: 'standard' }],
  weekProfiles: { standard: ['weekday', 'weekday', 'weekday', 'weekday', 'weekday', 'weekend', 'weekend'] },
  dayProfiles: {
    weekday: [
      { startMinute: 0, period: 'offpeak' },
      { startMinute: 480, period: 'peak' },
      { startMinute: 1200, period: 'offpeak' },
    ],
    weekend: [{ startMinute: 0, period: 'offpeak' }],
  },
};
const version = {
  version: 1,
  effectiveFrom: '2026-01-01T00:00:00Z',
  commodity: 'electricity',
  currency: '€',
  utcOffsetMinutes: 0,
  tou,
  energy: { kind: 'tou', pricesMicro: { peak: 300_000, offpeak: 100_000 } },
  fixedPerBillMinor: 500,
  taxes: [{ kind: 'percent', code: 'VAT', name: 'VAT', basisPoints: 1900 }],
};

describe('gridmeter billing', () => {
  const db = `duckdb:${join(tmp, 'store.duckdb')}`;
  const accounts = join(tmp, 'accounts.json');
  const tariffs = join(tmp, 'tariffs.json');
  const out = join(tmp, 'bills.json');
  const common = ['--accounts', accounts, '--tariffs', tariffs, '--period', '2026-03', '--store', db];

  beforeAll(async () => {
    // Three days (Sun 1 – Tue 3 March 2026) of hourly data for meter M1, one hour estimated.
    const store = await DuckDbReadingStore.open({ path: join(tmp, 'store.duckdb') });
    try {
      await store.writeIntervalBlocks([
        {
          meterId: meterId('M1'),
          channel: '1-0:1.8.0*255',
          unit: 30,
          start: MARCH_1,
          intervalSeconds: 3600,
          values: Array.from({ length: 72 }, (_, i) => ({
            value: wh(i % 24),
            quality: MARCH_1 + i * HOUR_MS === ESTIMATED_AT ? QualityFlag.estimated : 0,
          })),
          source: 'import',
        },
      ]);
    } finally {
      await store.close();
    }
    writeFileSync(
      accounts,
      JSON.stringify([
        { id: 'A1', tariffId: 'RES-TOU', meters: [{ meterId: 'M1' }] },
        { id: 'A2', tariffId: 'NO-SUCH-TARIFF', meters: [{ meterId: 'M1' }] },
      ]),
    );
    writeFileSync(tariffs, JSON.stringify({ 'RES-TOU': [version] }));
  });

  // By hand: weekday peak 08:00–20:00 = Σ_{h=8..19} (500 + 10h) = 6,000 + 1,620 = 7,620 Wh; a whole
  // day = 12,000 + 2,760 = 14,760 Wh. Monday and Tuesday peak 15,240 Wh; offpeak = Sunday 14,760 +
  // 2 × (14,760 − 7,620) = 29,040 Wh. Peak 15.240 kWh × 0.30 = 457.2 → 457 ¢; offpeak 29.040 kWh ×
  // 0.10 = 290.4 → 290 ¢; fixed 500 ¢; subtotal 1,247 ¢; VAT 19 % = 236.93 → 237 ¢; total 1,484 ¢.
  // Estimated share 600 / 44,280 = 1.4 %.
  it('bills the accounts, reports the one that fails, and writes the bills', async () => {
    const r = await run('run', ...common, '--out', out);
    expect(r.code).toBe(1);
    expect(r.out).toContain('gridmeter billing run: 2026-03');
    expect(r.out).toMatch(/accounts +2\n/);
    expect(r.out).toMatch(/billed +1\n/);
    expect(r.out).toMatch(/failed +1\n/);
    expect(r.out).toMatch(/total +14\.84 €\n/);
    expect(r.out).toMatch(/estimated share +1\.4 %\n/);
    expect(r.out).toMatch(/rate +[\d,]+ accounts\/s\n/);
    expect(r.out).toMatch(/A2 +unknown tariff NO-SUCH-TARIFF/);
    const bills = JSON.parse(readFileSync(out, 'utf8')) as {
      totalMinor: number;
      bills: {
        accountId: string;
        subtotalMinor: number;
        taxesMinor: number;
        totalMinor: number;
        estimatedWh: number;
      }[];
      failures: { accountId: string }[];
    };
    expect(bills.totalMinor).toBe(1484);
    expect(bills.bills).toHaveLength(1);
    expect(bills.bills[0]).toMatchObject({
      accountId: 'A1',
      subtotalMinor: 1247,
      taxesMinor: 237,
      totalMinor: 1484,
      estimatedWh: 600,
    });
    expect(bills.failures.map((f) => f.accountId)).toEqual(['A2']);
  });

  it('explains one bill line by line', async () => {
    const r = await run('explain', 'A1', ...common);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('account A1, 2026-03-01T00:00:00Z to 2026-04-01T00:00:00Z');
    expect(r.out).toMatch(/4\.57 +Peak energy 15\.240 kWh × 0\.3000 €\/kWh/);
    expect(r.out).toMatch(/2\.90 +Offpeak energy 29\.040 kWh × 0\.1000 €\/kWh/);
    expect(r.out).toMatch(/subtotal +12\.47 €\n/);
    expect(r.out).toMatch(/taxes +2\.37 €\n/);
    expect(r.out).toMatch(/total +14\.84 €\n/);
    expect(r.out).toMatch(/estimated share +1\.4 %\n/);
  });

  it('exits 1 naming the field of an invalid tariff, and for an unknown account', async () => {
    const bad = join(tmp, 'bad-tariffs.json');
    const energy = { kind: 'tou', pricesMicro: { peak: 300_000 } };
    writeFileSync(bad, JSON.stringify({ 'RES-TOU': [{ ...version, energy }] }));
    const r = await run(
      'run',
      '--accounts',
      accounts,
      '--tariffs',
      bad,
      '--period',
      '2026-03',
      '--store',
      db,
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('tariff RES-TOU: Invalid tariff at energy.pricesMicro');
    expect(r.err).toContain('offpeak');
    const missing = join(tmp, 'missing-field.json');
    writeFileSync(missing, JSON.stringify({ 'RES-TOU': [{ ...version, currency: undefined }] }));
    const m = await run(
      'run',
      '--accounts',
      accounts,
      '--tariffs',
      missing,
      '--period',
      '2026-03',
      '--store',
      db,
    );
    expect(m.code).toBe(1);
    expect(m.err).toContain('RES-TOU[0].currency: expected a string');
    const u = await run('explain', 'NOBODY', ...common);
    expect(u.code).toBe(1);
    expect(u.err).toContain('account NOBODY is not in');
  });

  it('exits 2 for usage errors', async () => {
    expect((await run('run', ...common.slice(0, 4), '--period', '2026-3', '--store', db)).code).toBe(2);
    expect((await run('run', '--accounts', accounts)).code).toBe(2);
    expect((await run('run', ...common, '--store', 'sqlite:x')).code).toBe(2);
  });
});
