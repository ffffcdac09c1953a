import { ByteReader, bytesEqual, CodecError, concatBytes, fromHex, toHex } from '@gridmeter/codec';
import { describe, expect, it } from 'vitest';
import { epriVectors, loadVectorFile, u9nVectors } from '../test-support/vectors.js';
import { dataFromBytes, dataToBytes, decodeDataPrefix } from './bytes.js';
import { cosemDateTimeFromBytes, cosemDateTimeToEpochMs } from './cosem-date-time.js';
import { decodeData } from './decode.js';
import type { DlmsData } from './types.js';

/*
 * Third-party vectors checked against Gurux's GXDLMSTranslator output (`gurux_xml`), an
 * independent decoder. Both sides are reduced to the same token list: Gurux's XML by a regex,
 * our DlmsData by naming each value the way Gurux prints it.
 */

function guruxTokens(xml: string): string[] {
  const tokens: string[] = [];
  const clean = xml.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of clean.matchAll(/<(\/?)(\w+)((?:\s+\w+="[^"]*")*)\s*(\/?)>/g)) {
    const [, close, name, attrs] = m;
    if (close) {
      tokens.push(`/${name}`);
      continue;
    }
    const attr = /(\w+)="([^"]*)"/.exec(attrs ?? '');
    tokens.push(attr ? `${name} ${attr[1]}=${attr[2]}` : `${name}`);
  }
  return tokens;
}

const hex = (n: number | bigint, digits: number): string =>
  n.toString(16).toUpperCase().padStart(digits, '0');
const twos = (n: number, bits: number): string => hex(n < 0 ? 2 ** bits + n : n, bits / 4);

/** Our value in Gurux's vocabulary: the XML element name and Value/Qty attribute it would print. */
function ourTokens(d: DlmsData, out: string[] = []): string[] {
  switch (d.type) {
    case 'null-data':
      out.push('None');
      break;
    case 'array':
    case 'structure': {
      const name = d.type === 'array' ? 'Array' : 'Structure';
      out.push(`${name} Qty=${hex(d.items.length, 2)}`);
      for (const item of d.items) ourTokens(item, out);
      out.push(`/${name}`);
      break;
    }
    case 'unsigned':
      out.push(`UInt8 Value=${hex(d.value, 2)}`);
      break;
    case 'long-unsigned':
      out.push(`UInt16 Value=${hex(d.value, 4)}`);
      break;
    case 'double-long-unsigned':
      out.push(`UInt32 Value=${hex(d.value, 8)}`);
      break;
    case 'integer':
      out.push(`Int8 Value=${twos(d.value, 8)}`);
      break;
    case 'long':
      out.push(`Int16 Value=${twos(d.value, 16)}`);
      break;
    case 'double-long':
      out.push(`Int32 Value=${twos(d.value, 32)}`);
      break;
    case 'enum':
      out.push(`Enum Value=${hex(d.value, 2)}`);
      break;
    case 'octet-string':
      out.push(`OctetString Value=${toHex(d.value).toUpperCase()}`);
      break;
    case 'visible-string':
      out.push(`String Value=${d.value}`);
      break;
    case 'bit-string':
      out.push(`BitString Value=${d.value}`);
      break;
    default:
      throw new Error(`no Gurux name for ${d.type} in this test`);
  }
  return out;
}

/** Gurux's date comments (`<!--MM/DD/YY hh:mm:ss-->`) before 12-byte octet-strings. */
function guruxDateComments(xml: string): { text: string; bytes: Uint8Array }[] {
  const re = /<!--(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d)[^>]*-->\s*<OctetString Value="([0-9A-F]{24})"/g;
  return Array.from(xml.matchAll(re), (m) => ({ text: m[1]!, bytes: fromHex(m[2]!) }));
}

function commentToUtcMs(text: string): number {
  const [date, time] = text.split(' ') as [string, string];
  const [mm, dd, yy] = date.split('/').map(Number) as [number, number, number];
  const [h, m, s] = time.split(':').map(Number) as [number, number, number];
  return Date.UTC(2000 + yy, mm - 1, dd, h, m, s);
}

function expectError(run: () => unknown): CodecError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return e as CodecError;
  }
  throw new Error('expected a CodecError');
}

const u9n = u9nVectors();

const testName = (sources: unknown): string =>
  Array.isArray(sources) ? String((sources[0] as { test?: string } | undefined)?.test) : '?';

function u9nAt(index: number, hexStart: string): Uint8Array {
  const v = u9n[index]!;
  expect(v.hex.startsWith(hexStart)).toBe(true);
  return fromHex(v.hex);
}

describe('u9n A-XDR Data vectors against Gurux', () => {
  /**
   * Vectors that hold more than one Data, or a block fragment: Gurux decodes the first value
   * only, so do we (decodeDataPrefix), and the trailing byte counts below are counted by hand.
   */
  const prefixOnly = new Map<string, { trailing: number; why: string }>([
    ['0001180203', { trailing: 554, why: 'null-data then the 24-row profile array (two values)' }],
    ['0207060190560b', { trailing: 15, why: 'structure(7), null-data, structure(5) back to back' }],
    ['0600000654', { trailing: 375, why: 'raw last block of a GET-Response: starts mid-array' }],
    ['0102040204120008', { trailing: 43, why: 'selective-access selector 0x01 read as an array tag' }],
  ]);
  /** The first block of a 1440-row profile: the array is cut off, so it cannot decode. */
  const truncated = '018205a0';

  const positives = u9n
    .map((v, index) => ({ v, index }))
    .filter(({ v }) => v.kind_guess === 'A-XDR Data' && v.expected_by_test === 'positive');

  it('has the vectors this suite expects', () => {
    expect(positives.length).toBe(20);
  });

  for (const { v, index } of positives) {
    const special = [...prefixOnly].find(([start]) => v.hex.startsWith(start));
    if (v.hex.startsWith(truncated)) {
      it(`rejects #${index} (a first block, ${v.len} bytes of a longer array) with a CodecError`, () => {
        const err = expectError(() => dataFromBytes(fromHex(v.hex)));
        expect(err.message).toMatch(/needs|left/);
      });
      continue;
    }
    it(`decodes #${index} (${testName(v.sources)}) as Gurux does and re-encodes it byte for byte`, () => {
      const bytes = fromHex(v.hex);
      let data: DlmsData;
      let consumed: Uint8Array;
      if (special) {
        const prefix = decodeDataPrefix(bytes);
        expect(prefix.trailing.length).toBe(special[1].trailing);
        expectError(() => dataFromBytes(bytes));
        data = prefix.data;
        consumed = bytes.subarray(0, bytes.length - prefix.trailing.length);
      } else {
        data = dataFromBytes(bytes);
        consumed = bytes;
      }
      expect(ourTokens(data)).toEqual(guruxTokens(v.gurux_xml ?? ''));
      const reencoded = toHex(dataToBytes(data));
      if (v.hex.startsWith('0102040204')) {
        // bit-string 04 02 04: 2 bits in a byte whose padding bits are not zero (0x04); the
        // encoder pads with zeros, so only this byte differs.
        expect(reencoded).toBe(toHex(consumed).replace(/^0102040204/, '0102040200'));
      } else {
        expect(reencoded).toBe(toHex(consumed));
      }
    });
  }

  it('rejects every truncation of every single-value vector with a CodecError', () => {
    let cuts = 0;
    for (const { v } of positives) {
      if ([...prefixOnly.keys()].some((start) => v.hex.startsWith(start)) || v.hex.startsWith(truncated))
        continue;
      const bytes = fromHex(v.hex);
      for (let cut = 0; cut < bytes.length; cut++, cuts++)
        expectError(() => dataFromBytes(bytes.subarray(0, cut)));
    }
    expect(cuts).toBeGreaterThan(500);
  });

  it('splits the two-value vector into exactly the values dlms_cosem lists, and stops', () => {
    const bytes = u9nAt(0, '0001180203');
    const values: DlmsData[] = [];
    let rest = bytes;
    while (rest.length > 0) {
      const { data, trailing } = decodeDataPrefix(rest);
      values.push(data);
      rest = trailing;
    }
    expect(values.map((d) => d.type)).toEqual(['null-data', 'array']);
    expect(values[1]?.type === 'array' && values[1].items.length).toBe(24);
    const three = u9nAt(2, '0207060190560b');
    const first = decodeDataPrefix(three);
    const second = decodeDataPrefix(first.trailing);
    const third = decodeDataPrefix(second.trailing);
    expect([first.data.type, second.data.type, third.data.type]).toEqual([
      'structure',
      'null-data',
      'structure',
    ]);
    expect(third.trailing.length).toBe(0);
    // dlms_cosem's third value: [720, 3240, 17, 30, -64]
    expect(third.data).toEqual({
      type: 'structure',
      items: [
        { type: 'long-unsigned', value: 720 },
        { type: 'long-unsigned', value: 3240 },
        { type: 'unsigned', value: 17 },
        { type: 'unsigned', value: 30 },
        { type: 'integer', value: -64 },
      ],
    });
  });

  it('reads the selective-access vector as a range descriptor when started after the selector byte', () => {
    const bytes = u9nAt(153, '0102040204120008');
    const { data, trailing } = decodeDataPrefix(bytes.subarray(1));
    expect(trailing.length).toBe(0);
    expect(data.type === 'structure' && data.items.map((i) => i.type)).toEqual([
      'structure',
      'octet-string',
      'octet-string',
      'array',
    ]);
  });
});

/**
 * APDUs whose Data sits at a fixed place (IEC 62056-5-3 §9.3): the offsets are read off the
 * APDU layout by hand; the Data must match the same value inside Gurux's APDU decoding.
 */
describe('u9n APDUs carrying Data', () => {
  const cases: { hexStart: string; layout: string; offsets: number[]; end?: number }[] = [
    { hexStart: 'c401c1000600001391', layout: 'GET-Response-Normal: c4 01 iid 00 Data', offsets: [4] },
    {
      hexStart: 'c301c0000f0000280000ff0101',
      layout: 'ACTION-Request-Normal: c3 01 iid class(2) obis(6) method 01 Data',
      offsets: [13],
    },
    {
      hexStart: 'c701c000010009',
      layout: 'ACTION-Response-Normal: c7 01 iid result 01 00 Data',
      offsets: [6],
    },
    {
      hexStart: 'c403c10200',
      layout: 'GET-Response-With-List: c4 03 iid n, n × (00 Data)',
      offsets: [5, 5 + 18 + 1],
    },
    {
      hexStart: 'c403c109',
      layout: 'GET-Response-With-List of 9',
      offsets: [5, 9, 13, 17, 21, 25, 29, 33, 57],
    },
    {
      hexStart: 'c001c100070100630100ff02010102040204120008',
      layout: 'GET-Request-Normal with access selection: c0 01 iid class obis attr 01 selector Data',
      offsets: [14],
    },
    {
      hexStart: 'c101c100080000010000ff0200',
      layout: 'SET-Request-Normal: c1 01 iid class obis attr 00 Data',
      offsets: [13],
    },
    {
      hexStart: '0f000001db00',
      layout: 'DATA-NOTIFICATION: 0f long-invoke-id(4) date-time(0 = absent) Data',
      offsets: [6],
    },
    {
      hexStart: '7ea2434108831385eb',
      layout:
        'HDLC I-frame: 7e fmt(2) dst(1) src(2) ctl hcs(2) e6 e7 00, DATA-NOTIFICATION 0f id(4) 00, Data, fcs(2) 7e',
      offsets: [18],
      end: -3,
    },
  ];

  for (const c of cases) {
    const matching = u9n.filter((v) => v.hex.startsWith(c.hexStart) && v.gurux_xml?.startsWith('<'));
    it(`finds the Data of ${c.layout} inside Gurux's decoding (${matching.length} vectors)`, () => {
      expect(matching.length).toBeGreaterThan(0);
      for (const v of matching) {
        const bytes = fromHex(v.hex);
        const all = guruxTokens(v.gurux_xml ?? '').join('\n');
        let last = 0;
        for (const offset of c.offsets) {
          const r = new ByteReader(
            bytes.subarray(offset, c.end === undefined ? bytes.length : bytes.length + c.end),
            offset,
          );
          const data = decodeData(r);
          last = offset + r.offset;
          expect(all).toContain(ourTokens(data).join('\n'));
          expect(toHex(dataToBytes(data))).toBe(toHex(bytes.subarray(offset, last)));
        }
        expect(last).toBe(c.end === undefined ? bytes.length : bytes.length + c.end);
      }
    });
  }
});

describe('COSEM date-times in the vectors', () => {
  it('agrees with every date Gurux printed beside a 12-byte octet-string', () => {
    let checked = 0;
    const sources = [...u9n.map((v) => v.gurux_xml ?? ''), ...epriVectors().map((v) => v.gurux_xml ?? '')];
    for (const xml of sources) {
      for (const { text, bytes } of guruxDateComments(xml)) {
        const dt = cosemDateTimeFromBytes(bytes);
        const expected = commentToUtcMs(text);
        if (dt.deviation !== undefined) {
          // Gurux shows UTC when the deviation is known: UTC = local + deviation.
          // Gurux prints whole seconds.
          expect(Math.floor(cosemDateTimeToEpochMs(dt) / 1000) * 1000).toBe(expected);
        } else {
          const local = new Date(expected);
          expect([dt.year, dt.month, dt.dayOfMonth, dt.hour, dt.minute, dt.second]).toEqual([
            local.getUTCFullYear(),
            local.getUTCMonth() + 1,
            local.getUTCDate(),
            local.getUTCHours(),
            local.getUTCMinutes(),
            local.getUTCSeconds(),
          ]);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(30);
  });
});

describe('EPRI Data fragments', () => {
  const epri = epriVectors();
  const byHex = (h: string): Uint8Array => {
    const v = epri.find((e) => e.hex === h);
    expect(v).toBeDefined();
    return fromHex(v!.hex);
  };

  it('decodes the COSEMData unit-test values (expected values worked out from the hex)', () => {
    expect(dataFromBytes(byHex('05fe93ba98'))).toEqual({ type: 'double-long', value: 0xfe93ba98 - 2 ** 32 });
    expect(dataFromBytes(byHex('0600539343'))).toEqual({ type: 'double-long-unsigned', value: 0x00539343 });
    expect(dataFromBytes(byHex('090401020304'))).toEqual({
      type: 'octet-string',
      value: Uint8Array.of(1, 2, 3, 4),
    });
    expect(dataFromBytes(byHex('0a0454455354'))).toEqual({ type: 'visible-string', value: 'TEST' });
    for (const h of ['05fe93ba98', '0600539343', '090401020304', '0a0454455354']) {
      expect(toHex(dataToBytes(dataFromBytes(byHex(h))))).toBe(h);
    }
  });

  it('decodes the GET-Response clock value and matches the APDU Gurux decoded', () => {
    const data = dataFromBytes(byHex('090c07e001040109320a00800000'));
    const apdu = epri.find((e) => e.hex.startsWith('c4014300'));
    expect(ourTokens(data).join('\n')).toBe(
      guruxTokens(apdu?.gurux_xml ?? '')
        .filter((t) => t.startsWith('OctetString'))
        .join('\n'),
    );
    expect(data.type === 'octet-string' && cosemDateTimeFromBytes(data.value)).toEqual({
      year: 2016,
      month: 1,
      dayOfMonth: 4,
      dayOfWeek: 1,
      hour: 9,
      minute: 50,
      second: 10,
      hundredths: 0,
      clockStatus: 0,
    });
  });

  it('reads ACTION-Request method parameters "01 12 0002" as optional-flag then long-unsigned 2', () => {
    const bytes = byHex('01120002');
    // Read from the start it claims an array of 18 elements in 2 bytes: rejected before allocating.
    expect(expectError(() => dataFromBytes(bytes)).message).toMatch(/18 exceeds the 2 bytes left/);
    expect(dataFromBytes(bytes.subarray(1))).toEqual({ type: 'long-unsigned', value: 2 });
  });
});

describe('captured sessions (Gurux C server on loopback)', () => {
  interface Capture {
    sessions: { name: string; messages: { dir: string; hex: string }[] }[];
  }
  const capture = loadVectorFile<Capture>('captures/loopback-sessions.json');
  const wrapper = capture.sessions.find((s) => s.name.startsWith('gurux-c-client__gurux-c-server__wrapper'));

  it('decodes the clock GET-response whose date-time is followed by stray bytes, once, without looping', () => {
    const clock = wrapper?.messages.find((m) => m.dir === 'RX' && m.hex.includes('c401c100090c'));
    expect(clock).toBeDefined();
    const apdu = fromHex(clock!.hex).subarray(8); // IEC 62056-47 wrapper header: 4 × uint16
    const value = apdu.subarray(4); // c4 01 iid 00
    const err = expectError(() => dataFromBytes(value));
    expect(err.message).toMatch(/18 trailing bytes/);
    expect(err.offset).toBe(14);
    const { data, trailing } = decodeDataPrefix(value);
    expect(toHex(trailing)).toBe(`090f090c${'07ea0b160701141300000000'}090f`);
    expect(data.type === 'octet-string' && cosemDateTimeFromBytes(data.value)).toEqual({
      year: 2026,
      month: 11,
      dayOfMonth: 22,
      dayOfWeek: 7,
      hour: 1,
      minute: 20,
      second: 19,
      hundredths: 0,
      deviation: 0,
      clockStatus: 0,
    });
    // The stray bytes themselves: 09 0f claims 15 octets, 14 follow.
    expectError(() => dataFromBytes(trailing));
  });

  it('reassembles the association object list from nine GET-Response data blocks and decodes it whole', () => {
    const blocks: Uint8Array[] = [];
    for (const m of wrapper?.messages ?? []) {
      const apdu = fromHex(m.hex).subarray(8);
      // IEC 62056-5-3 GET-Response-With-Datablock: c4 02 iid last-block block-number(4) 00 raw-data
      if (m.dir !== 'RX' || apdu[0] !== 0xc4 || apdu[1] !== 0x02) continue;
      const r = new ByteReader(apdu.subarray(9));
      const first = r.u8();
      const n = first < 0x80 ? first : first === 0x81 ? r.u8() : r.u16();
      blocks.push(r.bytes(n));
    }
    expect(blocks.length).toBe(9);
    const whole = concatBytes(...blocks);
    const list = dataFromBytes(whole);
    expect(list.type).toBe('array');
    if (list.type !== 'array') return;
    expect(list.items.length).toBe(0x34);
    for (const entry of list.items) {
      // object_list_element ::= structure { class_id, version, logical_name, access_rights }
      expect(entry.type === 'structure' && entry.items.map((i) => i.type)).toEqual([
        'long-unsigned',
        'unsigned',
        'octet-string',
        'structure',
      ]);
    }
    expect(bytesEqual(dataToBytes(list), whole)).toBe(true);
    // Every prefix short of the whole is rejected, never mis-decoded.
    for (let cut = 0; cut < whole.length; cut += 37) expectError(() => dataFromBytes(whole.subarray(0, cut)));
  });
});
