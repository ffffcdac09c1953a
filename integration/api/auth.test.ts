import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, createApi, UserStore } from '@gridmeter/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApi, type TestApi } from './setup.js';

let t: TestApi;
beforeAll(async () => {
  t = await startApi();
});
afterAll(async () => t?.close());

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('login', () => {
  test('returns a token and the user, and sets an HttpOnly SameSite=Strict session cookie', async () => {
    const res = await login('operator', 'operator-demo');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'operator', role: 'operator', servicePointIds: [] });
    expect(body.token).toMatch(/^gms_/);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`gm_session=${body.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
  });

  test('the cookie alone authenticates', async () => {
    const { token } = (await login('alice', 'alice-demo')).json();
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: `theme=dark; gm_session=${token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      username: 'alice',
      role: 'customer',
      servicePointIds: ['SP-A1', 'SP-A2'],
    });
  });

  test('a wrong password is 401 and audited as a failed login', async () => {
    const res = await login('admin', 'not-the-password');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 401, detail: 'Wrong username or password' });
    const failed = t.fx.audit.list({ action: 'login.failed' });
    expect(failed[0]).toMatchObject({ user: 'admin', action: 'login.failed', result: 'failed' });
  });

  test('an unknown user gets the same answer as a wrong password, and is audited', async () => {
    const res = await login('mallory', 'whatever');
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('Wrong username or password');
    expect(t.fx.audit.list({ user: 'mallory' })[0]).toMatchObject({ action: 'login.failed' });
  });

  test('bad login bodies are 400 problems with field errors', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { path: 'body/password', message: "must have required property 'password'" },
    ]);
    const junk = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "admin",',
    });
    expect(junk.statusCode).toBe(400);
    expect(junk.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  test('logout ends the session and clears the cookie', async () => {
    const { token } = (await login('viewer', 'viewer-demo')).json();
    const headers = { authorization: `Bearer ${token}` };
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/gm_session=;.*Max-Age=0/);
    const after = await t.app.inject({ method: 'GET', url: '/api/me', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().detail).toBe('Invalid or expired credentials');
  });

  test('GET /api/me returns the caller', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: t.as('viewer') });
    expect(me.json()).toMatchObject({ username: 'viewer', role: 'viewer' });
  });
});

describe('API tokens', () => {
  test('are created with the secret once, act as their user, are listed without it, and revoked', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: t.as('operator'),
      payload: { name: 'scada bridge', expiresAt: '2099-01-01T00:00:00Z' },
    });
    expect(created.statusCode).toBe(201);
    const token = created.json();
    expect(token).toMatchObject({ name: 'scada bridge', expiresAt: '2099-01-01T00:00:00.000Z' });
    expect(token.secret).toMatch(/^gmt_[A-Za-z0-9_-]{43}$/);

    const asToken = { authorization: `Bearer ${token.secret}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: asToken })).json().username).toBe(
      'operator',
    );

    const list = (
      await t.app.inject({ method: 'GET', url: '/api/tokens', headers: t.as('operator') })
    ).json();
    const listed = list.find((x: { id: string }) => x.id === token.id);
    expect(listed).toBeDefined();
    expect(listed.secret).toBeUndefined();
    expect(listed.lastUsedAt).toBeDefined();
    expect(JSON.stringify(list)).not.toContain(token.secret);

    // Another (non-admin) user cannot see or revoke it.
    const viewerList = (
      await t.app.inject({ method: 'GET', url: '/api/tokens', headers: t.as('viewer') })
    ).json();
    expect(viewerList.some((x: { id: string }) => x.id === token.id)).toBe(false);
    const steal = await t.app.inject({
      method: 'DELETE',
      url: `/api/tokens/${token.id}`,
      headers: t.as('viewer'),
    });
    expect(steal.statusCode).toBe(404);

    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/tokens/${token.id}`,
      headers: t.as('operator'),
    });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: asToken })).statusCode).toBe(401);
    const actions = t.fx.audit.list({ user: 'operator', action: 'token' }).map((r) => r.action);
    expect(actions).toEqual(['token.delete', 'token.create']);
  });

  test('an expiry in the past is a 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: t.as('operator'),
      payload: { name: 'old', expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(res.statusCode).toBe(400);
  });

  test('an expired token is refused', async () => {
    let now = Date.now();
    const users = new UserStore({ now: () => now });
    const u = await users.addUser({ username: 'u', password: 'pw-pw-pw-pw', role: 'viewer' });
    const { secret } = await users.createToken(u.id, 'short', now + 1000);
    expect(users.authenticate(secret)?.user.username).toBe('u');
    now += 1000;
    expect(users.authenticate(secret)).toBeUndefined();
  });
});

describe('users', () => {
  test('an admin creates users who can then log in; a duplicate is 409; all audited', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: t.as('admin'),
      payload: {
        username: 'carol',
        password: 'carol-password',
        role: 'customer',
        servicePointIds: ['SP-C5'],
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'carol', role: 'customer', servicePointIds: ['SP-C5'] });
    expect(res.json().password).toBeUndefined();
    const carol = (await login('carol', 'carol-password')).json();
    const meters = await t.app.inject({
      method: 'GET',
      url: '/api/meters',
      headers: { authorization: `Bearer ${carol.token}` },
    });
    expect(meters.json().items.map((m: { id: string }) => m.id)).toEqual(['GM0005']);

    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: t.as('admin'),
      payload: { username: 'carol', password: 'another-password', role: 'viewer' },
    });
    expect(dup.statusCode).toBe(409);
    expect(t.fx.audit.list({ action: 'user.create' }).map((r) => r.result)).toEqual(['failed', 'ok']);

    const list = await t.app.inject({ method: 'GET', url: '/api/users?limit=2', headers: t.as('admin') });
    expect(list.json()).toMatchObject({ total: 6, limit: 2, offset: 0 });
    expect(list.json().items.map((u: { username: string }) => u.username)).toEqual(['admin', 'alice']);
  });

  test('a short password or unknown role is a 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: t.as('admin'),
      payload: { username: 'x', password: 'short', role: 'root' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.length).toBeGreaterThan(0);
  });
});

describe('user changes', () => {
  test('an admin changes a role, service points and a password, then deletes the user; all audited', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: t.as('admin'),
      payload: { username: 'frank', password: 'frank-password', role: 'viewer' },
    });
    const id = created.json().id;
    const { token } = (await login('frank', 'frank-password')).json();
    const frank = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/kpis', headers: frank })).statusCode).toBe(200);

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      headers: t.as('admin'),
      payload: { role: 'customer', servicePointIds: ['SP-C6'], password: 'frank-new-password' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ role: 'customer', servicePointIds: ['SP-C6'] });
    // The open session now has the customer's rights.
    expect((await t.app.inject({ method: 'GET', url: '/api/kpis', headers: frank })).statusCode).toBe(403);
    const meters = (await t.app.inject({ method: 'GET', url: '/api/meters', headers: frank })).json();
    expect(meters.items.map((m: { id: string }) => m.id)).toEqual(['GM0006']);
    expect((await login('frank', 'frank-password')).statusCode).toBe(401);
    expect((await login('frank', 'frank-new-password')).statusCode).toBe(200);

    const { secret } = (
      await t.app.inject({ method: 'POST', url: '/api/tokens', headers: frank, payload: { name: 'mine' } })
    ).json();
    const del = await t.app.inject({ method: 'DELETE', url: `/api/users/${id}`, headers: t.as('admin') });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: frank })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${secret}` } }))
        .statusCode,
    ).toBe(401);
    expect(
      t.fx.audit
        .list({ user: 'admin', action: 'user' })
        .slice(0, 2)
        .map((r) => [r.action, r.target]),
    ).toEqual([
      ['user.delete', 'frank'],
      ['user.update', 'frank'],
    ]);
    expect(t.fx.audit.list({ action: 'user.update' })[0]?.detail).toBe(
      'role customer, servicePointIds, password',
    );
  });

  test('an admin can neither delete nor demote themselves', async () => {
    const me = (await t.app.inject({ method: 'GET', url: '/api/me', headers: t.as('admin') })).json();
    const del = await t.app.inject({ method: 'DELETE', url: `/api/users/${me.id}`, headers: t.as('admin') });
    expect(del.statusCode).toBe(409);
    const demote = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${me.id}`,
      headers: t.as('admin'),
      payload: { role: 'viewer' },
    });
    expect(demote.statusCode).toBe(409);
  });

  test('anyone changes their own password with the current one', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: t.as('admin'),
      payload: { username: 'gina', password: 'gina-password', role: 'operator' },
    });
    const { token } = (await login('gina', 'gina-password')).json();
    const gina = { authorization: `Bearer ${token}` };
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: gina,
      payload: { currentPassword: 'guess', newPassword: 'gina-new-password' },
    });
    expect(wrong.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: gina,
      payload: { currentPassword: 'gina-password', newPassword: 'gina-new-password' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await login('gina', 'gina-new-password')).statusCode).toBe(200);
    expect(t.fx.audit.list({ user: 'gina', action: 'user.password' }).map((r) => r.result)).toEqual([
      'ok',
      'failed',
    ]);
  });
});

describe('audit log route', () => {
  test('is paginated, newest first, and filters by user and action', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/commands',
      headers: t.as('operator'),
      payload: { meterId: 'GM0006', action: { kind: 'read-now', what: 'registers' } },
    });
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/audit?action=command&limit=1',
      headers: t.as('admin'),
    });
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.items[0]).toMatchObject({
      user: 'operator',
      action: 'command.create',
      target: 'GM0006',
      result: 'ok',
    });
    expect(Date.parse(page.items[0].at)).toBeGreaterThan(0);
    const all = await t.app.inject({
      method: 'GET',
      url: '/api/audit?limit=1000',
      headers: t.as('operator'),
    });
    const ids = all.json().items.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
  });
});

describe('rate limits', () => {
  test('login is limited more strictly than the rest; 429 is a problem with Retry-After', async () => {
    const fx = t.fx;
    const app = await createApi({
      services: fx.services,
      users: fx.users,
      audit: new AuditLog(),
      rateLimit: { max: 30, timeWindowMs: 60_000 },
    });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'admin', password: 'wrong' },
        });
        codes.push(r.statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429]);
      const limited = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'wrong' },
      });
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

      // Other routes still answer, up to the global limit per token.
      const headers = t.as('viewer');
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++)
        statuses.push((await app.inject({ method: 'GET', url: '/api/me', headers })).statusCode);
      expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
      expect(statuses[30]).toBe(429);
      // A different token has its own bucket.
      expect(
        (await app.inject({ method: 'GET', url: '/api/me', headers: t.as('operator') })).statusCode,
      ).toBe(200);
      // Made-up tokens share the IP's bucket, and so does a login with a stale cookie.
      const fake: number[] = [];
      for (let i = 0; i < 31; i++) {
        const r = await app.inject({
          method: 'GET',
          url: '/api/me',
          headers: { authorization: `Bearer gmt_fake${i}` },
        });
        fake.push(r.statusCode);
      }
      expect(fake.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(fake[30]).toBe(429);
      const stale = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { cookie: 'gm_session=gms_stale' },
        payload: { username: 'admin', password: 'admin-demo' },
      });
      expect(stale.statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });
});

describe('persistence', () => {
  test('users and hashed tokens survive a restart; the file holds no password or secret', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gm-users-'));
    try {
      const file = join(dir, 'users.json');
      const a = await UserStore.open({ file });
      const u = await a.addUser({ username: 'dora', password: 'dora-password', role: 'operator' });
      const { secret } = await a.createToken(u.id, 'ci');
      await a.flush();
      const text = await readFile(file, 'utf8');
      expect(text).not.toContain('dora-password');
      expect(text).not.toContain(secret);
      const b = await UserStore.open({ file });
      expect((await b.verifyLogin('dora', 'dora-password'))?.id).toBe(u.id);
      expect(b.authenticate(secret)?.user.username).toBe('dora');

      // `new` with a file reads it too: a write never drops the users already there.
      const c = new UserStore({ file });
      await c.addUser({ username: 'eve', password: 'eve-password', role: 'viewer' });
      await c.flush();
      expect((await UserStore.open({ file })).users().map((x) => x.username)).toEqual(['dora', 'eve']);

      const log = await AuditLog.open({ file: join(dir, 'audit.ndjson') });
      log.record({ user: 'dora', action: 'command.create', target: 'GM1', result: 'ok' });
      await log.flush();
      const again = new AuditLog({ file: join(dir, 'audit.ndjson') });
      expect(again.list()).toHaveLength(1);
      expect(again.record({ user: 'dora', action: 'login', target: 'session', result: 'ok' }).id).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
