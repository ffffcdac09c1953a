import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNem12 } from '@gridmeter/mdm';
import { PostgresReadingStore } from '@gridmeter/store';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
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
  const code = await main(['node', 'gridmeter', 'mdm', ...args]);
  vi.restoreAllMocks();
  return { code, out: out.join(''), err: err.join('') };
}

const tmp = mkdtempSync(join(tmpdir(), 'gridmeter-mdm-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const NMIS = ['NMI0000001', 'NMI0000002'];
const DAYS = ['20260105', '20260106', '20260107'];
/** Wh of interval `i` of day `d` of meter `m`: the fixture's ground truth. */
const wh = (m: number, d: number, i: number) => ((m * 37 + d * 11 + i * 7) % 500) + 10;
const kwh = (x: number) => (x / 1000).toFixed(3);

function nem12(): string {
  const lines = ['100,NEM12,202601081200,MDP1,RETAILER1'];
  NMIS.forEach((nmi, m) => {
    lines.push(`200,${nmi},E1,1,E1,N1,METSER${m},kWh,30,`);
    DAYS.forEach((day, d) => {
      const values = Array.from({ length: 48 }, (_, i) => kwh(wh(m, d, i)));
      lines.push(`300,${day},${values.join(',')},A,,,20260108120000,`);
    });
  });
  lines.push('900');
  return `${lines.join('\n')}\n`;
}

// NEM time is UTC+10: local day 2026-01-05 starts at 2026-01-04T14:00Z.
const FROM = '2026-01-04T14:00:00Z';
// MDFF suffix E1 is OBIS channel B 1: active energy import.
const E1 = '1-1:1.8.0*255';
const TO = '2026-01-07T14:00:00Z';

describe('gridmeter mdm', () => {
  const db = `duckdb:${join(tmp, 'store.duckdb')}`;
  const file = join(tmp, 'in.nem12');
  writeFileSync(file, nem12());

  it('imports a NEM12 file (format detected), counts it, and stores nothing twice on a re-import', async () => {
    const first = await run('import', file, '--store', db);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain(`gridmeter mdm import: ${file} (nem12) into ${db}`);
    expect(first.out).toMatch(/blocks +6\n/);
    expect(first.out).toMatch(/intervals +288\n/);
    expect(first.out).toMatch(/inserted +288\n/);
    expect(first.out).toMatch(/duplicates +0\n/);
    expect(first.out).toMatch(/new meters +2\n/);
    expect(first.out).toMatch(/rate +[\d,]+ intervals\/s\n/);
    const again = await run('import', file, '--store', db, '--format', 'nem12');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/inserted +0\n/);
    expect(again.out).toMatch(/duplicates +288\n/);
    expect(again.out).toMatch(/new meters +0\n/);
  });

  it('round-trips NEM12: import, export, and the exported file parses to the same Wh values', async () => {
    const out = join(tmp, 'out.nem12');
    const r = await run(
      'export',
      '--store',
      db,
      '--channel',
      E1,
      '--meter',
      'NMI0000002',
      '--from',
      FROM,
      '--to',
      TO,
      '--format',
      'nem12',
      '--out',
      out,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`144 intervals of 1 meters to ${out} (nem12)`);
    const blocks = [];
    for await (const b of parseNem12(readFileSync(out, 'utf8'))) blocks.push(b);
    expect(blocks.map((b) => b.meterId)).toEqual(['NMI0000002', 'NMI0000002', 'NMI0000002']);
    expect(blocks.map((b) => new Date(b.start).toISOString())).toEqual([
      '2026-01-04T14:00:00.000Z',
      '2026-01-05T14:00:00.000Z',
      '2026-01-06T14:00:00.000Z',
    ]);
    const expected = DAYS.map((_, d) => Array.from({ length: 48 }, (_, i) => wh(1, d, i)));
    expect(blocks.map((b) => b.values.map((v) => v.value))).toEqual(expected);
  });

  it('exports every meter as interval CSV and as Parquet', async () => {
    const csv = join(tmp, 'all.csv');
    const r = await run(
      'export',
      '--store',
      db,
      '--channel',
      E1,
      '--all',
      '--from',
      FROM,
      '--to',
      TO,
      '--format',
      'csv',
      '--out',
      csv,
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('288 intervals of 2 meters');
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('meter_id,channel,interval_start,interval_seconds,value,unit,quality');
    expect(lines).toHaveLength(289);
    expect(lines[1]).toBe(`NMI0000001,1-1:1.8.0*255,2026-01-04T14:00:00.000Z,1800,${wh(0, 0, 0)},Wh,`);
    const parquet = join(tmp, 'all.parquet');
    const p = await run(
      'export',
      '--store',
      db,
      '--channel',
      E1,
      '--all',
      '--from',
      FROM,
      '--to',
      TO,
      '--format',
      'parquet',
      '--out',
      parquet,
    );
    expect(p.code).toBe(0);
    const bytes = readFileSync(parquet);
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    expect(bytes.subarray(-4).toString()).toBe('PAR1');
  });

  it('maps file ids to meter ids with --meter-map', async () => {
    const map = join(tmp, 'map.csv');
    writeFileSync(map, 'source_id,meter_id\nNMI0000001,GM00000001\n');
    const store = `duckdb:${join(tmp, 'mapped.duckdb')}`;
    expect((await run('import', file, '--store', store, '--meter-map', map)).code).toBe(0);
    const csv = join(tmp, 'mapped.csv');
    const r = await run(
      'export',
      '--store',
      store,
      '--channel',
      E1,
      '--all',
      '--from',
      FROM,
      '--to',
      TO,
      '--format',
      'csv',
      '--out',
      csv,
    );
    expect(r.out).toContain('288 intervals of 2 meters');
    const ids = new Set(
      readFileSync(csv, 'utf8')
        .split('\n')
        .slice(1, -1)
        .map((l) => l.split(',')[0]),
    );
    expect([...ids].sort()).toEqual(['GM00000001', 'NMI0000002']);
  });

  it('exits 1 on a malformed file, naming the line and field', async () => {
    const bad = join(tmp, 'bad.nem12');
    const lines = nem12().split('\n');
    lines[3] = lines[3]!.replace(/^(300,20260106,)[^,]+/, '$1abc');
    writeFileSync(bad, lines.join('\n'));
    const r = await run('import', bad, '--store', `duckdb:${join(tmp, 'bad.duckdb')}`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: malformed file: nem12 line 4, IntervalValue1: /);
  });

  it('exits 1 for a file of unknown format and 2 for a bad command line', async () => {
    const odd = join(tmp, 'odd.txt');
    writeFileSync(odd, 'hello,world\n');
    const unknown = await run('import', odd, '--store', `duckdb:${join(tmp, 'odd.duckdb')}`);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Cannot tell the format');
    expect((await run('import', file, '--store', 'mysql:x')).code).toBe(2);
    expect((await run('import', file, '--format', 'xml')).code).toBe(2);
    const both = await run(
      'export',
      '--store',
      db,
      '--channel',
      E1,
      '--meter',
      'A',
      '--all',
      '--from',
      FROM,
      '--to',
      TO,
      '--format',
      'csv',
      '--out',
      'x',
    );
    expect(both.code).toBe(2);
    expect(both.err).toContain('exactly one of --meter ID and --all');
    expect(
      (
        await run(
          'export',
          '--store',
          db,
          '--channel',
          E1,
          '--all',
          '--from',
          TO,
          '--to',
          FROM,
          '--format',
          'csv',
          '--out',
          'x',
        )
      ).code,
    ).toBe(2);
  });

  it('runs VEE over stored data: a negative value and a gap are found, the gap is estimated', async () => {
    const csv = join(tmp, 'vee.csv');
    const rows = ['meter_id,channel,interval_start,interval_seconds,value,unit,quality'];
    const t0 = Date.UTC(2026, 0, 5);
    for (let i = 0; i < 96; i++) {
      if (i >= 40 && i < 42) continue; // a 30-minute gap
      const value = i === 10 ? -50 : 100 + (i % 5);
      rows.push(`GM00000009,1-0:1.8.0*255,${new Date(t0 + i * 900_000).toISOString()},900,${value},Wh,`);
    }
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const store = `duckdb:${join(tmp, 'vee.duckdb')}`;
    expect((await run('import', csv, '--store', store)).code).toBe(0);
    const r = await run(
      'vee',
      '--store',
      store,
      '--meter',
      'GM00000009',
      '--from',
      '2026-01-05T00:00:00Z',
      '--to',
      '2026-01-06T00:00:00Z',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^gridmeter mdm vee: GM00000009 1-0:1\.8\.0\*255, run vee-/);
    expect(r.out).toMatch(/days 1, validated versions \d+, estimated versions [1-9]/);
    expect(r.out).toMatch(/2026-01-05T02:30:00Z +2026-01-05T02:45:00Z +negative-value +failed/);
    expect(r.out).toMatch(/2026-01-05T10:00:00Z +2026-01-05T10:30:00Z +missing-interval/);
    const none = await run(
      'vee',
      '--store',
      store,
      '--meter',
      'GM00000010',
      '--from',
      '2026-01-05T00:00:00Z',
      '--to',
      '2026-01-06T00:00:00Z',
    );
    expect(none.code).toBe(1);
    expect(none.err).toContain('No intervals of meter GM00000010');
  });

  it('imports and exports through PostgreSQL (a fresh schema)', async () => {
    const schema = `cli_${randomBytes(4).toString('hex')}`;
    const url = 'postgres://postgres@127.0.0.1:5432/test';
    const pg = `postgres:${url}#${schema}`;
    try {
      const r = await run('import', file, '--store', pg);
      expect(r.err).toBe('');
      expect(r.out).toMatch(/inserted +288\n/);
      const out = join(tmp, 'pg.nem12');
      const e = await run(
        'export',
        '--store',
        pg,
        '--channel',
        E1,
        '--meter',
        'NMI0000001',
        '--from',
        FROM,
        '--to',
        TO,
        '--format',
        'nem12',
        '--out',
        out,
      );
      expect(e.code).toBe(0);
      const values = [];
      for await (const b of parseNem12(readFileSync(out, 'utf8')))
        values.push(...b.values.map((v) => v.value));
      expect(values).toEqual(DAYS.flatMap((_, d) => Array.from({ length: 48 }, (_, i) => wh(0, d, i))));
    } finally {
      const store = await PostgresReadingStore.open({ connectionString: url, schema });
      await store.drop();
    }
  });
});
