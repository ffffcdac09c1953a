import { fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyUnwrapError } from './errors.js';
import { unwrapKey, wrapKey } from './key-wrap.js';

// RFC 3394 §4.1: wrap 128 bits of key data with a 128-bit KEK.
const KEK = fromHex('000102030405060708090A0B0C0D0E0F');
const KEY = fromHex('00112233445566778899AABBCCDDEEFF');
const WRAPPED = '1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5';

describe('AES key wrap (RFC 3394)', () => {
  it('reproduces the RFC 3394 §4.1 test vector', () => {
    const wrapped = wrapKey(KEK, KEY);
    expect(toHex(wrapped)).toBe(WRAPPED);
    expect(wrapped).not.toBeInstanceOf(Buffer);
    expect(unwrapKey(KEK, fromHex(WRAPPED))).toEqual(KEY);
  });

  it('round-trips any key under any KEK size', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.integer({ min: 2, max: 8 }).chain((n) => fc.uint8Array({ minLength: 8 * n, maxLength: 8 * n })),
        (kek, key) => {
          expect(unwrapKey(kek, wrapKey(kek, key))).toEqual(key);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a wrong KEK or any flipped bit fails the integrity check with KeyUnwrapError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 7 }), (i, bit) => {
        const wrapped = fromHex(WRAPPED);
        wrapped[i] = wrapped[i]! ^ (1 << bit);
        expect(() => unwrapKey(KEK, wrapped)).toThrow(KeyUnwrapError);
      }),
    );
    let err: unknown;
    try {
      unwrapKey(new Uint8Array(16), fromHex(WRAPPED));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KeyUnwrapError);
    expect((err as KeyUnwrapError).reason).toBe('key-unwrap-failed');
    expect((err as KeyUnwrapError).cause).toBeDefined();
  });

  it('rejects sizes RFC 3394 does not allow', () => {
    expect(() => wrapKey(new Uint8Array(15), KEY)).toThrow(RangeError);
    expect(() => wrapKey(KEK, new Uint8Array(12))).toThrow(RangeError);
    expect(() => wrapKey(KEK, new Uint8Array(8))).toThrow(RangeError);
    expect(() => unwrapKey(KEK, new Uint8Array(20))).toThrow(KeyUnwrapError);
  });
});
