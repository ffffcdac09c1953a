import { ByteReader, CodecError, fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataFromBytes, dataToBytes, decodeDataPrefix } from './bytes.js';
import { decodeData } from './decode.js';
import { dataToJson } from './json.js';
import { tagOfDataType } from './tags.js';
import {
  type CosemDate,
  type CosemDateTime,
  type CosemTime,
  DataTag as DataTagNames,
  type DlmsData,
  type DlmsDataType,
  type TypeDescription,
} from './types.js';

// fast-check arbitraries of every `Data` type, for the round-trip and fuzz properties.

type SimpleType = Exclude<DlmsDataType, 'array' | 'structure' | 'compact-array'>;

const cosemDate: fc.Arbitrary<CosemDate> = fc.record(
  {
    year: fc.integer({ min: 0, max: 0xfffe }),
    month: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0xfd, 0xfe)),
    dayOfMonth: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constantFrom(0xfd, 0xfe)),
    dayOfWeek: fc.integer({ min: 1, max: 7 }),
  },
  { requiredKeys: [] },
);

const cosemTime: fc.Arbitrary<CosemTime> = fc.record(
  {
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    hundredths: fc.integer({ min: 0, max: 99 }),
  },
  { requiredKeys: [] },
);

const cosemDateTime: fc.Arbitrary<CosemDateTime> = fc
  .tuple(
    cosemDate,
    cosemTime,
    fc.record(
      { deviation: fc.integer({ min: -720, max: 720 }), clockStatus: fc.integer({ min: 0, max: 0xfe }) },
      { requiredKeys: [] },
    ),
  )
  .map(([d, t, rest]) => ({ ...d, ...t, ...rest }));

const latin1Char = fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c));

const simpleData: Record<SimpleType, fc.Arbitrary<DlmsData>> = {
  'null-data': fc.constant({ type: 'null-data' }),
  'dont-care': fc.constant({ type: 'dont-care' }),
  boolean: fc.boolean().map((value) => ({ type: 'boolean', value })),
  'bit-string': fc
    .string({ unit: fc.constantFrom('0', '1'), maxLength: 40 })
    .map((value) => ({ type: 'bit-string', value })),
  'double-long': fc
    .integer({ min: -0x80000000, max: 0x7fffffff })
    .map((value) => ({ type: 'double-long', value })),
  'double-long-unsigned': fc
    .integer({ min: 0, max: 0xffffffff })
    .map((value) => ({ type: 'double-long-unsigned', value })),
  'octet-string': fc
    .oneof(fc.uint8Array({ maxLength: 16 }), fc.uint8Array({ minLength: 120, maxLength: 300 }))
    .map((value) => ({ type: 'octet-string', value })),
  'visible-string': fc
    .string({ unit: latin1Char, maxLength: 40 })
    .map((value) => ({ type: 'visible-string', value })),
  'utf8-string': fc
    .string({ unit: 'grapheme', maxLength: 20 })
    .map((value) => ({ type: 'utf8-string', value })),
  bcd: fc.integer({ min: 0, max: 99 }).map((value) => ({ type: 'bcd', value })),
  integer: fc.integer({ min: -128, max: 127 }).map((value) => ({ type: 'integer', value })),
  long: fc.integer({ min: -0x8000, max: 0x7fff }).map((value) => ({ type: 'long', value })),
  unsigned: fc.integer({ min: 0, max: 0xff }).map((value) => ({ type: 'unsigned', value })),
  'long-unsigned': fc.integer({ min: 0, max: 0xffff }).map((value) => ({ type: 'long-unsigned', value })),
  long64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => ({ type: 'long64', value })),
  'long64-unsigned': fc
    .bigInt({ min: 0n, max: 2n ** 64n - 1n })
    .map((value) => ({ type: 'long64-unsigned', value })),
  enum: fc.integer({ min: 0, max: 0xff }).map((value) => ({ type: 'enum', value })),
  float32: fc.float().map((value) => ({ type: 'float32', value })),
  float64: fc.double().map((value) => ({ type: 'float64', value })),
  'date-time': cosemDateTime.map((value) => ({ type: 'date-time', value })),
  date: cosemDate.map((value) => ({ type: 'date', value })),
  time: cosemTime.map((value) => ({ type: 'time', value })),
};

const packableTypes = (Object.keys(simpleData) as SimpleType[]).filter(
  (t) => t !== 'null-data' && t !== 'dont-care',
);

const typeDescription: fc.Arbitrary<TypeDescription> = fc.letrec<{ d: TypeDescription }>((tie) => ({
  d: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    fc
      .constantFrom(...packableTypes)
      .map((t): TypeDescription => ({ type: 'simple', tag: tagOfDataType(t) })),
    fc
      .tuple(fc.integer({ min: 1, max: 3 }), tie('d'))
      .map(([count, element]): TypeDescription => ({ type: 'array', count, element })),
    fc
      .array(tie('d'), { minLength: 1, maxLength: 3 })
      .map((elements): TypeDescription => ({ type: 'structure', elements })),
  ),
})).d;

function packedValue(d: TypeDescription): fc.Arbitrary<DlmsData> {
  switch (d.type) {
    case 'simple': {
      const type = packableTypes.find((t) => tagOfDataType(t) === d.tag)!;
      return simpleData[type];
    }
    case 'array':
      return fc
        .array(packedValue(d.element), { minLength: d.count, maxLength: d.count })
        .map((items): DlmsData => ({ type: 'array', items }));
    case 'structure':
      return fc
        .tuple(...d.elements.map(packedValue))
        .map((items): DlmsData => ({ type: 'structure', items }));
  }
}

const compactArray: fc.Arbitrary<DlmsData> = typeDescription.chain((description) =>
  fc
    .array(packedValue(description), { maxLength: 4 })
    .map((items): DlmsData => ({ type: 'compact-array', description, items })),
);

/** Any `Data` value, nested arrays and structures included. */
const dlmsData: fc.Arbitrary<DlmsData> = fc.letrec<{ data: DlmsData }>((tie) => ({
  data: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    fc.oneof(...Object.values(simpleData)),
    compactArray,
    fc.array(tie('data'), { maxLength: 5 }).map((items): DlmsData => ({ type: 'array', items })),
    fc.array(tie('data'), { maxLength: 5 }).map((items): DlmsData => ({ type: 'structure', items })),
  ),
})).data;

/** Decodes `hex` as one Data value. */
const decode = (hex: string): DlmsData => dataFromBytes(fromHex(hex));
const encode = (d: DlmsData): string => toHex(dataToBytes(d));

function codecError(run: () => unknown): CodecError {
  try {
    run();
  } catch (e) {
    if (e instanceof CodecError) return e;
    throw e;
  }
  throw new Error('expected a CodecError');
}

describe('decodeData / encodeData: every type', () => {
  const cases: [string, DlmsData][] = [
    ['00', { type: 'null-data' }],
    ['ff', { type: 'dont-care' }],
    ['0300', { type: 'boolean', value: false }],
    ['0301', { type: 'boolean', value: true }],
    ['05fe93ba98', { type: 'double-long', value: -23872872 }],
    ['06ffffffff', { type: 'double-long-unsigned', value: 4294967295 }],
    ['0d42', { type: 'bcd', value: 42 }],
    ['0f80', { type: 'integer', value: -128 }],
    ['108000', { type: 'long', value: -32768 }],
    ['11ff', { type: 'unsigned', value: 255 }],
    ['12ffff', { type: 'long-unsigned', value: 65535 }],
    ['148000000000000000', { type: 'long64', value: -(2n ** 63n) }],
    ['147fffffffffffffff', { type: 'long64', value: 2n ** 63n - 1n }],
    ['15ffffffffffffffff', { type: 'long64-unsigned', value: 2n ** 64n - 1n }],
    ['1603', { type: 'enum', value: 3 }],
    ['173fc00000', { type: 'float32', value: 1.5 }],
    ['18400921fb54442d18', { type: 'float64', value: Math.PI }],
    ['0c02c3a9', { type: 'utf8-string', value: 'é' }],
    ['0a03e9ff41', { type: 'visible-string', value: 'éÿA' }],
    [
      '1907e30c1f0217000000ffc480',
      {
        type: 'date-time',
        value: {
          year: 2019,
          month: 12,
          dayOfMonth: 31,
          dayOfWeek: 2,
          hour: 23,
          minute: 0,
          second: 0,
          hundredths: 0,
          deviation: -60,
          clockStatus: 0x80,
        },
      },
    ],
    ['19ffffffffffffffffff8000ff', { type: 'date-time', value: {} }],
    ['1a07e8021dff', { type: 'date', value: { year: 2024, month: 2, dayOfMonth: 29 } }],
    ['1b0c1eff63', { type: 'time', value: { hour: 12, minute: 30, hundredths: 99 } }],
  ];
  for (const [hex, data] of cases) {
    it(`decodes ${hex} as ${data.type} and encodes it back`, () => {
      expect(decode(hex)).toEqual(data);
      expect(encode(data)).toBe(hex);
    });
  }

  it('decodes float specials bit-exactly', () => {
    expect(decode('177fc00000')).toEqual({ type: 'float32', value: Number.NaN });
    expect(decode('177f800000')).toEqual({ type: 'float32', value: Number.POSITIVE_INFINITY });
    expect(decode('17ff800000')).toEqual({ type: 'float32', value: Number.NEGATIVE_INFINITY });
    expect(Object.is((decode('1780000000') as { value: number }).value, -0)).toBe(true);
    expect(decode('18fff0000000000000')).toEqual({ type: 'float64', value: Number.NEGATIVE_INFINITY });
    expect(encode({ type: 'float64', value: -0 })).toBe('188000000000000000');
    expect(encode({ type: 'float32', value: Number.POSITIVE_INFINITY })).toBe('177f800000');
  });

  it('reads any non-zero boolean byte as TRUE and writes TRUE as 0x01', () => {
    expect(decode('03ff')).toEqual({ type: 'boolean', value: true });
    expect(encode(decode('03ff'))).toBe('0301');
  });

  it('handles empty strings, arrays and structures', () => {
    expect(decode('0900')).toEqual({ type: 'octet-string', value: new Uint8Array(0) });
    expect(decode('0a00')).toEqual({ type: 'visible-string', value: '' });
    expect(decode('0c00')).toEqual({ type: 'utf8-string', value: '' });
    expect(decode('0400')).toEqual({ type: 'bit-string', value: '' });
    expect(decode('0100')).toEqual({ type: 'array', items: [] });
    expect(decode('0200')).toEqual({ type: 'structure', items: [] });
  });

  it('handles bit-strings whose length is not a multiple of 8', () => {
    expect(decode('0403a0')).toEqual({ type: 'bit-string', value: '101' });
    expect(decode('040affc0')).toEqual({ type: 'bit-string', value: '1111111111' });
    expect(encode({ type: 'bit-string', value: '1111111111' })).toBe('040affc0');
    expect(encode({ type: 'bit-string', value: '00000001' })).toBe('040801');
    // Padding bits are ignored on decode; the encoder writes zeros.
    expect(decode('0403bf')).toEqual({ type: 'bit-string', value: '101' });
    expect(() => decode('040a ff')).toThrow(/10 bits need 2 bytes, 1 left/);
  });

  it('uses the long length forms 0x81 and 0x82 for octet-strings and arrays', () => {
    const s200 = new Uint8Array(200).fill(0xab);
    expect(encode({ type: 'octet-string', value: s200 }).slice(0, 6)).toBe('0981c8');
    const s300 = new Uint8Array(300).fill(1);
    expect(encode({ type: 'octet-string', value: s300 }).slice(0, 8)).toBe('0982012c');
    expect(decode(`0982012c${'01'.repeat(300)}`)).toEqual({ type: 'octet-string', value: s300 });
    const items = Array.from({ length: 130 }, () => ({ type: 'unsigned', value: 7 }) as const);
    const hex = `018182${'1107'.repeat(130)}`;
    expect(encode({ type: 'array', items })).toBe(hex);
    expect(decode(hex)).toEqual({ type: 'array', items });
  });

  it('hands out octet-string views by default and copies on request', () => {
    const bytes = fromHex('0902abcd');
    const view = decodeData(new ByteReader(bytes));
    const copy = decodeData(new ByteReader(bytes), { copyOctetStrings: true });
    bytes[2] = 0;
    expect(view).toEqual({ type: 'octet-string', value: Uint8Array.of(0, 0xcd) });
    expect(copy).toEqual({ type: 'octet-string', value: Uint8Array.of(0xab, 0xcd) });
  });

  it('refuses values outside their type on encode', () => {
    const bad: DlmsData[] = [
      { type: 'unsigned', value: 256 },
      { type: 'integer', value: -129 },
      { type: 'long-unsigned', value: 1.5 },
      { type: 'double-long', value: 2 ** 31 },
      { type: 'long64-unsigned', value: -1n },
      { type: 'bcd', value: 100 },
      { type: 'bit-string', value: '012' },
      { type: 'visible-string', value: 'Ω' },
      { type: 'date-time', value: { hour: 24 } },
    ];
    for (const d of bad) expect(() => dataToBytes(d), d.type).toThrow(RangeError);
  });
});

describe('compact-array (IEC 62056-6-2 §4.1.5)', () => {
  it('decodes a compact array of long-unsigned', () => {
    const d = decode('13 12 06 0001 0002 0003');
    expect(d).toEqual({
      type: 'compact-array',
      description: { type: 'simple', tag: 0x12 },
      items: [1, 2, 3].map((value) => ({ type: 'long-unsigned', value })),
    });
    expect(encode(d)).toBe('131206000100020003');
  });

  it('decodes structures and inner arrays packed without tags or quantities', () => {
    const d = decode('13 02 02 11 09 08 05 02 aabb 07 00 ff 00');
    expect(d).toEqual({
      type: 'compact-array',
      description: {
        type: 'structure',
        elements: [
          { type: 'simple', tag: 0x11 },
          { type: 'simple', tag: 0x09 },
        ],
      },
      items: [
        {
          type: 'structure',
          items: [
            { type: 'unsigned', value: 5 },
            { type: 'octet-string', value: Uint8Array.of(0xaa, 0xbb) },
          ],
        },
        {
          type: 'structure',
          items: [
            { type: 'unsigned', value: 7 },
            { type: 'octet-string', value: new Uint8Array(0) },
          ],
        },
        {
          type: 'structure',
          items: [
            { type: 'unsigned', value: 0xff },
            { type: 'octet-string', value: new Uint8Array(0) },
          ],
        },
      ],
    });
    const arr = decode('13 01 0002 11 04 01020304');
    expect(arr.type === 'compact-array' && arr.items).toEqual([
      {
        type: 'array',
        items: [
          { type: 'unsigned', value: 1 },
          { type: 'unsigned', value: 2 },
        ],
      },
      {
        type: 'array',
        items: [
          { type: 'unsigned', value: 3 },
          { type: 'unsigned', value: 4 },
        ],
      },
    ]);
    expect(encode(arr)).toBe('1301000211040102 0304'.replace(' ', ''));
  });

  it('decodes an empty compact array', () => {
    expect(decode('13 06 00')).toEqual({
      type: 'compact-array',
      description: { type: 'simple', tag: 6 },
      items: [],
    });
  });

  it('rejects contents that end inside an element, and zero-size element descriptions', () => {
    expect(() => decode('13 12 03 0001 00')).toThrow(CodecError);
    expect(() => decode('13 00 05 0000000000')).toThrow(/null-data is not allowed/);
    expect(() => decode('13 ff 01 00')).toThrow(/dont-care is not allowed/);
    expect(() => decode('13 01 ffff 00 01 00')).toThrow(CodecError);
    expect(() => decode('13 01 0000 11 00')).toThrow(/array of 0 elements/);
    expect(() => decode('13 02 00 00')).toThrow(/structure of 0 elements/);
    expect(() => decode('13 13 12 00 00')).toThrow(/compact-array is not allowed/);
    expect(() => decode('13 07 00')).toThrow(/unknown Data tag 7/);
  });

  it('refuses to encode items that do not match the description', () => {
    const description = { type: 'simple', tag: 0x12 } as const;
    expect(() =>
      dataToBytes({ type: 'compact-array', description, items: [{ type: 'unsigned', value: 1 }] }),
    ).toThrow(TypeError);
    expect(() =>
      dataToBytes({
        type: 'compact-array',
        description: { type: 'array', count: 2, element: description },
        items: [{ type: 'array', items: [{ type: 'long-unsigned', value: 1 }] }],
      }),
    ).toThrow(TypeError);
    expect(() =>
      dataToBytes({ type: 'compact-array', description: { type: 'simple', tag: 0 }, items: [] }),
    ).toThrow(TypeError);
  });
});

describe('hostile input', () => {
  it('names an unknown tag and its offset', () => {
    expect(codecError(() => decode('07')).message).toBe(
      'Cannot decode Data: unknown tag 7 (0x07) (at offset 0)',
    );
    const nested = codecError(() => decode('0202 1105 08'));
    expect(nested.offset).toBe(4);
    expect(nested.message).toMatch(/unknown tag 8/);
  });

  it('fails fast on an array claiming 2^31 elements', () => {
    const started = performance.now();
    expect(codecError(() => decode('0184800000000000')).message).toMatch(
      /2147483648 exceeds the 2 bytes left/,
    );
    expect(codecError(() => decode('0984ffffffff00')).message).toMatch(/exceeds the 1 bytes left/);
    expect(codecError(() => decode('0484ffffffff00')).message).toMatch(/bits need/);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('bounds nesting depth instead of overflowing the stack', () => {
    const deep = `${'0101'.repeat(100_000)}00`;
    expect(codecError(() => decode(deep)).message).toMatch(/nesting deeper than 32/);
    const ok = `${'0101'.repeat(32)}00`;
    expect(decode(ok).type).toBe('array');
    expect(() => dataFromBytes(fromHex(ok), { maxDepth: 31 })).toThrow(CodecError);
    expect(() => decode(`${'0201'.repeat(20)}1301000111 00`)).not.toThrow();
    expect(() => dataFromBytes(fromHex(`${'0201'.repeat(20)}1301000111 00`), { maxDepth: 21 })).toThrow(
      CodecError,
    );
  });

  it('reports trailing bytes with their count', () => {
    const err = codecError(() => decode('1105 0000'));
    expect(err.message).toBe('Cannot decode Data: 2 trailing bytes after the value (at offset 2)');
    expect(decodeDataPrefix(fromHex('1105 0000')).trailing).toEqual(Uint8Array.of(0, 0));
    expect(decodeDataPrefix(fromHex('1105')).trailing.length).toBe(0);
  });

  it('rejects invalid UTF-8 and bad BCD as CodecError', () => {
    expect(() => decode('0c01ff')).toThrow(/not valid UTF-8/);
    expect(() => decode('0d4a')).toThrow(/not two BCD digits/);
  });

  it('gives only CodecError for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          dataFromBytes(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('gives only CodecError for mutated, truncated and extended valid encodings', () => {
    fc.assert(
      fc.property(
        dlmsData,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.uint8Array({ maxLength: 4 }),
        (data, mutations, cut, extra) => {
          const valid = dataToBytes(data);
          const bytes = new Uint8Array([
            ...valid.subarray(0, valid.length - (cut % (valid.length + 1))),
            ...extra,
          ]);
          for (const [at, b] of mutations) if (bytes.length > 0) bytes[at % bytes.length] = b;
          try {
            decodeDataPrefix(bytes);
            dataFromBytes(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(CodecError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('round trips', () => {
  it('decode(encode(x)) = x and re-encoding is byte-identical, for every Data type', () => {
    fc.assert(
      fc.property(dlmsData, (data) => {
        const bytes = dataToBytes(data);
        const back = dataFromBytes(bytes);
        expect(back).toEqual(data);
        expect(toHex(dataToBytes(back))).toBe(toHex(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('covers every simple type in the arbitraries', () => {
    expect(Object.keys(simpleData).length + 3).toBe(Object.keys(DataTagNames).length);
  });

  it('gives JSON that survives JSON.stringify and JSON.parse unchanged', () => {
    fc.assert(
      fc.property(dlmsData, (data) => {
        const json = dataToJson(data);
        expect(JSON.parse(JSON.stringify(json))).toEqual(json);
      }),
      { numRuns: 300 },
    );
  });
});
