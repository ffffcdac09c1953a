import { scryptSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.js';

describe('hashPassword / verifyPassword', () => {
  test('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  test('stores scrypt parameters, a random 16-byte salt and a 32-byte key', async () => {
    const a = await hashPassword('same');
    const b = await hashPassword('same');
    expect(a).not.toBe(b);
    const [alg, n, r, p, salt, key] = a.split('$');
    expect([alg, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64url')).toHaveLength(32);
  });

  test('the key is scrypt of the password and salt (RFC 7914), computed independently', async () => {
    const stored = await hashPassword('pässwörd');
    const [, , , , salt, key] = stored.split('$');
    const expected = scryptSync('pässwörd'.normalize('NFC'), Buffer.from(salt ?? '', 'base64url'), 32, {
      N: 16384,
      r: 8,
      p: 1,
    });
    expect(key).toBe(expected.toString('base64url'));
  });

  test('malformed or tampered hashes never verify', async () => {
    const stored = await hashPassword('pw');
    const parts = stored.split('$');
    for (const bad of [
      '',
      'plain',
      'bcrypt$x',
      parts.slice(0, 5).join('$'),
      [...parts.slice(0, 5), 'AAAA'].join('$'),
      ['scrypt', '0', '8', '1', parts[4], parts[5]].join('$'),
      ['scrypt', String(1 << 22), '8', '1', parts[4], parts[5]].join('$'),
    ]) {
      expect(await verifyPassword('pw', bad)).toBe(false);
    }
    expect(await verifyPassword('', DUMMY_HASH)).toBe(false);
  });
});
