import { CodecError, fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { u9nVectors } from '../test-support/vectors.js';
import { CipheredTag, cipheredTagFor, PlainTag, plainTagFor } from './apdu-tags.js';
import {
  type CipheredApdu,
  decodeCipheredApdu,
  decodeGeneralGloCiphering,
  decodeServiceSpecificCiphering,
  encodeCipheredApdu,
  encodeGeneralDedCiphering,
  encodeServiceSpecificCiphering,
} from './ciphered-apdu.js';
import { decodeSecurityControl } from './security-control.js';

const generalGlo = u9nVectors().find((v) => v.kind_guess === 'apdu' && v.hex.startsWith('db'))!;
const gloInitiate = u9nVectors().find((v) => v.kind_guess.startsWith('glo-initiate-request'))!;

/** The Value attribute of the first `<tag Value="..."/>` element in Gurux XML. */
function xmlValue(xml: string, tag: string): string {
  const m = new RegExp(`<${tag} Value="([0-9A-F]+)"`).exec(xml);
  if (m === null) throw new Error(`no ${tag} in Gurux XML`);
  return m[1]!.toLowerCase();
}

describe('ciphered APDU tags', () => {
  it('maps the LN services to glo- (plain + 8) and ded- (plain + 16) tags', () => {
    expect(cipheredTagFor(PlainTag.getRequest, 'global')).toBe(0xc8);
    expect(cipheredTagFor(PlainTag.setRequest, 'global')).toBe(0xc9);
    expect(cipheredTagFor(PlainTag.eventNotificationRequest, 'global')).toBe(0xca);
    expect(cipheredTagFor(PlainTag.actionRequest, 'global')).toBe(0xcb);
    expect(cipheredTagFor(PlainTag.getResponse, 'global')).toBe(0xcc);
    expect(cipheredTagFor(PlainTag.setResponse, 'global')).toBe(0xcd);
    expect(cipheredTagFor(PlainTag.actionResponse, 'global')).toBe(0xcf);
    expect(cipheredTagFor(PlainTag.getRequest, 'dedicated')).toBe(0xd0);
    expect(cipheredTagFor(PlainTag.actionResponse, 'dedicated')).toBe(0xd7);
  });

  it('maps initiate, confirmed-service-error and SN services to [33..56] and [65..88]', () => {
    expect(cipheredTagFor(PlainTag.initiateRequest, 'global')).toBe(0x21);
    expect(cipheredTagFor(PlainTag.initiateResponse, 'global')).toBe(0x28);
    expect(cipheredTagFor(PlainTag.confirmedServiceError, 'global')).toBe(0x2e);
    expect(cipheredTagFor(PlainTag.initiateRequest, 'dedicated')).toBe(65);
    expect(cipheredTagFor(PlainTag.confirmedServiceError, 'dedicated')).toBe(78);
    expect(cipheredTagFor(PlainTag.readRequest, 'global')).toBe(37);
    expect(cipheredTagFor(PlainTag.informationReportRequest, 'dedicated')).toBe(88);
  });

  it('has no service-specific form for data-notification and exception-response', () => {
    expect(cipheredTagFor(0x0f, 'global')).toBeUndefined();
    expect(cipheredTagFor(0xd8, 'global')).toBeUndefined();
    expect(plainTagFor(CipheredTag.generalGloCiphering)).toBeUndefined();
  });

  it('inverts every mapping', () => {
    for (const plain of Object.values(PlainTag)) {
      for (const kind of ['global', 'dedicated'] as const) {
        expect(plainTagFor(cipheredTagFor(plain, kind)!)).toEqual({ plainTag: plain, keyKind: kind });
      }
    }
  });
});

describe('ciphered APDU codec', () => {
  it('decodes the u9n general-glo-ciphering vector as Gurux reads it', () => {
    const apdu = decodeGeneralGloCiphering(fromHex(generalGlo.hex));
    expect(toHex(apdu.systemTitle)).toBe(xmlValue(generalGlo.gurux_xml!, 'SystemTitle'));
    const service = xmlValue(generalGlo.gurux_xml!, 'CipheredService');
    expect(apdu.securityControl).toEqual(decodeSecurityControl(Number.parseInt(service.slice(0, 2), 16)));
    expect(apdu.invocationCounter).toBe(Number.parseInt(service.slice(2, 10), 16));
    expect(toHex(apdu.cipheredContent)).toBe(service.slice(10));
    expect(toHex(encodeCipheredApdu(apdu))).toBe(generalGlo.hex);
  });

  it('decodes the u9n glo-initiate-request and re-encodes it byte for byte', () => {
    const apdu = decodeServiceSpecificCiphering(fromHex(gloInitiate.hex));
    expect(apdu).toMatchObject({
      tag: 0x21,
      plainTag: 0x01,
      keyKind: 'global',
      invocationCounter: 0x01234567,
    });
    expect(apdu.securityControl.encrypted && apdu.securityControl.authenticated).toBe(true);
    expect(toHex(encodeCipheredApdu(apdu))).toBe(gloInitiate.hex);
  });

  it('uses A-XDR long-form lengths above 127 bytes and reads them back', () => {
    const cipheredContent = new Uint8Array(300).fill(7);
    const header = { securityControl: decodeSecurityControl(0x30), invocationCounter: 9, cipheredContent };
    const ded = encodeGeneralDedCiphering({ systemTitle: new Uint8Array(8), ...header });
    expect(toHex(ded.subarray(0, 14))).toBe('dc08000000000000000082013130');
    const small = encodeServiceSpecificCiphering({
      tag: 0xd4,
      ...header,
      cipheredContent: new Uint8Array(200),
    });
    expect(toHex(small.subarray(0, 4))).toBe('d481cd30');
    expect(decodeCipheredApdu(ded)).toMatchObject({ type: 'general-ded-ciphering', invocationCounter: 9 });
    expect(decodeCipheredApdu(small)).toMatchObject({ type: 'service-specific-ciphering', plainTag: 0xc4 });
  });

  it('round-trips any ciphered APDU', () => {
    const content = {
      securityControl: fc.integer({ min: 0, max: 255 }).map(decodeSecurityControl),
      invocationCounter: fc.integer({ min: 0, max: 0xffff_ffff }),
      cipheredContent: fc.uint8Array({ maxLength: 400 }),
    };
    const apdu: fc.Arbitrary<CipheredApdu> = fc.oneof(
      fc
        .record({
          type: fc.constant('service-specific-ciphering' as const),
          ...content,
          plainTag: fc.constantFrom(...Object.values(PlainTag)),
          keyKind: fc.constantFrom('global' as const, 'dedicated' as const),
        })
        .map((a) => ({ ...a, tag: cipheredTagFor(a.plainTag, a.keyKind)! })),
      fc.record({
        type: fc.constantFrom('general-glo-ciphering' as const, 'general-ded-ciphering' as const),
        systemTitle: fc.uint8Array({ maxLength: 16 }),
        ...content,
      }),
    );
    fc.assert(
      fc.property(apdu, (a) => {
        expect(decodeCipheredApdu(encodeCipheredApdu(a))).toEqual(a);
      }),
    );
  });

  it('rejects truncations, trailing bytes and short headers with CodecError', () => {
    const bytes = fromHex(generalGlo.hex);
    for (let cut = 0; cut < bytes.length; cut++) {
      expect(() => decodeCipheredApdu(bytes.subarray(0, cut))).toThrow(CodecError);
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 8 }), (tail) => {
        expect(() => decodeCipheredApdu(Uint8Array.from([...bytes, ...tail]))).toThrow(CodecError);
      }),
    );
    expect(() => decodeCipheredApdu(fromHex('c80430000000'))).toThrow(CodecError);
    expect(() => decodeCipheredApdu(fromHex('c0010000080000010000ff0200'))).toThrow(CodecError);
    expect(() => decodeCipheredApdu(fromHex('c88400000005'))).toThrow(CodecError);
  });

  it('never throws anything but CodecError on random bytes', () => {
    const tags = [0xc8, 0xcc, 0xd0, 0x21, 0x28, 0xdb, 0xdc];
    fc.assert(
      fc.property(fc.constantFrom(...tags), fc.uint8Array({ maxLength: 64 }), (tag, rest) => {
        for (const input of [rest, Uint8Array.from([tag, ...rest])]) {
          try {
            decodeCipheredApdu(input);
          } catch (e) {
            expect(e).toBeInstanceOf(CodecError);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
