import { CodecError, fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DlmsData } from '../axdr/types.js';
import { ApplicationContextName, MechanismName, type UserInformation } from './acse.js';
import { type Apdu, decodeApdu, decodeApduPrefix, encodeApdu } from './apdu.js';
import type {
  AttributeWithSelection,
  CosemAttributeDescriptor,
  CosemMethodDescriptor,
  DataBlockSA,
  GetDataResult,
} from './common.js';
import { CipheredApduTag } from './tags.js';

// ---------------------------------------------------------------------------------------------
// Arbitraries: every APDU type, with Data drawn from types A-XDR encodes canonically.

const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const i8 = fc.integer({ min: -128, max: 127 });
const bytes = (maxLength = 40) => fc.uint8Array({ maxLength });

const leafData: fc.Arbitrary<DlmsData> = fc.oneof(
  fc.constant<DlmsData>({ type: 'null-data' }),
  fc.boolean().map<DlmsData>((value) => ({ type: 'boolean', value })),
  i8.map<DlmsData>((value) => ({ type: 'integer', value })),
  u16.map<DlmsData>((value) => ({ type: 'long-unsigned', value })),
  u32.map<DlmsData>((value) => ({ type: 'double-long-unsigned', value })),
  bytes(20).map<DlmsData>((value) => ({ type: 'octet-string', value })),
  fc.string({ maxLength: 10, unit: fc.constantFrom('a', 'B', '7', ' ') }).map<DlmsData>((value) => ({
    type: 'visible-string',
    value,
  })),
);
const data: fc.Arbitrary<DlmsData> = fc.oneof(
  { weight: 3, arbitrary: leafData },
  fc.array(leafData, { maxLength: 4 }).map<DlmsData>((items) => ({ type: 'structure', items })),
  fc.array(leafData, { maxLength: 4 }).map<DlmsData>((items) => ({ type: 'array', items })),
);

const instanceId = fc.uint8Array({ minLength: 6, maxLength: 6 });
const attribute: fc.Arbitrary<CosemAttributeDescriptor> = fc.record({
  classId: u16,
  instanceId,
  attributeId: i8,
});
const method: fc.Arbitrary<CosemMethodDescriptor> = fc.record({ classId: u16, instanceId, methodId: i8 });
const access = fc.record({ accessSelector: u8, accessParameters: data });
const withSelection: fc.Arbitrary<AttributeWithSelection> = fc.record(
  { attribute, access },
  { requiredKeys: ['attribute'] },
);
const block: fc.Arbitrary<DataBlockSA> = fc.record({
  lastBlock: fc.boolean(),
  blockNumber: u32,
  rawData: bytes(),
});
const getDataResult: fc.Arbitrary<GetDataResult> = fc.oneof(
  data.map<GetDataResult>((d) => ({ type: 'data', data: d })),
  u8.map<GetDataResult>((dataAccessResult) => ({ type: 'data-access-result', dataAccessResult })),
);
const iip = u8;
const conformanceBlock = fc.integer({ min: 0, max: 0xffffff });
const oid = fc.oneof(
  fc.constantFrom(...Object.values(ApplicationContextName), ...Object.values(MechanismName)),
  fc
    .array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 5 })
    .map((a) => `1.3.${a.join('.')}`),
);
const cipheredTag = fc.constantFrom(...Object.values(CipheredApduTag));
const ciphered = fc
  .tuple(cipheredTag, bytes())
  .map(([tag, body]) => ({ type: 'ciphered' as const, tag, raw: Uint8Array.of(tag, ...body) }));

const initiateRequest = fc.record(
  {
    type: fc.constant('initiate-request' as const),
    dedicatedKey: bytes(32),
    responseAllowed: fc.boolean(),
    proposedQualityOfService: i8,
    proposedDlmsVersionNumber: u8,
    proposedConformance: conformanceBlock,
    clientMaxReceivePduSize: u16,
  },
  {
    requiredKeys: [
      'type',
      'responseAllowed',
      'proposedDlmsVersionNumber',
      'proposedConformance',
      'clientMaxReceivePduSize',
    ],
  },
);
const initiateResponse = fc.record(
  {
    type: fc.constant('initiate-response' as const),
    negotiatedQualityOfService: i8,
    negotiatedDlmsVersionNumber: u8,
    negotiatedConformance: conformanceBlock,
    serverMaxReceivePduSize: u16,
    vaaName: u16,
  },
  {
    requiredKeys: [
      'type',
      'negotiatedDlmsVersionNumber',
      'negotiatedConformance',
      'serverMaxReceivePduSize',
      'vaaName',
    ],
  },
);
const confirmedServiceError = fc.record({
  type: fc.constant('confirmed-service-error' as const),
  service: u8,
  errorKind: fc.integer({ min: 0, max: 10 }),
  error: u8,
});
const userInformation: fc.Arbitrary<UserInformation> = fc.oneof(
  initiateRequest,
  initiateResponse,
  confirmedServiceError,
  ciphered,
);

const aarq = fc.record(
  {
    type: fc.constant('aarq' as const),
    applicationContextName: oid,
    calledApTitle: bytes(8),
    calledAeQualifier: bytes(8),
    callingApTitle: bytes(8),
    callingAeQualifier: bytes(200),
    senderAcseRequirements: fc.boolean(),
    mechanismName: oid,
    callingAuthenticationValue: bytes(64),
    implementationInformation: bytes(8),
    userInformation,
  },
  { requiredKeys: ['type', 'applicationContextName'] },
);
const aare = fc.record(
  {
    type: fc.constant('aare' as const),
    applicationContextName: oid,
    result: fc.integer({ min: 0, max: 2 }),
    resultSourceDiagnostic: fc.record({
      source: fc.constantFrom('acse-service-user' as const, 'acse-service-provider' as const),
      value: fc.integer({ min: -1000, max: 100000 }),
    }),
    respondingApTitle: bytes(8),
    respondingAeQualifier: bytes(8),
    responderAcseRequirements: fc.boolean(),
    mechanismName: oid,
    respondingAuthenticationValue: bytes(64),
    implementationInformation: bytes(8),
    userInformation,
  },
  { requiredKeys: ['type', 'applicationContextName', 'result', 'resultSourceDiagnostic'] },
);
const release = (type: 'rlrq' | 'rlre') =>
  fc.record(
    { type: fc.constant(type), reason: fc.constantFrom(0, 1, 30), userInformation },
    { requiredKeys: ['type'] },
  );

const apdu: fc.Arbitrary<Apdu> = fc.oneof(
  aarq,
  aare,
  release('rlrq'),
  release('rlre'),
  initiateRequest,
  initiateResponse,
  confirmedServiceError,
  fc.record(
    { type: fc.constant('get-request-normal' as const), invokeIdAndPriority: iip, attribute, access },
    { requiredKeys: ['type', 'invokeIdAndPriority', 'attribute'] },
  ),
  fc.record({ type: fc.constant('get-request-next' as const), invokeIdAndPriority: iip, blockNumber: u32 }),
  fc.record({
    type: fc.constant('get-request-with-list' as const),
    invokeIdAndPriority: iip,
    attributes: fc.array(withSelection, { maxLength: 4 }),
  }),
  fc.record({
    type: fc.constant('get-response-normal' as const),
    invokeIdAndPriority: iip,
    result: getDataResult,
  }),
  fc.record({
    type: fc.constant('get-response-with-datablock' as const),
    invokeIdAndPriority: iip,
    lastBlock: fc.boolean(),
    blockNumber: u32,
    result: fc.oneof(
      bytes(300).map((rawData) => ({ type: 'raw-data' as const, rawData })),
      u8.map((dataAccessResult) => ({ type: 'data-access-result' as const, dataAccessResult })),
    ),
  }),
  fc.record({
    type: fc.constant('get-response-with-list' as const),
    invokeIdAndPriority: iip,
    results: fc.array(getDataResult, { maxLength: 4 }),
  }),
  fc.record(
    {
      type: fc.constant('set-request-normal' as const),
      invokeIdAndPriority: iip,
      attribute,
      access,
      value: data,
    },
    { requiredKeys: ['type', 'invokeIdAndPriority', 'attribute', 'value'] },
  ),
  fc.record(
    {
      type: fc.constant('set-request-with-first-datablock' as const),
      invokeIdAndPriority: iip,
      attribute,
      access,
      datablock: block,
    },
    { requiredKeys: ['type', 'invokeIdAndPriority', 'attribute', 'datablock'] },
  ),
  fc.record({
    type: fc.constant('set-request-with-datablock' as const),
    invokeIdAndPriority: iip,
    datablock: block,
  }),
  fc.array(fc.tuple(withSelection, data), { maxLength: 4 }).chain((pairs) =>
    fc.record({
      type: fc.constant('set-request-with-list' as const),
      invokeIdAndPriority: iip,
      attributes: fc.constant(pairs.map((p) => p[0])),
      values: fc.constant(pairs.map((p) => p[1])),
    }),
  ),
  fc.record({
    type: fc.constant('set-request-with-list-and-first-datablock' as const),
    invokeIdAndPriority: iip,
    attributes: fc.array(withSelection, { maxLength: 4 }),
    datablock: block,
  }),
  fc.record({ type: fc.constant('set-response-normal' as const), invokeIdAndPriority: iip, result: u8 }),
  fc.record({
    type: fc.constant('set-response-datablock' as const),
    invokeIdAndPriority: iip,
    blockNumber: u32,
  }),
  fc.record({
    type: fc.constant('set-response-last-datablock' as const),
    invokeIdAndPriority: iip,
    result: u8,
    blockNumber: u32,
  }),
  fc.record({
    type: fc.constant('set-response-last-datablock-with-list' as const),
    invokeIdAndPriority: iip,
    results: fc.array(u8, { maxLength: 5 }),
    blockNumber: u32,
  }),
  fc.record({
    type: fc.constant('set-response-with-list' as const),
    invokeIdAndPriority: iip,
    results: fc.array(u8, { maxLength: 5 }),
  }),
  fc.record(
    {
      type: fc.constant('action-request-normal' as const),
      invokeIdAndPriority: iip,
      method,
      parameters: data,
    },
    { requiredKeys: ['type', 'invokeIdAndPriority', 'method'] },
  ),
  fc.record({
    type: fc.constant('action-request-next-pblock' as const),
    invokeIdAndPriority: iip,
    blockNumber: u32,
  }),
  fc.array(fc.tuple(method, data), { maxLength: 4 }).chain((pairs) =>
    fc.record({
      type: fc.constant('action-request-with-list' as const),
      invokeIdAndPriority: iip,
      methods: fc.constant(pairs.map((p) => p[0])),
      parameters: fc.constant(pairs.map((p) => p[1])),
    }),
  ),
  fc.record({
    type: fc.constant('action-request-with-first-pblock' as const),
    invokeIdAndPriority: iip,
    method,
    pblock: block,
  }),
  fc.record({
    type: fc.constant('action-request-with-list-and-first-pblock' as const),
    invokeIdAndPriority: iip,
    methods: fc.array(method, { maxLength: 4 }),
    pblock: block,
  }),
  fc.record({
    type: fc.constant('action-request-with-pblock' as const),
    invokeIdAndPriority: iip,
    pblock: block,
  }),
  fc.record(
    {
      type: fc.constant('action-response-normal' as const),
      invokeIdAndPriority: iip,
      result: u8,
      returnParameters: getDataResult,
    },
    { requiredKeys: ['type', 'invokeIdAndPriority', 'result'] },
  ),
  fc.record({
    type: fc.constant('action-response-with-pblock' as const),
    invokeIdAndPriority: iip,
    pblock: block,
  }),
  fc.record({
    type: fc.constant('action-response-with-list' as const),
    invokeIdAndPriority: iip,
    responses: fc.array(
      fc.record({ result: u8, returnParameters: getDataResult }, { requiredKeys: ['result'] }),
      { maxLength: 4 },
    ),
  }),
  fc.record({
    type: fc.constant('action-response-next-pblock' as const),
    invokeIdAndPriority: iip,
    blockNumber: u32,
  }),
  fc.record(
    {
      type: fc.constant('data-notification' as const),
      longInvokeIdAndPriority: u32,
      dateTime: fc.uint8Array({ minLength: 1, maxLength: 12 }),
      body: data,
    },
    { requiredKeys: ['type', 'longInvokeIdAndPriority', 'body'] },
  ),
  fc.record(
    { type: fc.constant('event-notification-request' as const), time: bytes(12), attribute, value: data },
    { requiredKeys: ['type', 'attribute', 'value'] },
  ),
  fc.oneof(
    fc.record({
      type: fc.constant('exception-response' as const),
      stateError: u8,
      serviceError: u8.filter((n) => n !== 6),
    }),
    fc.record({
      type: fc.constant('exception-response' as const),
      stateError: u8,
      serviceError: fc.constant(6),
      invocationCounter: u32,
    }),
  ),
  ciphered,
);

// ---------------------------------------------------------------------------------------------

function onlyCodecErrors(bytes: Uint8Array): void {
  try {
    decodeApdu(bytes);
  } catch (e) {
    if (!(e instanceof CodecError)) throw e;
  }
}

describe('encodeApdu / decodeApdu', () => {
  it('round-trips generated APDUs of every type', () => {
    fc.assert(
      fc.property(apdu, (a) => {
        const wire = encodeApdu(a);
        expect(decodeApdu(wire)).toEqual(a);
        expect(decodeApduPrefix(Uint8Array.of(...wire, 0xaa, 0xbb)).length).toBe(
          a.type === 'ciphered' ? wire.length + 2 : wire.length,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('gives only CodecErrors for random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), onlyCodecErrors), { numRuns: 5000 });
  });

  it('gives only CodecErrors for random bytes behind every known first byte', () => {
    const tags = [
      0x01, 0x08, 0x0e, 0x0f, 0x60, 0x61, 0x62, 0x63, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc7, 0xd8,
    ];
    fc.assert(
      fc.property(fc.constantFrom(...tags), fc.uint8Array({ maxLength: 64 }), (tag, rest) =>
        onlyCodecErrors(Uint8Array.of(tag, ...rest)),
      ),
      { numRuns: 5000 },
    );
  });

  it('gives a value or a CodecError for mutated, truncated and extended valid APDUs', () => {
    fc.assert(
      fc.property(apdu, fc.nat(), u8, fc.nat(), (a, at, value, cut) => {
        const wire = encodeApdu(a);
        const mutated = wire.slice();
        mutated[at % wire.length] = value;
        onlyCodecErrors(mutated);
        onlyCodecErrors(wire.subarray(0, cut % (wire.length + 1)));
        if (a.type !== 'ciphered') {
          expect(() => decodeApdu(Uint8Array.of(...wire, value))).toThrow(CodecError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every proper prefix of a GET-Response-With-List', () => {
    const wire = fromHex('c403c10200091049534b3130333037373737363433363600090c07e50603040e091700ffc400');
    for (let cut = 0; cut < wire.length; cut++)
      expect(() => decodeApdu(wire.subarray(0, cut))).toThrow(CodecError);
  });

  it('names an unknown tag in its error', () => {
    expect(() => decodeApdu(Uint8Array.of(0xe5, 0x00))).toThrow(/unknown tag 0xe5 \(at offset 0\)/);
  });

  it('passes ciphered APDUs through whole, tag included', () => {
    const wire = fromHex('cb 10 30 00000001 0102030405060708090a0b');
    expect(decodeApdu(wire)).toEqual({ type: 'ciphered', tag: 0xcb, raw: wire });
    expect(toHex(encodeApdu({ type: 'ciphered', tag: 0xcb, raw: wire }))).toBe(toHex(wire));
  });

  it('encodes the Green Book GET-Request-Next example bytes', () => {
    // IEC 62056-5-3 §8.2 Get-Request-Next: C0 02, invoke-id-and-priority, block-number Unsigned32.
    expect(toHex(encodeApdu({ type: 'get-request-next', invokeIdAndPriority: 0xc1, blockNumber: 1 }))).toBe(
      'c002c100000001',
    );
  });

  it('refuses to encode lists whose lengths disagree', () => {
    expect(() =>
      encodeApdu({
        type: 'set-request-with-list',
        invokeIdAndPriority: 0xc1,
        attributes: [],
        values: [{ type: 'null-data' }],
      }),
    ).toThrow(RangeError);
    expect(() =>
      encodeApdu({ type: 'ciphered', tag: CipheredApduTag.GloGetRequest, raw: Uint8Array.of(0xc9) }),
    ).toThrow(RangeError);
  });
});
