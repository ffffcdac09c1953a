import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeSecurityControl,
  encodeSecurityControl,
  type SecurityPolicy,
  securityControlFor,
  securityPolicyOf,
} from './security-control.js';

describe('security control byte', () => {
  it('decodes SC 0x30 as suite 0, authenticated and encrypted (the UDP DataNotification vectors)', () => {
    expect(decodeSecurityControl(0x30)).toEqual({
      suite: 0,
      authenticated: true,
      encrypted: true,
      broadcastKey: false,
      compressed: false,
    });
  });

  it('places each field on the bit Table 37 gives it', () => {
    const base = { suite: 0, authenticated: false, encrypted: false, broadcastKey: false, compressed: false };
    expect(encodeSecurityControl({ ...base, suite: 0x0f })).toBe(0x0f);
    expect(encodeSecurityControl({ ...base, authenticated: true })).toBe(0x10);
    expect(encodeSecurityControl({ ...base, encrypted: true })).toBe(0x20);
    expect(encodeSecurityControl({ ...base, broadcastKey: true })).toBe(0x40);
    expect(encodeSecurityControl({ ...base, compressed: true })).toBe(0x80);
  });

  it('maps the four policies to SC 0x00, 0x10, 0x20 and 0x30 for suite 0', () => {
    const expected: Record<SecurityPolicy, number> = {
      none: 0x00,
      authenticated: 0x10,
      encrypted: 0x20,
      'authenticated-encrypted': 0x30,
    };
    for (const [policy, byte] of Object.entries(expected) as [SecurityPolicy, number][]) {
      expect(encodeSecurityControl(securityControlFor(policy))).toBe(byte);
      expect(securityPolicyOf(decodeSecurityControl(byte))).toBe(policy);
    }
    expect(encodeSecurityControl(securityControlFor('authenticated', { broadcastKey: true, suite: 1 }))).toBe(
      0x51,
    );
  });

  it('round-trips every byte', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (b) => {
        expect(encodeSecurityControl(decodeSecurityControl(b))).toBe(b);
      }),
    );
  });

  it('rejects values outside a byte and suites outside 0..15 with RangeError', () => {
    expect(() => decodeSecurityControl(256)).toThrow(RangeError);
    expect(() => decodeSecurityControl(-1)).toThrow(RangeError);
    expect(() => encodeSecurityControl({ ...securityControlFor('none'), suite: 16 })).toThrow(RangeError);
  });
});
