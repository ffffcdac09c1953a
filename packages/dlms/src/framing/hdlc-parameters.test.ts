import { CodecError, fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { u9nVectors } from '../test-support/vectors.js';
import { decodeHdlcFrame } from './hdlc-frame.js';
import {
  decodeHdlcParameters,
  encodeHdlcParameters,
  HDLC_DEFAULT_PARAMETERS,
  type HdlcParameters,
  negotiateHdlcParameters,
} from './hdlc-parameters.js';

describe('HDLC parameter negotiation (IEC 62056-46 §6.4.4.4.3.2)', () => {
  it('decodes the u9n UA information field as Gurux does (154/154/1/1) and re-encodes it', () => {
    const v = u9nVectors().find((x) => x.gurux_xml?.includes('<Ua>'))!;
    const info = decodeHdlcFrame(fromHex(v.hex)).information;
    const p = decodeHdlcParameters(info);
    expect(p).toEqual({
      maxInfoFieldLengthTransmit: Number(/MaxInfoTX Value="(\d+)"/.exec(v.gurux_xml!)![1]),
      maxInfoFieldLengthReceive: Number(/MaxInfoRX Value="(\d+)"/.exec(v.gurux_xml!)![1]),
      windowSizeTransmit: Number(/WindowSizeTX Value="(\d+)"/.exec(v.gurux_xml!)![1]),
      windowSizeReceive: Number(/WindowSizeRX Value="(\d+)"/.exec(v.gurux_xml!)![1]),
    });
    expect(toHex(encodeHdlcParameters(p))).toBe(toHex(info));
  });

  it('takes the defaults (128 bytes, window 1) for an empty field and for absent parameters', () => {
    expect(decodeHdlcParameters(new Uint8Array(0))).toEqual(HDLC_DEFAULT_PARAMETERS);
    expect(decodeHdlcParameters(fromHex('81 80 04 05 02 01 00'))).toEqual({
      ...HDLC_DEFAULT_PARAMETERS,
      maxInfoFieldLengthTransmit: 256,
    });
  });

  it('reads 1, 2 and 4-byte values and skips unknown parameters', () => {
    expect(decodeHdlcParameters(fromHex('81 80 0f 05 04 00 00 04 00 06 01 40 09 01 ff 08 01 07'))).toEqual({
      maxInfoFieldLengthTransmit: 1024,
      maxInfoFieldLengthReceive: 64,
      windowSizeTransmit: 1,
      windowSizeReceive: 7,
    });
  });

  it('rejects a wrong format or group identifier, a wrong group length and 3-byte values', () => {
    for (const hex of [
      '82 80 00',
      '81 81 00',
      '81 80 05 05 01 80',
      '81 80 05 05 03 00 00 80',
      '81 80 03 05 02 00',
    ]) {
      expect(() => decodeHdlcParameters(fromHex(hex)), hex).toThrow(CodecError);
    }
  });

  it('negotiates each direction to the smaller of sender and receiver, from the server point of view', () => {
    const client: HdlcParameters = {
      maxInfoFieldLengthTransmit: 512,
      maxInfoFieldLengthReceive: 1024,
      windowSizeTransmit: 7,
      windowSizeReceive: 3,
    };
    const server: HdlcParameters = {
      maxInfoFieldLengthTransmit: 2030,
      maxInfoFieldLengthReceive: 256,
      windowSizeTransmit: 1,
      windowSizeReceive: 4,
    };
    expect(negotiateHdlcParameters(client, server)).toEqual({
      maxInfoFieldLengthTransmit: 1024,
      maxInfoFieldLengthReceive: 256,
      windowSizeTransmit: 1,
      windowSizeReceive: 4,
    });
  });

  it('round-trips any valid parameter set', () => {
    const arb = fc.record({
      maxInfoFieldLengthTransmit: fc.integer({ min: 1, max: 0xffffffff }),
      maxInfoFieldLengthReceive: fc.integer({ min: 1, max: 2030 }),
      windowSizeTransmit: fc.integer({ min: 1, max: 7 }),
      windowSizeReceive: fc.integer({ min: 1, max: 7 }),
    });
    fc.assert(
      fc.property(arb, (p) => {
        expect(decodeHdlcParameters(encodeHdlcParameters(p))).toEqual(p);
      }),
    );
  });

  it('random bytes give parameters or a CodecError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          decodeHdlcParameters(Uint8Array.from([0x81, 0x80, bytes.length, ...bytes]));
        } catch (e) {
          expect(e).toBeInstanceOf(CodecError);
        }
      }),
    );
  });

  it('throws RangeError for window 8 or a zero length', () => {
    expect(() => encodeHdlcParameters({ ...HDLC_DEFAULT_PARAMETERS, windowSizeTransmit: 8 })).toThrow(
      RangeError,
    );
    expect(() => encodeHdlcParameters({ ...HDLC_DEFAULT_PARAMETERS, maxInfoFieldLengthReceive: 0 })).toThrow(
      RangeError,
    );
  });
});
