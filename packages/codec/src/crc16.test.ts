import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CRC16_X25_RESIDUE, crc16x25 } from './crc16.js';
import { fromHex } from './hex.js';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('crc16x25', () => {
  it('gives the catalogued check value 0x906E for "123456789"', () => {
    expect(crc16x25(ascii('123456789'))).toBe(0x906e);
  });

  it('gives 0x0000 for no bytes (0xFFFF xor 0xFFFF)', () => {
    expect(crc16x25(new Uint8Array(0))).toBe(0x0000);
  });

  it('reproduces the HCS and FCS of the Green Book SNRM frame 7E A0 07 03 21 93 0F 01 7E', () => {
    // Frame: format A007, dest 03, src 21, control 93 (SNRM, P=1), HCS/FCS 0F01 low byte first.
    const frame = fromHex('7EA0070321930F017E');
    const crc = crc16x25(frame, 1, 6);
    expect(crc & 0xff).toBe(0x0f);
    expect(crc >> 8).toBe(0x01);
  });

  it('leaves the good-FCS residue when data is followed by its own FCS', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        const fcs = crc16x25(data);
        const framed = new Uint8Array(data.length + 2);
        framed.set(data);
        framed[data.length] = fcs & 0xff;
        framed[data.length + 1] = fcs >> 8;
        expect(crc16x25(framed)).toBe(CRC16_X25_RESIDUE);
      }),
    );
  });

  it('detects every single-bit error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), (data, bit) => {
        const flipped = data.slice();
        const i = bit % (data.length * 8);
        flipped[i >> 3]! ^= 1 << (i & 7);
        expect(crc16x25(flipped)).not.toBe(crc16x25(data));
      }),
    );
  });

  it('honours start and end bounds', () => {
    const data = ascii('xx123456789yy');
    expect(crc16x25(data, 2, 11)).toBe(0x906e);
  });
});
