import { describe, expect, it } from 'vitest';
import { sum8 } from './checksum.js';
import { fromHex } from './hex.js';

describe('sum8 (DL/T 645 CS)', () => {
  it('sums modulo 256', () => {
    expect(sum8(Uint8Array.of(0xff, 0x02))).toBe(0x01);
    expect(sum8(new Uint8Array(0))).toBe(0);
  });

  it('matches the checksum of a DL/T 645-2007 broadcast read-address request', () => {
    // 68 AAAAAAAAAAAA 68 13 00 CS 16: 0x68*2 + 0xAA*6 + 0x13 = 0x4DF → CS 0xDF
    const frame = fromHex('68AAAAAAAAAAAA681300DF16');
    expect(sum8(frame, 0, frame.length - 2)).toBe(frame[frame.length - 2]);
  });
});
