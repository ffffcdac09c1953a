import { describe, expect, test } from 'vitest';
import { UserExistsError, UserStore } from './user-store.js';

describe('UserStore', () => {
  test('adds users; customers keep their service points, staff none', async () => {
    const s = new UserStore();
    const c = await s.addUser({
      username: 'c',
      password: 'pw-c-pw-c',
      role: 'customer',
      servicePointIds: ['SP-1'],
    });
    const v = await s.addUser({
      username: 'v',
      password: 'pw-v-pw-v',
      role: 'viewer',
      servicePointIds: ['SP-1'],
    });
    expect(c.servicePointIds).toEqual(['SP-1']);
    expect(v.servicePointIds).toEqual([]);
    expect(JSON.stringify(s.users())).not.toMatch(/pw-|scrypt/);
    await expect(s.addUser({ username: 'c', password: 'other', role: 'viewer' })).rejects.toThrow(
      UserExistsError,
    );
    await expect(s.addUser({ username: 'x', password: 'p', role: 'root' as never })).rejects.toThrow(
      RangeError,
    );
  });

  test('sessions authenticate until they expire or end', async () => {
    let now = 1_000_000;
    const s = new UserStore({ now: () => now, sessionTtlMs: 60_000 });
    const u = await s.addUser({ username: 'u', password: 'pw', role: 'operator' });
    expect(await s.verifyLogin('u', 'nope')).toBeUndefined();
    expect((await s.verifyLogin('u', 'pw'))?.id).toBe(u.id);
    const a = s.createSession(u.id);
    const b = s.createSession(u.id);
    expect(a.token).not.toBe(b.token);
    expect(a.expiresAt).toBe(now + 60_000);
    expect(s.authenticate(a.token)).toMatchObject({ via: 'session', user: { username: 'u' } });
    s.endSession(a.token);
    expect(s.authenticate(a.token)).toBeUndefined();
    now += 60_000;
    expect(s.authenticate(b.token)).toBeUndefined();
  });

  test('API tokens are revocable and record their last use', async () => {
    let now = 5;
    const s = new UserStore({ now: () => now });
    const u = await s.addUser({ username: 'u', password: 'pw', role: 'viewer' });
    const { token, secret } = await s.createToken(u.id, 'ci');
    expect(s.token(token.id)?.lastUsedAt).toBeUndefined();
    now = 9;
    expect(s.authenticate(secret)).toMatchObject({ via: 'token', tokenId: token.id });
    expect(s.token(token.id)?.lastUsedAt).toBe(9);
    expect(s.authenticate(`${secret}x`)).toBeUndefined();
    expect(await s.deleteToken(token.id)).toBe(true);
    expect(await s.deleteToken(token.id)).toBe(false);
    expect(s.authenticate(secret)).toBeUndefined();
  });
});
