import { describe, expect, it } from 'vitest';
import { detectLayer } from './detect.js';
import { bytesFromFile, parseHexText } from './input.js';

describe('parseHexText', () => {
  it('accepts spaces, colons, dashes, commas, new lines and 0x prefixes', () => {
    expect(Array.from(parseHexText('7E:A0-07, 0x03 21\n93'))).toEqual([0x7e, 0xa0, 0x07, 0x03, 0x21, 0x93]);
  });

  it('refuses other characters and odd digit counts', () => {
    expect(() => parseHexText('7e zz')).toThrow(TypeError);
    expect(() => parseHexText('7e0')).toThrow(/Odd/);
  });
});

describe('bytesFromFile', () => {
  it('parses a text file of hex', () => {
    const file = new TextEncoder().encode('00 01 00 10\r\n00 01 00 00\n');
    expect(bytesFromFile(file)).toEqual({ bytes: Uint8Array.of(0, 1, 0, 0x10, 0, 1, 0, 0), encoding: 'hex' });
  });

  it('takes anything else as binary', () => {
    const file = Uint8Array.of(0x7e, 0xa0, 0x07, 0x03, 0x21, 0x93, 0x0f, 0x01, 0x7e);
    expect(bytesFromFile(file)).toEqual({ bytes: file, encoding: 'binary' });
  });
});

describe('detectLayer', () => {
  it('tells wrapper, HDLC (after fill flags) and bare APDUs apart', () => {
    expect(detectLayer(parseHexText('0001 0010 0001 0005 6203800100'))).toBe('wrapper');
    expect(detectLayer(parseHexText('7e7e a007 0321930f01 7e'))).toBe('hdlc');
    expect(detectLayer(parseHexText('c001c100080000010000ff0200'))).toBe('apdu');
    expect(detectLayer(new Uint8Array(0))).toBe('apdu');
  });
});
