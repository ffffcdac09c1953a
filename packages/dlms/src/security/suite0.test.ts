import { fromHex, toHex } from '@gridmeter/codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadVectorFile } from '../test-support/vectors.js';
import { DlmsAuthenticationError, UnsupportedSecurityError } from './errors.js';
import { type SecurityPolicy, securityControlFor } from './security-control.js';
import { AUTHENTICATION_TAG_LENGTH, gmac, protect, unprotect } from './suite0.js';

interface GreenBookExample {
  readonly encryption_key: string;
  readonly authentication_key: string;
  readonly system_title: string;
  readonly invocation_counter_hex: string;
  readonly plaintext_apdu: string;
  readonly expected_in_test: string;
  readonly hls_gmac_example: {
    readonly client_system_title: string;
    readonly client_invocation_counter: string;
    readonly server_to_client_challenge: string;
    readonly expected_in_test: string;
  };
}

const example = loadVectorFile<{ security_suite_0_green_book_example: GreenBookExample }>(
  'security-suite0-vectors.json',
).security_suite_0_green_book_example;
const encryptionKey = fromHex(example.encryption_key);
const authenticationKey = fromHex(example.authentication_key);
const systemTitle = fromHex(example.system_title);
const invocationCounter = Number.parseInt(example.invocation_counter_hex, 16);

const POLICIES: readonly SecurityPolicy[] = ['none', 'authenticated', 'encrypted', 'authenticated-encrypted'];
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

describe('security suite 0 (AES-GCM-128, 12-byte tag)', () => {
  it('reproduces the Green Book authenticated+encrypted example (SC 0x30)', () => {
    const out = protect({
      securityControl: securityControlFor('authenticated-encrypted'),
      systemTitle,
      invocationCounter,
      encryptionKey,
      authenticationKey,
      plaintext: fromHex(example.plaintext_apdu),
    });
    expect(toHex(out)).toBe(example.expected_in_test);
  });

  it('deciphers the Green Book example back to the GET-Request', () => {
    const plain = unprotect({
      securityControl: securityControlFor('authenticated-encrypted'),
      systemTitle,
      invocationCounter,
      encryptionKey,
      authenticationKey,
      protectedData: fromHex(example.expected_in_test),
    });
    expect(toHex(plain)).toBe(example.plaintext_apdu);
    expect(plain).not.toBeInstanceOf(Buffer);
  });

  it('reproduces the Green Book HLS-GMAC tag over SC 0x10 || AK || StoC', () => {
    const hls = example.hls_gmac_example;
    const data = Uint8Array.from([0x10, ...authenticationKey, ...fromHex(hls.server_to_client_challenge)]);
    const tag = gmac(
      encryptionKey,
      fromHex(hls.client_system_title),
      Number.parseInt(hls.client_invocation_counter, 16),
      data,
    );
    expect(toHex(tag)).toBe(hls.expected_in_test);
  });

  it('authenticated-only output is the plaintext followed by the GMAC tag', () => {
    const plaintext = fromHex(example.plaintext_apdu);
    const out = protect({
      securityControl: securityControlFor('authenticated'),
      systemTitle,
      invocationCounter,
      encryptionKey,
      authenticationKey,
      plaintext,
    });
    expect(out.length).toBe(plaintext.length + AUTHENTICATION_TAG_LENGTH);
    expect(out.subarray(0, plaintext.length)).toEqual(plaintext);
    const expectedTag = gmac(
      encryptionKey,
      systemTitle,
      invocationCounter,
      Uint8Array.from([0x10, ...authenticationKey, ...plaintext]),
    );
    expect(out.subarray(plaintext.length)).toEqual(expectedTag);
  });

  it('encrypted-only output has no tag', () => {
    const plaintext = fromHex(example.plaintext_apdu);
    const out = protect({
      securityControl: securityControlFor('encrypted'),
      systemTitle,
      invocationCounter,
      encryptionKey,
      authenticationKey,
      plaintext,
    });
    expect(out.length).toBe(plaintext.length);
    // GCM's keystream does not depend on the AAD: the first bytes equal the SC 0x30 ciphertext.
    expect(toHex(out)).toBe(example.expected_in_test.slice(0, plaintext.length * 2));
  });

  it('round-trips any plaintext under every policy', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...POLICIES),
        bytes(8, 8),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        bytes(16, 16),
        bytes(16, 16),
        bytes(0, 300),
        (policy, st, ic, ek, ak, plaintext) => {
          const params = {
            securityControl: securityControlFor(policy),
            systemTitle: st,
            invocationCounter: ic,
            encryptionKey: ek,
            authenticationKey: ak,
          };
          const protectedData = protect({ ...params, plaintext });
          expect(unprotect({ ...params, protectedData })).toEqual(plaintext);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('any flipped bit in content, tag, system title or counter fails with DlmsAuthenticationError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SecurityPolicy>('authenticated', 'authenticated-encrypted'),
        bytes(1, 64),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        fc.constantFrom('content', 'systemTitle', 'invocationCounter', 'encryptionKey', 'authenticationKey'),
        (policy, plaintext, where, bit, field) => {
          const params = {
            securityControl: securityControlFor(policy),
            systemTitle,
            invocationCounter,
            encryptionKey,
            authenticationKey,
          };
          let protectedData = protect({ ...params, plaintext });
          const tampered = { ...params };
          const flip = (b: Uint8Array) => {
            const c = b.slice();
            const i = where % c.length;
            c[i] = c[i]! ^ (1 << bit);
            return c;
          };
          if (field === 'content') protectedData = flip(protectedData);
          else if (field === 'invocationCounter')
            tampered.invocationCounter = (invocationCounter ^ (1 << (where % 32))) >>> 0;
          else tampered[field] = flip(params[field]);
          expect(() => unprotect({ ...tampered, protectedData })).toThrow(DlmsAuthenticationError);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a wrong key never returns plaintext, and the error names no key', () => {
    let err: unknown;
    try {
      unprotect({
        securityControl: securityControlFor('authenticated-encrypted'),
        systemTitle,
        invocationCounter,
        encryptionKey: authenticationKey,
        authenticationKey,
        protectedData: fromHex(example.expected_in_test),
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DlmsAuthenticationError);
    const e = err as DlmsAuthenticationError;
    expect(e.name).toBe('DlmsAuthenticationError');
    expect(e.reason).toBe('authentication-failed');
    expect(e.cause).toBeInstanceOf(Error);
    expect(e.message.toLowerCase()).not.toContain(example.authentication_key);
    expect(e.message.toLowerCase()).not.toContain(example.encryption_key);
  });

  it('rejects data too short to hold a tag', () => {
    expect(() =>
      unprotect({
        securityControl: securityControlFor('authenticated'),
        systemTitle,
        invocationCounter,
        encryptionKey,
        authenticationKey,
        protectedData: new Uint8Array(11),
      }),
    ).toThrow(DlmsAuthenticationError);
  });

  it('refuses suites other than 0 and compression', () => {
    const base = {
      systemTitle,
      invocationCounter,
      encryptionKey,
      authenticationKey,
      plaintext: Uint8Array.of(1),
    };
    expect(() =>
      protect({ ...base, securityControl: securityControlFor('authenticated', { suite: 1 }) }),
    ).toThrow(UnsupportedSecurityError);
    expect(() =>
      protect({ ...base, securityControl: { ...securityControlFor('authenticated'), compressed: true } }),
    ).toThrow(UnsupportedSecurityError);
  });

  it('rejects keys, system titles and counters of the wrong size with RangeError', () => {
    const base = {
      securityControl: securityControlFor('authenticated-encrypted'),
      systemTitle,
      invocationCounter,
      encryptionKey,
      authenticationKey,
      plaintext: Uint8Array.of(1),
    };
    expect(() => protect({ ...base, encryptionKey: new Uint8Array(15) })).toThrow(RangeError);
    expect(() => protect({ ...base, authenticationKey: new Uint8Array(32) })).toThrow(RangeError);
    expect(() => protect({ ...base, systemTitle: new Uint8Array(7) })).toThrow(RangeError);
    expect(() => protect({ ...base, invocationCounter: 2 ** 32 })).toThrow(RangeError);
    expect(() => protect({ ...base, invocationCounter: -1 })).toThrow(RangeError);
  });
});
