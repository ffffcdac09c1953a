import { createDecipheriv, hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecretError } from './errors.js';
import { MasterKey } from './master-key.js';
import { openSecret, SEALED_OVERHEAD, sealSecret } from './secrets.js';

const KEY = Uint8Array.from({ length: 32 }, (_, i) => i);
const master = MasterKey.fromBytes(KEY);
const other = MasterKey.fromBytes(Uint8Array.from({ length: 32 }, (_, i) => 255 - i));
const secret = Uint8Array.from(Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'));

describe('sealSecret / openSecret', () => {
  it('round-trips any plaintext under any meter id', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 64 }),
        (plain, id) => {
          const sealed = sealSecret(master, plain, id);
          expect(sealed.length).toBe(plain.length + SEALED_OVERHEAD);
          expect(openSecret(master, sealed, id)).toEqual(plain);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is AES-256-GCM under the HKDF-SHA256 key of the master key, with the version byte and meter id as AAD', () => {
    // Decrypt independently with node:crypto from the documented layout: 01 | IV 12 | ct | tag 16.
    const sealed = sealSecret(master, secret, 'GM00000001');
    const key = Buffer.from(
      hkdfSync('sha256', KEY, new Uint8Array(0), 'gridmeter/headend/registry/secrets/v1', 32),
    );
    const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
    d.setAAD(Buffer.concat([Buffer.of(1), Buffer.from('GM00000001')]));
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([d.update(sealed.subarray(13, sealed.length - 16)), d.final()]);
    expect(sealed[0]).toBe(1);
    expect(new Uint8Array(plain)).toEqual(secret);
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret(master, secret, 'm')).not.toEqual(sealSecret(master, secret, 'm'));
  });

  it('fails with SecretError under another master key', () => {
    const sealed = sealSecret(master, secret, 'GM00000001');
    expect(() => openSecret(other, sealed, 'GM00000001')).toThrow(SecretError);
  });

  it('fails with SecretError when the secret is moved to another meter id', () => {
    const sealed = sealSecret(master, secret, 'GM00000001');
    expect(() => openSecret(master, sealed, 'GM00000002')).toThrow(
      /authentication failed .*sealed for another meter/,
    );
  });

  it('fails with SecretError when any bit of the sealed bytes is flipped', () => {
    const sealed = sealSecret(master, secret, 'GM00000001');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sealed.length * 8 - 1 }), (bit) => {
        const tampered = sealed.slice();
        tampered[bit >> 3]! ^= 1 << (bit & 7);
        expect(() => openSecret(master, tampered, 'GM00000001')).toThrow(SecretError);
      }),
    );
  });

  it('fails with SecretError for truncated bytes or an unknown version', () => {
    const sealed = sealSecret(master, secret, 'x');
    expect(() => openSecret(master, sealed.subarray(0, SEALED_OVERHEAD - 1), 'x')).toThrow(/shorter than 29/);
    expect(() => openSecret(master, sealed.subarray(0, sealed.length - 1), 'x')).toThrow(SecretError);
    const v2 = sealed.slice();
    v2[0] = 2;
    expect(() => openSecret(master, v2, 'x')).toThrow(/unknown format version 2/);
  });
});
