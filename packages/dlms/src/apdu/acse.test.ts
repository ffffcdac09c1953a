import { ByteReader, ByteWriter, CodecError, concatBytes, fromHex, toHex } from '@gridmeter/codec';
import { describe, expect, it } from 'vitest';
import { u9nVectors } from '../test-support/vectors.js';
import { AcseServiceUserDiagnostic, ApplicationContextName, MechanismName } from './acse.js';
import { decodeApdu, encodeApdu } from './apdu.js';
import { readBerElement, writeBerElement } from './ber.js';

/** The components of a u9n AARQ/AARE vector, found by the u9n test that uses it. */
function components(testName: string): { tag: number; parts: Uint8Array[] } {
  const v = u9nVectors().find((x) => (x.sources as { test: string }[]).some((s) => s.test === testName))!;
  const bytes = fromHex(v.hex);
  const r = new ByteReader(bytes);
  const tag = r.u8();
  // Every vector used here has a short-form length.
  const body = new ByteReader(r.bytes(r.u8()));
  const parts: Uint8Array[] = [];
  while (!body.atEnd) {
    const start = body.offset;
    readBerElement(body);
    parts.push(bytes.subarray(2 + start, 2 + body.offset));
  }
  return { tag, parts };
}

function wrap(tag: number, parts: Uint8Array[]): Uint8Array {
  const w = new ByteWriter();
  writeBerElement(w, tag, concatBytes(...parts));
  return w.finish();
}

const HLS_AARQ = 'TestParseAARQ.test_parse_no_ciphering_high_security';
const HLS_AARE = 'TestDecodeAARE.test_no_ciher_hls_ok';

describe('AARQ / AARE', () => {
  it('decodes the Green Book HLS-GMAC AARQ fields', () => {
    const { tag, parts } = components(HLS_AARQ);
    expect(decodeApdu(wrap(tag, parts))).toMatchObject({
      type: 'aarq',
      applicationContextName: ApplicationContextName.logicalName,
      senderAcseRequirements: true,
      mechanismName: MechanismName.highGmac,
      userInformation: {
        type: 'initiate-request',
        proposedDlmsVersionNumber: 6,
        clientMaxReceivePduSize: 0x04b0,
      },
    });
  });

  it('accepts the optional components in any order', () => {
    for (const name of [HLS_AARQ, HLS_AARE]) {
      const { tag, parts } = components(name);
      const inOrder = decodeApdu(wrap(tag, parts));
      expect(decodeApdu(wrap(tag, [...parts].reverse()))).toEqual(inOrder);
      expect(decodeApdu(wrap(tag, [parts[2]!, parts[0]!, ...parts.slice(3), parts[1]!]))).toEqual(inOrder);
      // Re-encoding puts them back in SEQUENCE order.
      expect(toHex(encodeApdu(inOrder))).toBe(toHex(wrap(tag, parts)));
    }
  });

  it('skips unknown and unused components: invocation ids, protocol-version, multi-byte tags', () => {
    const { tag, parts } = components(HLS_AARE);
    const extra = [
      fromHex('80 02 07 80'), // protocol-version version1
      fromHex('a6 03 02 01 05'), // responding-AP-invocation-identifier
      fromHex('bf 22 02 05 00'), // [34], a tag this decoder does not know
    ];
    expect(decodeApdu(wrap(tag, [...extra, ...parts]))).toEqual(decodeApdu(wrap(tag, parts)));
  });

  it('decodes the AARE result-source-diagnostic authentication-required', () => {
    const { tag, parts } = components(HLS_AARE);
    expect(decodeApdu(wrap(tag, parts))).toMatchObject({
      type: 'aare',
      result: 0,
      resultSourceDiagnostic: {
        source: 'acse-service-user',
        value: AcseServiceUserDiagnostic.authenticationRequired,
      },
      responderAcseRequirements: true,
      mechanismName: MechanismName.highGmac,
    });
  });

  it('round-trips an AARE with an acse-service-provider diagnostic', () => {
    const aare = {
      type: 'aare' as const,
      applicationContextName: ApplicationContextName.shortName,
      result: 2,
      resultSourceDiagnostic: { source: 'acse-service-provider' as const, value: 2 },
    };
    const wire = encodeApdu(aare);
    expect(toHex(wire)).toBe('6117a109060760857405080102a203020102a305a203020102');
    expect(decodeApdu(wire)).toEqual(aare);
  });

  it('rejects a component that appears twice', () => {
    const { tag, parts } = components(HLS_AARQ);
    expect(() => decodeApdu(wrap(tag, [...parts, parts[1]!]))).toThrow(/appears twice/);
  });

  it('rejects an AARQ without application-context-name and an AARE without result', () => {
    const q = components(HLS_AARQ);
    expect(() => decodeApdu(wrap(q.tag, q.parts.slice(1)))).toThrow(/application-context-name is missing/);
    const e = components(HLS_AARE);
    expect(() => decodeApdu(wrap(e.tag, [e.parts[0]!, ...e.parts.slice(2)]))).toThrow(/result is missing/);
  });

  it('rejects malformed BER: indefinite length, length past the end, too many length octets', () => {
    expect(() => decodeApdu(fromHex('60 80 a1 09 06 07 60 85 74 05 08 01 01 00 00'))).toThrow(/indefinite/);
    expect(() => decodeApdu(fromHex('60 0b a1 0a 06 07 60 85 74 05 08 01 01'))).toThrow(CodecError);
    expect(() => decodeApdu(fromHex('60 85 00 00 00 00 01 00'))).toThrow(CodecError);
    expect(() => decodeApdu(fromHex('62 03 80 01'))).toThrow(CodecError);
  });

  it('rejects wrong inner tags and user-information with bytes after its APDU', () => {
    // application-context-name holding an INTEGER instead of an OBJECT IDENTIFIER
    expect(() => decodeApdu(fromHex('60 05 a1 03 02 01 01'))).toThrow(/expected tag 0x6/);
    // calling-authentication-value as bitstring [1] instead of charstring [0]
    expect(() => decodeApdu(fromHex('60 11 a1 09 06 07 60 85 74 05 08 01 01 ac 04 81 02 00 00'))).toThrow(
      /expected tag 0x80/,
    );
    // RLRE whose user-information holds an InitiateResponse plus one stray byte
    expect(() =>
      decodeApdu(fromHex('63 15 80 01 00 be 10 04 0e 08 00 06 5f 1f 04 00 00 1e 1d 04 c8 00 07 ff')),
    ).toThrow(CodecError);
    expect(() =>
      decodeApdu(fromHex('63 14 80 01 00 be 0f 04 0d 08 00 06 5f 1f 04 00 00 1e 1d 04 c8 00')),
    ).toThrow(CodecError);
  });

  it('encodes an LLS AARQ exactly as the Green Book example lays it out', () => {
    // Green Book AARQ with LLS: A1 context, 8A sender-acse-requirements, 8B mechanism, AC password, BE user-info.
    const wire = encodeApdu({
      type: 'aarq',
      applicationContextName: ApplicationContextName.logicalName,
      senderAcseRequirements: true,
      mechanismName: MechanismName.low,
      callingAuthenticationValue: new TextEncoder().encode('12345678'),
      userInformation: {
        type: 'initiate-request',
        responseAllowed: true,
        proposedDlmsVersionNumber: 6,
        proposedConformance: 0x007e1f,
        clientMaxReceivePduSize: 0x04b0,
      },
    });
    const lls = u9nVectors().find((x) =>
      (x.sources as { test: string }[]).some(
        (s) => s.test === 'TestParseAARQ.test_parse_no_ciphering_low_security',
      ),
    )!;
    expect(toHex(wire)).toBe(lls.hex);
  });
});
