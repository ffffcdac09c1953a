import { ByteReader, ByteWriter, CodecError, fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { u9nVectors } from '../test-support/vectors.js';
import { decodeApdu, encodeApdu } from './apdu.js';
import { decodeOid, encodeOid, readBerLength, writeBerLength } from './ber.js';
import { conformance, conformanceNames, decodeConformance, hasConformance } from './conformance.js';
import {
  invokeIdAndPriority,
  longInvokeIdAndPriority,
  parseInvokeIdAndPriority,
  parseLongInvokeIdAndPriority,
} from './invoke-id.js';
import { apduToJson } from './json.js';
import { profileGenericAccess, readProfileGenericAccess } from './selective-access.js';

describe('BER lengths and OBJECT IDENTIFIERs', () => {
  it('round-trips lengths in the shortest form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const w = new ByteWriter();
        writeBerLength(w, n);
        const bytes = w.finish();
        expect(bytes.length).toBe(n < 0x80 ? 1 : n <= 0xff ? 2 : n <= 0xffff ? 3 : n <= 0xffffff ? 4 : 5);
        const r = new ByteReader(Uint8Array.of(...bytes, ...new Uint8Array(Math.min(n, 300))));
        if (n <= 300) expect(readBerLength(r)).toBe(n);
        else expect(() => readBerLength(r)).toThrow(/exceeds/);
      }),
    );
  });

  it('encodes the DLMS UA OIDs as the Green Book shows them', () => {
    expect(toHex(encodeOid('2.16.756.5.8.1.1'))).toBe('60857405080101');
    expect(toHex(encodeOid('2.16.756.5.8.2.5'))).toBe('60857405080205');
    expect(decodeOid(fromHex('60857405080103'), 0)).toBe('2.16.756.5.8.1.3');
    expect(decodeOid(fromHex('2b0601'), 0)).toBe('1.3.6.1');
  });

  it('rejects unterminated and padded OID arcs', () => {
    expect(() => decodeOid(fromHex('6085'), 0)).toThrow(CodecError);
    expect(() => decodeOid(fromHex('608001'), 0)).toThrow(CodecError);
    expect(() => decodeOid(new Uint8Array(0), 0)).toThrow(CodecError);
  });
});

describe('conformance block', () => {
  it('reads the u9n conformance vectors with the Green Book bit names', () => {
    const blocks = u9nVectors().filter((v) => v.kind_guess.startsWith('conformance block'));
    expect(blocks.length).toBe(2);
    const names = blocks.map((v) =>
      conformanceNames(decodeConformance(new ByteReader(fromHex(`5f1f04${v.hex}`)))),
    );
    // 00 7e 1f and 00 50 1f, as Gurux names them in the AARQ/AARE vectors carrying the same bytes.
    expect(names[0]).toEqual([
      'priorityMgmtSupported',
      'attribute0SupportedWithGet',
      'blockTransferWithGetOrRead',
      'blockTransferWithSetOrWrite',
      'blockTransferWithAction',
      'multipleReferences',
      'get',
      'set',
      'selectiveAccess',
      'eventNotification',
      'action',
    ]);
    expect(names[1]).toEqual([
      'priorityMgmtSupported',
      'blockTransferWithGetOrRead',
      'get',
      'set',
      'selectiveAccess',
      'eventNotification',
      'action',
    ]);
  });

  it('builds blocks from names and tests single bits', () => {
    expect(conformance(['get', 'set', 'action'])).toBe(0x000019);
    expect(conformance(['generalProtection'])).toBe(0x400000);
    expect(hasConformance(0x401e1d, 'generalProtection')).toBe(true);
    expect(hasConformance(0x401e1d, 'read')).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (c) => {
        expect(conformance(conformanceNames(c))).toBe(c);
      }),
    );
  });

  it('rejects a conformance block with the wrong tag or unused bits', () => {
    expect(() => decodeConformance(new ByteReader(fromHex('5f1e040000001e')))).toThrow(CodecError);
    expect(() => decodeConformance(new ByteReader(fromHex('5f1f040100001e')))).toThrow(/unused bits/);
  });
});

describe('invoke-id-and-priority', () => {
  it('packs invoke id in bits 0-3, confirmed in bit 6, high priority in bit 7', () => {
    expect(invokeIdAndPriority({ invokeId: 1, confirmed: true, highPriority: true })).toBe(0xc1);
    expect(invokeIdAndPriority({ invokeId: 5, confirmed: false, highPriority: true })).toBe(0x85);
    expect(parseInvokeIdAndPriority(0x45)).toEqual({ invokeId: 5, confirmed: true, highPriority: false });
    expect(() => invokeIdAndPriority({ invokeId: 16, confirmed: true, highPriority: false })).toThrow(
      RangeError,
    );
  });

  it('unpacks the DataNotification long invoke id of the u9n vector', () => {
    // 0x000001DB: long-invoke-id 475, no flags (u9n and Gurux agree).
    expect(parseLongInvokeIdAndPriority(0x000001db)).toEqual({
      longInvokeId: 475,
      selfDescriptive: false,
      breakOnError: false,
      confirmed: false,
      highPriority: false,
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffff }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (id, s, b, c, h) => {
          const f = { longInvokeId: id, selfDescriptive: s, breakOnError: b, confirmed: c, highPriority: h };
          expect(parseLongInvokeIdAndPriority(longInvokeIdAndPriority(f))).toEqual(f);
        },
      ),
    );
  });
});

describe('Profile generic selective access', () => {
  it('reads the range descriptors of the u9n GET vectors', () => {
    const gets = u9nVectors().filter(
      (v) =>
        v.kind_guess === 'apdu' &&
        (v.sources as { test: string }[]).some((s) => /range_descriptor/.test(s.test)),
    );
    expect(gets.length).toBe(3);
    for (const v of gets) {
      const apdu = decodeApdu(fromHex(v.hex));
      if (apdu.type !== 'get-request-normal' || apdu.access === undefined)
        throw new Error('no access selection');
      const d = readProfileGenericAccess(apdu.access);
      // Gurux: restricting object clock 0.0.1.0.0.255 attribute 2, data index 0; from/to octet strings; no columns.
      expect(d).toMatchObject({
        type: 'range-descriptor',
        restrictingObject: { classId: 8, attributeIndex: 2, dataIndex: 0 },
        fromValue: { type: 'octet-string' },
        toValue: { type: 'octet-string' },
        selectedValues: [],
      });
      if (d.type === 'range-descriptor') expect(toHex(d.restrictingObject.logicalName)).toBe('0000010000ff');
      // Built back from the typed form, the request encodes to the vector's bytes.
      expect(toHex(encodeApdu({ ...apdu, access: profileGenericAccess(d) }))).toBe(v.hex);
    }
  });

  it('encodes an entry descriptor as structure of double-long-unsigned and long-unsigned', () => {
    const access = profileGenericAccess({
      type: 'entry-descriptor',
      fromEntry: 1,
      toEntry: 0,
      fromSelectedValue: 1,
      toSelectedValue: 0,
    });
    const wire = encodeApdu({
      type: 'get-request-normal',
      invokeIdAndPriority: 0xc1,
      attribute: { classId: 7, instanceId: fromHex('0100630100ff'), attributeId: 2 },
      access,
    });
    // IEC 62056-6-2 §4.3.6 entry_descriptor: 02 04 06 from_entry 06 to_entry 12 from_value 12 to_value.
    expect(toHex(wire)).toBe(
      'c001c100070100630100ff0201020204060000000106000000001200011200 00'.replace(' ', ''),
    );
    expect(readProfileGenericAccess(access)).toEqual({
      type: 'entry-descriptor',
      fromEntry: 1,
      toEntry: 0,
      fromSelectedValue: 1,
      toSelectedValue: 0,
    });
  });

  it('rejects parameters that do not have the descriptor shape', () => {
    expect(() =>
      readProfileGenericAccess({ accessSelector: 2, accessParameters: { type: 'structure', items: [] } }),
    ).toThrow(CodecError);
    expect(() =>
      readProfileGenericAccess({ accessSelector: 3, accessParameters: { type: 'null-data' } }),
    ).toThrow(/neither range/);
  });
});

describe('apduToJson', () => {
  it('shows hex, OBIS codes, unpacked invoke ids and result names', () => {
    const json = apduToJson(decodeApdu(fromHex('c401c10103')));
    expect(json).toEqual({
      type: 'get-response-normal',
      invokeIdAndPriority: { byte: 0xc1, invokeId: 1, confirmed: true, highPriority: true },
      result: { type: 'data-access-result', dataAccessResult: 3, dataAccessResultName: 'read-write-denied' },
    });
    const get = apduToJson(decodeApdu(fromHex('c001c1000100002a0000ff0200'))) as { attribute: unknown };
    expect(get.attribute).toEqual({
      classId: 1,
      instanceId: '00002a0000ff',
      obis: '0.0.42.0.0.255',
      attributeId: 2,
    });
  });

  it('names conformance bits, OIDs and diagnostics of an AARE, and survives JSON.stringify', () => {
    const aare = u9nVectors().find((v) =>
      (v.sources as { test: string }[]).some((s) => s.test === 'TestDecodeAARE.test_no_ciher_hls_ok'),
    )!;
    const json = apduToJson(decodeApdu(fromHex(aare.hex)));
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json).toMatchObject({
      applicationContextNameName: 'logical-name',
      mechanismNameName: 'high-gmac',
      resultName: 'accepted',
      resultSourceDiagnostic: {
        source: 'acse-service-user',
        value: 14,
        valueName: 'authentication-required',
      },
      respondingAuthenticationValue: '503677524a323146',
      userInformation: {
        negotiatedConformance: { value: '00501f', bits: expect.arrayContaining(['get', 'action']) },
      },
    });
  });
});
