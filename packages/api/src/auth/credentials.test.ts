import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseCookies, sessionCookie } from './credentials.js';

describe('parseCookies', () => {
  test('reads name=value pairs, trims, unquotes, and keeps the first of a repeated name', () => {
    const c = parseCookies('a=1; gm_session=gms_x ; b="quoted"; a=2; broken; =nameless');
    expect(c.get('a')).toBe('1');
    expect(c.get('gm_session')).toBe('gms_x');
    expect(c.get('b')).toBe('quoted');
    expect(c.has('broken')).toBe(false);
    expect(parseCookies(undefined).size).toBe(0);
  });
});

describe('sessionCookie', () => {
  test('is HttpOnly, SameSite=Strict, site-wide, with Max-Age; Secure over TLS', () => {
    expect(sessionCookie('gms_t', 3600.9, false)).toBe(
      'gm_session=gms_t; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600',
    );
    expect(sessionCookie('gms_t', 10, true)).toMatch(/; Secure$/);
  });
});

describe('parseCookies (properties)', () => {
  test('never throws, and finds a session token among other cookies', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^gms_[A-Za-z0-9_-]{1,43}$/), (junk, token) => {
        parseCookies(junk);
        const header = `j${junk.replaceAll(';', '').replaceAll('=', '')}=x; gm_session=${token}`;
        expect(parseCookies(header).get('gm_session')).toBe(token);
      }),
    );
  });
});
