import { createReadStream, readFileSync } from 'node:fs';
import { meterId, Unit } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../errors.js';
import { splitLines } from '../lines.js';
import { parseSgscCsv } from './sgsc.js';

// Array.fromAsync needs Node 22; the project supports Node 20.
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

// Real half-hourly readings (../shared/data/README.md), read at test time.
const FILE = new URL(
  '../../../../../../shared/data/load-profiles/sgsc-smart_meter10-2013-01.csv',
  import.meta.url,
);

describe('parseSgscCsv', () => {
  it('imports January 2013 of the SGSC trial with every interval and the exact kWh total', async () => {
    // Expected figures straight from the text: rows per customer and Σ kWh × 1000.
    const rows = readFileSync(FILE, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const perCustomer = new Map<string, number>();
    let expectedWh = 0;
    for (const [c = '', , kwh = ''] of rows) {
      perCustomer.set(`SGSC-${c}`, (perCustomer.get(`SGSC-${c}`) ?? 0) + 1);
      expectedWh += Math.round(Number(kwh) * 1000);
    }

    const parse = parseSgscCsv(splitLines(createReadStream(FILE)), {
      meterIdOf: (c) => meterId(`SGSC-${c}`),
    });
    const counted = new Map<string, number>();
    let totalWh = 0;
    let blocks = 0;
    for await (const block of parse) {
      blocks++;
      expect(block).toMatchObject({ unit: Unit.Wh, intervalSeconds: 1800, channel: '1-0:1.8.0*255' });
      counted.set(block.meterId, (counted.get(block.meterId) ?? 0) + block.values.length);
      for (const v of block.values) totalWh += v.value ?? 0;
    }
    expect(counted).toEqual(perCustomer);
    expect(parse.report.rows).toBe(rows.length);
    expect(totalWh).toBe(expectedWh);
    expect(parse.report.totalWh).toBe(expectedWh);
    // One block per full customer month; the customer with real gaps splits into more.
    expect(blocks).toBeGreaterThan(perCustomer.size);
  });

  it('starts the first interval at local midnight in the given offset', async () => {
    const text =
      'customer_id,reading_datetime,general_supply_kwh\n1,2013-01-01 00:00:00,0.099\n1,2013-01-01 00:30:00,0.057\n';
    const [block] = await collect(parseSgscCsv(text, { utcOffsetMinutes: 660 }));
    expect(block?.start).toBe(Date.UTC(2012, 11, 31, 13));
    expect(block?.values.map((v) => v.value)).toEqual([99, 57]);
  });

  const bad: [string, string, number, string][] = [
    ['a wrong header', 'id,when,kwh\n', 1, 'header'],
    ['an unmapped customer', '2,2013-01-01 00:00:00,0.1\n', 2, 'customer_id'],
    ['a bad date', '1,2013-02-30 00:00:00,0.1\n', 2, 'reading_datetime'],
    ['a time off the half hour', '1,2013-01-01 00:10:00,0.1\n', 2, 'reading_datetime'],
    ['a value finer than 1 Wh', '1,2013-01-01 00:00:00,0.0001\n', 2, 'general_supply_kwh'],
    ['a missing column', '1,2013-01-01 00:00:00\n', 2, 'line'],
  ];
  for (const [what, body, line, field] of bad) {
    it(`rejects ${what} naming line ${line} and ${field}`, async () => {
      const text =
        what === 'a wrong header' ? body : `customer_id,reading_datetime,general_supply_kwh\n${body}`;
      const parse = parseSgscCsv(text, { meterIdOf: new Map([['1', meterId('M1')]]) });
      const err = await collect(parse).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FileFormatError);
      expect(err).toMatchObject({ format: 'sgsc-csv', line, field });
    });
  }
});
