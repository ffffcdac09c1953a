import { QualityFlag, Unit } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../errors.js';
import { parseNem12 } from './parse.js';
import { writeNem12 } from './write.js';

// Expected values are integers chosen here; the file text is derived from them with toFixed,
// independently of the code under test.
const day1Wh = Array.from({ length: 48 }, (_, i) => 100 + i * 37);
const day2Wh = Array.from({ length: 48 }, (_, i) => (i * 7919) % 2000);
const b1Wh = Array.from({ length: 96 }, (_, i) => i * 5);
const kwh = (wh: number) => (wh / 1000).toFixed(3);

/** A NEM12 sample written from the MDFF record layouts: 100, two 200s (30 and 15 min), 400s, 900. */
const SAMPLE = [
  '100,NEM12,201301031200,MDP1,RETAILER1',
  '200,NMI0000001,E1B1,1,E1,N1,METSER1,kWh,30,20130401',
  `300,20130101,${day1Wh.map(kwh).join(',')},A,,,20130102120000,20130102130000`,
  `300,20130102,${day2Wh.map(kwh).join(',')},V,,,20130103120000,`,
  '400,1,10,A,,',
  '400,11,20,S53,9,substituted after check read',
  '400,21,24,N,,',
  '400,25,48,E52,,',
  '500,O,S01,20130103120000,',
  '200,NMI0000001,E1B1,2,B1,N2,METSER1,Wh,15,',
  `300,20130101,${b1Wh.join(',')},F15,51,,20130102120000,`,
  '900',
];

const AEST = 10 * 3_600_000;

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('parseNem12', () => {
  it('parses two data streams at 30 and 15 minutes into exact Wh with quality flags', async () => {
    const parse = parseNem12(SAMPLE.join('\r\n'));
    const blocks = await collect(parse);
    expect(blocks).toHaveLength(3);
    const [d1, d2, b1] = blocks;
    expect(d1).toMatchObject({
      meterId: 'NMI0000001',
      channel: '1-1:1.8.0*255',
      unit: Unit.Wh,
      start: Date.UTC(2013, 0, 1) - AEST,
      intervalSeconds: 1800,
      source: 'import',
    });
    expect(d1?.values.map((v) => v.value)).toEqual(day1Wh);
    expect(d1?.values.every((v) => v.quality === 0)).toBe(true);

    expect(d2?.start).toBe(Date.UTC(2013, 0, 2) - AEST);
    const expected = day2Wh.map((wh, i) =>
      i < 10
        ? { value: wh, quality: 0 }
        : i < 20
          ? { value: wh, quality: QualityFlag.estimated }
          : i < 24
            ? { value: null, quality: QualityFlag.missing }
            : { value: wh, quality: QualityFlag.estimated },
    );
    expect(d2?.values).toEqual(expected);

    expect(b1).toMatchObject({ channel: '1-1:2.8.0*255', intervalSeconds: 900, unit: Unit.Wh });
    expect(b1?.values.map((v) => v.value)).toEqual(b1Wh);
    expect(b1?.values.every((v) => v.quality === QualityFlag.estimated)).toBe(true);

    expect(parse.report).toEqual({
      header: {
        versionHeader: 'NEM12',
        dateTime: '201301031200',
        fromParticipant: 'MDP1',
        toParticipant: 'RETAILER1',
      },
      nmiDataDetails: 2,
      intervalDays: 3,
      intervals: 48 + 48 + 96,
      nullIntervals: 4,
      intervalEvents: 4,
      b2bDetails: 1,
    });
  });

  it('gives the same blocks fed line by line from an async iterable', async () => {
    async function* lines() {
      for (const l of SAMPLE) yield l;
    }
    expect(await collect(parseNem12(lines()))).toEqual(await collect(parseNem12(SAMPLE)));
  });

  it('scales MWh and kVArh exactly, applies the UTC offset and custom ids', async () => {
    const values = Array.from({ length: 288 }, (_, i) => (i === 0 ? '0.000001' : '1.5'));
    const text = [
      '100,NEM12,201301031200,MDP1,R1',
      '200,NMI0000002,Q1,1,Q1,N1,M1,MVArh,5,',
      `300,20130105,${values.join(',')},A,,,,`,
      '900',
    ];
    const [block] = await collect(
      parseNem12(text, {
        utcOffsetMinutes: 570,
        meterIdOf: (d) => d.meterSerialNumber as never,
        channelOf: (d) => `custom:${d.nmiSuffix}`,
      }),
    );
    expect(block).toMatchObject({
      meterId: 'M1',
      channel: 'custom:Q1',
      unit: Unit.varh,
      intervalSeconds: 300,
    });
    expect(block?.start).toBe(Date.UTC(2013, 0, 5) - 570 * 60_000);
    expect(block?.values[0]?.value).toBe(1);
    expect(block?.values[1]?.value).toBe(1_500_000);
  });

  const bad: [string, (l: string[]) => string[], number, string][] = [
    ['a missing 100 header', (l) => l.slice(1), 1, 'RecordIndicator'],
    ['a NEM13 header', (l) => [l[0]?.replace('NEM12', 'NEM13') ?? '', ...l.slice(1)], 1, 'VersionHeader'],
    ['a 300 before any 200', (l) => [l[0] ?? '', l[2] ?? '', ...l.slice(1)], 2, 'RecordIndicator'],
    [
      'a 400 after a 300 that is not V',
      (l) => [...l.slice(0, 3), '400,1,48,A,,', ...l.slice(3)],
      4,
      'RecordIndicator',
    ],
    ['an unknown record', (l) => [...l.slice(0, 2), '250,x', ...l.slice(2)], 3, 'RecordIndicator'],
    ['a bad date', (l) => replace(l, 2, '20130101', '20130230'), 3, 'IntervalDate'],
    ['47 values for 30 minutes', (l) => replace(l, 2, '0.100,', ''), 3, 'IntervalValue'],
    ['49 values for 30 minutes', (l) => replace(l, 2, '0.100,', '0.100,0.100,'), 3, 'IntervalValue'],
    ['a value finer than 1 Wh', (l) => replace(l, 2, '0.137,', '0.1375,'), 3, 'IntervalValue2'],
    ['a value that is not a number', (l) => replace(l, 2, '0.137,', '1e3,'), 3, 'IntervalValue2'],
    ['an unknown quality flag', (l) => replace(l, 2, ',A,,,', ',X,,,'), 3, 'QualityMethod'],
    ['a 400 quality flag V', (l) => replace(l, 4, ',A,', ',V,'), 5, 'QualityMethod'],
    ['a 400 starting at interval 0', (l) => replace(l, 4, '400,1,', '400,0,'), 5, 'StartInterval'],
    ['a 400 ending after interval 48', (l) => replace(l, 7, '400,25,48', '400,25,49'), 8, 'EndInterval'],
    ['a 400 ending before it starts', (l) => replace(l, 7, '400,25,48', '400,25,24'), 8, 'EndInterval'],
    ['overlapping 400 ranges', (l) => replace(l, 5, '400,11,', '400,10,'), 6, 'StartInterval'],
    [
      '400 records leaving intervals unqualified',
      (l) => [...l.slice(0, 7), ...l.slice(8)],
      4,
      'QualityMethod',
    ],
    ['an unknown UOM', (l) => replace(l, 1, ',kWh,', ',pf,'), 2, 'UOM'],
    ['a 60-minute interval length', (l) => replace(l, 1, ',30,', ',60,'), 2, 'IntervalLength'],
    ['a short NMI', (l) => replace(l, 1, 'NMI0000001', 'NMI01'), 2, 'NMI'],
    ['a 200 with too few fields', (l) => replace(l, 1, ',20130401', ''), 2, 'RecordIndicator'],
    ['a bad UpdateDateTime', (l) => replace(l, 2, '20130102120000', '2013010212'), 3, 'UpdateDateTime'],
    ['a missing 900', (l) => l.slice(0, -1), 12, 'RecordIndicator'],
    ['data after the 900', (l) => [...l, l[2] ?? ''], 13, 'RecordIndicator'],
  ];
  for (const [what, mutate, line, field] of bad) {
    it(`rejects ${what} naming line ${line} and ${field}`, async () => {
      const err = await collect(parseNem12(mutate([...SAMPLE]))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FileFormatError);
      expect(err).toMatchObject({ name: 'FileFormatError', format: 'nem12', line, field });
    });
  }
});

describe('writeNem12 round trip', () => {
  const CREATED = Date.UTC(2013, 0, 3, 2); // 12:00 NEM time

  it('round-trips the hand-written sample: parse → write → parse gives the same blocks', async () => {
    const blocks = await collect(parseNem12(SAMPLE));
    const lines = await collect(writeNem12(blocks, { createdAt: CREATED, toParticipant: 'R1' }));
    expect(await collect(parseNem12(lines))).toEqual(blocks);
    expect(lines[0]).toBe('100,NEM12,201301031200,GRIDMETER,R1');
    expect(lines.filter((l) => l.startsWith('200,'))).toEqual([
      '200,NMI0000001,E1,,E1,E1,,kWh,30,',
      '200,NMI0000001,B1,,B1,B1,,kWh,15,',
    ]);
    // The mixed day is written as V with one 400 per run of equal quality (S for estimated).
    expect(lines.filter((l) => l.startsWith('400,'))).toEqual([
      '400,1,10,A,,',
      '400,11,20,S,,',
      '400,21,24,N,,',
      '400,25,48,S,,',
    ]);
    expect(lines.at(-1)).toBe('900');
  });
});

function replace(lines: string[], index: number, from: string, to: string): string[] {
  const line = lines[index] ?? '';
  if (!line.includes(from)) throw new Error(`fixture: "${from}" not in line ${index + 1}`);
  lines[index] = line.replace(from, to);
  return lines;
}
