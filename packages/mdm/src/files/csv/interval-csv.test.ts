import { type IntervalBlock, meterId, QualityFlag, Unit } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../errors.js';
import { INTERVAL_CSV_HEADER, parseIntervalCsv, writeIntervalCsv } from './interval-csv.js';

// Array.fromAsync needs Node 22; the project supports Node 20.
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const T0 = Date.UTC(2013, 0, 1, 14);

const blocks: IntervalBlock[] = [
  {
    meterId: meterId('GM00000001'),
    channel: '1-0:1.8.0*255',
    unit: Unit.Wh,
    start: T0,
    intervalSeconds: 1800,
    values: [
      { value: 120, quality: 0 },
      { value: null, quality: QualityFlag.missing },
      { value: -5, quality: QualityFlag.estimated | QualityFlag.powerOutage },
    ],
    source: 'import',
  },
  {
    meterId: meterId('GM00000001'),
    channel: 'odd, "quoted" channel',
    unit: Unit.varh,
    start: T0,
    intervalSeconds: 900,
    values: [{ value: 7, quality: 0 }],
    source: 'import',
  },
  {
    meterId: meterId('GM00000002'),
    channel: 'water',
    unit: Unit.cubicMetreCorrected,
    start: T0 + 3_600_000,
    intervalSeconds: 3600,
    values: [{ value: 3, quality: QualityFlag.suspect }],
    source: 'import',
  },
];

describe('interval CSV', () => {
  it('writes one documented row per interval', async () => {
    const lines = await collect(writeIntervalCsv(blocks));
    expect(lines.slice(0, 4)).toEqual([
      INTERVAL_CSV_HEADER,
      'GM00000001,1-0:1.8.0*255,2013-01-01T14:00:00.000Z,1800,120,Wh,',
      'GM00000001,1-0:1.8.0*255,2013-01-01T14:30:00.000Z,1800,,Wh,missing',
      'GM00000001,1-0:1.8.0*255,2013-01-01T15:00:00.000Z,1800,-5,Wh,estimated|powerOutage',
    ]);
    expect(lines[4]).toBe('GM00000001,"odd, ""quoted"" channel",2013-01-01T14:00:00.000Z,900,7,varh,');
    // m³ is ambiguous between two DLMS units, so the corrected one is written as its code.
    expect(lines[5]).toBe('GM00000002,water,2013-01-01T15:00:00.000Z,3600,3,14,suspect');
  });

  it('round-trips export → import', async () => {
    const lines = await collect(writeIntervalCsv(blocks));
    const parse = parseIntervalCsv(lines.join('\n'));
    expect(await collect(parse)).toEqual(blocks);
    expect(parse.report).toEqual({ rows: 5, blocks: 3 });
  });

  it('reads offsets in interval_start and starts a new block at a gap', async () => {
    const text = [
      INTERVAL_CSV_HEADER,
      'M1,c,2013-01-02T00:00:00+10:00,1800,1,Wh,',
      'M1,c,2013-01-01T14:30:00Z,1800,2,Wh,',
      'M1,c,2013-01-01T15:30:00Z,1800,3,30,',
    ].join('\n');
    const out = await collect(parseIntervalCsv(text));
    expect(out.map((b) => [b.start, b.values.length])).toEqual([
      [T0, 2],
      [T0 + 5_400_000, 1],
    ]);
  });

  const bad: [string, string, string][] = [
    ['an unknown quality flag', 'M1,c,2013-01-01T14:00:00Z,1800,1,Wh,great', 'quality'],
    ['a quality flag from Object.prototype', 'M1,c,2013-01-01T14:00:00Z,1800,1,Wh,toString', 'quality'],
    ['a local time without offset', 'M1,c,2013-01-01T14:00:00,1800,1,Wh,', 'interval_start'],
    ['a start off the interval grid', 'M1,c,2013-01-01T14:10:00Z,1800,1,Wh,', 'interval_start'],
    ['an interval not dividing a day', 'M1,c,2013-01-01T14:00:00Z,7,1,Wh,', 'interval_seconds'],
    ['a fractional value', 'M1,c,2013-01-01T14:00:00Z,1800,1.5,Wh,', 'value'],
    ['an unknown unit', 'M1,c,2013-01-01T14:00:00Z,1800,1,furlongs,', 'unit'],
    ['a bad meter id', 'M.1,c,2013-01-01T14:00:00Z,1800,1,Wh,', 'meter_id'],
    ['a missing column', 'M1,c,2013-01-01T14:00:00Z,1800,1,Wh', 'line'],
    ['an unterminated quote', 'M1,"c,2013-01-01T14:00:00Z,1800,1,Wh,', 'line'],
  ];
  for (const [what, row, field] of bad) {
    it(`rejects ${what} naming line 3 and ${field}`, async () => {
      const text = `${INTERVAL_CSV_HEADER}\nM1,c,2013-01-01T13:30:00Z,1800,1,Wh,\n${row}\n`;
      const err = await collect(parseIntervalCsv(text)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FileFormatError);
      expect(err).toMatchObject({ format: 'interval-csv', line: 3, field });
    });
  }

  it('rejects a file without the header on line 1', async () => {
    const err = await collect(parseIntervalCsv('M1,c,2013-01-01T13:30:00Z,1800,1,Wh,')).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'FileFormatError', line: 1, field: 'header' });
  });
});
