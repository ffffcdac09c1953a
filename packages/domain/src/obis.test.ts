import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Obis, ObisCode } from './obis.js';

describe('ObisCode', () => {
  it('parses the display form and the dotted form to the same code', () => {
    const a = ObisCode.parse('1-0:1.8.0*255');
    const b = ObisCode.parse('1.0.1.8.0.255');
    expect(a.equals(b)).toBe(true);
    expect([a.a, a.b, a.c, a.d, a.e, a.f]).toEqual([1, 0, 1, 8, 0, 255]);
  });

  it('formats both forms', () => {
    const c = ObisCode.parse('0-0:96.3.10*255');
    expect(c.toString()).toBe('0-0:96.3.10*255');
    expect(c.toDotted()).toBe('0.0.96.3.10.255');
    expect(JSON.stringify({ c })).toBe('{"c":"0-0:96.3.10*255"}');
  });

  it('takes F as 255 when left out, and accepts & for the billing period', () => {
    expect(ObisCode.parse('1-0:1.8.1').f).toBe(255);
    expect(ObisCode.parse('1-0:1.8.0&3').f).toBe(3);
  });

  it('converts to and from the 6-byte logical name', () => {
    const c = ObisCode.fromBytes(Uint8Array.of(1, 0, 99, 1, 0, 255));
    expect(c.equals(Obis.loadProfile1)).toBe(true);
    expect(Array.from(Obis.clock.toBytes())).toEqual([0, 0, 1, 0, 0, 255]);
    expect(() => ObisCode.fromBytes(new Uint8Array(5))).toThrow(/6 bytes, got 5/);
  });

  it.each([
    ['', 'expected'],
    ['1-0:1.8', 'expected'],
    ['1.0.1.8.0', 'expected'],
    ['1.0.1.8.0.255.1', 'expected'],
    ['1-0:1.8.0*256', 'F is 256'],
    ['256.0.1.8.0.255', 'A is 256'],
    ['1-0:1.x.0*255', 'expected'],
    ['-1-0:1.8.0*255', 'expected'],
    ['1-0:1.8.0*1000', 'expected'],
    ['1 - 0:1.8.0', 'expected'],
  ])('rejects %j', (text, why) => {
    expect(() => ObisCode.parse(text)).toThrow(RangeError);
    expect(() => ObisCode.parse(text)).toThrow(why);
    expect(ObisCode.tryParse(text)).toBeUndefined();
  });

  it('rejects groups outside 0-255 when built from numbers', () => {
    expect(() => ObisCode.of(1, 0, 1, 8, 0, 300)).toThrow(/group F/);
    expect(() => ObisCode.of(1.5, 0, 1, 8, 0)).toThrow(/group A/);
  });

  it('replaces the rate group', () => {
    expect(Obis.activeEnergyImportTotal.withRate(2).toString()).toBe('1-0:1.8.2*255');
  });

  it('round-trips any six groups through both text forms and bytes', () => {
    const group = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.tuple(group, group, group, group, group, group), (g) => {
        const c = ObisCode.of(...g);
        expect(ObisCode.parse(c.toString()).equals(c)).toBe(true);
        expect(ObisCode.parse(c.toDotted()).equals(c)).toBe(true);
        expect(ObisCode.fromBytes(c.toBytes()).equals(c)).toBe(true);
        expect(c.toDotted()).toBe(g.join('.'));
      }),
    );
  });

  it('never throws anything but RangeError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          ObisCode.parse(s);
        } catch (e) {
          expect(e).toBeInstanceOf(RangeError);
        }
      }),
    );
  });
});
