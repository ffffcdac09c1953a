import { meterId, servicePointId } from '@gridmeter/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BILL_A, BILL_B, ROUTES } from './routes.js';
import { type DemoUser, startApi, type TestApi } from './setup.js';

let t: TestApi;
beforeAll(async () => {
  t = await startApi();
});
afterAll(async () => t?.close());

const ALLOWED: Record<string, readonly DemoUser[]> = {
  public: ['admin', 'operator', 'viewer', 'alice'],
  any: ['admin', 'operator', 'viewer', 'alice'],
  staff: ['admin', 'operator', 'viewer'],
  own: ['admin', 'operator', 'viewer', 'alice'],
  ops: ['admin', 'operator'],
  'ops-own': ['admin', 'operator', 'alice'],
  admin: ['admin'],
};

describe('the route table', () => {
  test('lists every route the OpenAPI document has', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const covered = new Set(
      ROUTES.map((r) => {
        const path = r.url
          .split('?')[0]
          ?.replace(/\/api\/meters\/[^/]+(\/|$)/, '/api/meters/{id}$1')
          .replace(/\/api\/service-points\/[^/]+(\/|$)/, '/api/service-points/{id}$1')
          .replace(
            /\/api\/(tokens|users|commands|tariffs|bills|prepayment\/accounts)\/[^/]+(\/|$)/,
            '/api/$1/{id}$2',
          )
          .replace('/{id}/intervals.csv', '/{id}/intervals.csv');
        return `${r.method} ${path}`;
      }),
    );
    const missing = documented.filter((d) => !covered.has(d) && !d.includes('/docs'));
    expect(missing).toEqual([]);
  });
});

describe('without credentials', () => {
  test.each(ROUTES.filter((r) => r.access !== 'public'))('$method $url is 401 problem', async (r) => {
    const res = await t.app.inject({ method: r.method, url: r.url, ...(r.body ? { payload: r.body } : {}) });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  test.each(ROUTES.filter((r) => r.access !== 'public'))(
    '$method $url with a made-up token is 401',
    async (r) => {
      const res = await t.app.inject({
        method: r.method,
        url: r.url,
        headers: { authorization: 'Bearer gmt_not-a-real-token' },
        ...(r.body ? { payload: r.body } : {}),
      });
      expect(res.statusCode).toBe(401);
    },
  );
});

describe('roles', () => {
  const cases = ROUTES.filter(
    (r) => r.access !== 'public' && r.url !== '/api/stream' && r.url !== '/api/auth/logout',
  ).flatMap((r) => (['admin', 'operator', 'viewer', 'alice'] as const).map((user) => ({ ...r, user })));
  test.each(cases)('$user: $method $url', async (r) => {
    const res = await t.app.inject({
      method: r.method,
      url: r.url,
      headers: t.as(r.user),
      ...(r.body ? { payload: r.body } : {}),
    });
    if (ALLOWED[r.access]?.includes(r.user)) {
      expect(res.statusCode, res.body).not.toBe(403);
      expect(res.statusCode, res.body).not.toBe(401);
      expect(res.statusCode, res.body).toBeLessThan(500);
    } else {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json()).toMatchObject({ status: 403, type: 'about:blank' });
    }
  });

  test('a viewer cannot command, edit, top up or run bills, and each refusal is audited', async () => {
    const before = t.fx.gateway.list().length;
    const attempts = ROUTES.filter(
      (r) => r.method === 'POST' && (r.access === 'ops' || r.access === 'ops-own'),
    );
    expect(attempts.map((a) => a.url)).toEqual(
      expect.arrayContaining([
        '/api/commands',
        '/api/meters/GM0001/edits',
        '/api/prepayment/accounts/PP-A2/top-ups',
        '/api/bill-runs',
      ]),
    );
    const balance = t.fx.prepayment.account('PP-A2')?.balanceMinor;
    const runs = t.fx.billing.billRuns().length;
    for (const r of attempts) {
      const res = await t.app.inject({
        method: 'POST',
        url: r.url,
        headers: t.as('viewer'),
        payload: r.body as object,
      });
      expect(res.statusCode).toBe(403);
    }
    expect(t.fx.gateway.list().length).toBe(before);
    expect(t.fx.prepayment.account('PP-A2')?.balanceMinor).toBe(balance);
    expect(t.fx.billing.billRuns().length).toBe(runs);
    const denied = t.fx.audit.list({ user: 'viewer', action: 'access' });
    expect(denied.length).toBeGreaterThanOrEqual(attempts.length);
    expect(denied.every((d) => d.result === 'denied')).toBe(true);
  });
});

describe("a customer never reads another customer's data", () => {
  const day = '?from=2026-01-19T00:00:00Z&to=2026-01-20T00:00:00Z';
  const pairs: readonly [string, string][] = [
    ['/api/meters/GM0001', '/api/meters/GM0003'],
    ['/api/meters/GM0002', '/api/meters/GM0004'],
    [`/api/meters/GM0001/intervals${day}`, `/api/meters/GM0003/intervals${day}`],
    [`/api/meters/GM0001/intervals.csv${day}`, `/api/meters/GM0003/intervals.csv${day}`],
    ['/api/meters/GM0001/registers', '/api/meters/GM0003/registers'],
    ['/api/service-points/SP-A1', '/api/service-points/SP-B1'],
    ['/api/service-points/SP-A1/usage', '/api/service-points/SP-B1/usage'],
    ['/api/service-points/SP-A1/prices', '/api/service-points/SP-B1/prices'],
    ['/api/service-points/SP-A1/bills', '/api/service-points/SP-B1/bills'],
    [`/api/bills/${encodeURIComponent(BILL_A)}`, `/api/bills/${encodeURIComponent(BILL_B)}`],
    ['/api/bills?servicePointId=SP-A1', '/api/bills?servicePointId=SP-B1'],
    ['/api/bills?accountId=ACC-A1', '/api/bills?accountId=ACC-B1'],
    ['/api/prepayment/accounts/PP-A2', '/api/prepayment/accounts/PP-B2'],
  ];
  test.each(pairs)('alice reads %s but %s is 404, and bob the other way round', async (own, other) => {
    const mine = await t.app.inject({ method: 'GET', url: own, headers: t.as('alice') });
    expect(mine.statusCode, mine.body).toBe(200);
    const theirs = await t.app.inject({ method: 'GET', url: other, headers: t.as('alice') });
    expect(theirs.statusCode, theirs.body).toBe(404);
    expect(theirs.body).not.toMatch(/Bob Example|Alice Example/);
    const bobOwn = await t.app.inject({ method: 'GET', url: other, headers: t.as('bob') });
    expect(bobOwn.statusCode, bobOwn.body).toBe(200);
    const bobOther = await t.app.inject({ method: 'GET', url: own, headers: t.as('bob') });
    expect(bobOther.statusCode).toBe(404);
  });

  test('an unknown meter and another customer’s meter answer the same 404', async () => {
    const other = await t.app.inject({ method: 'GET', url: '/api/meters/GM0003', headers: t.as('alice') });
    const none = await t.app.inject({ method: 'GET', url: '/api/meters/GM9999', headers: t.as('alice') });
    expect(other.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    expect(Object.keys(other.json()).sort()).toEqual(Object.keys(none.json()).sort());
    expect(other.json().title).toBe(none.json().title);
  });

  test("a meter's earlier installation at another customer's service point is not shown to its new owner", async () => {
    await t.fx.store.upsertInstallations([
      {
        meterId: meterId('GM0002'),
        servicePointId: servicePointId('SP-B1'),
        installedAt: Date.UTC(2024, 0, 1),
        removedAt: Date.UTC(2024, 11, 1),
      },
    ]);
    const alice = (
      await t.app.inject({ method: 'GET', url: '/api/meters/GM0002', headers: t.as('alice') })
    ).json();
    expect(alice.installations.map((i: { servicePointId: string }) => i.servicePointId)).toEqual(['SP-A2']);
    const staff = (
      await t.app.inject({ method: 'GET', url: '/api/meters/GM0002', headers: t.as('viewer') })
    ).json();
    expect(staff.installations.map((i: { servicePointId: string }) => i.servicePointId)).toEqual([
      'SP-B1',
      'SP-A2',
    ]);
  });

  test("a customer cannot top up another customer's account", async () => {
    const before = t.fx.prepayment.account('PP-B2')?.balanceMinor;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/prepayment/accounts/PP-B2/top-ups',
      headers: t.as('alice'),
      payload: { amountMinor: 1000, reference: 'alice-pays-bob' },
    });
    expect(res.statusCode).toBe(404);
    expect(t.fx.prepayment.account('PP-B2')?.balanceMinor).toBe(before);
  });

  test('lists hold only the own service points', async () => {
    const get = async (url: string) =>
      (await t.app.inject({ method: 'GET', url, headers: t.as('alice') })).json() as {
        items: Record<string, unknown>[];
      };
    expect((await get('/api/meters')).items.map((m) => m.id)).toEqual(['GM0001', 'GM0002']);
    expect((await get('/api/meters?q=GM0003')).items).toEqual([]);
    expect((await get('/api/service-points')).items.map((p) => p.id)).toEqual(['SP-A1', 'SP-A2']);
    expect((await get('/api/bills')).items.map((b) => b.accountId)).toEqual(['ACC-A1']);
    expect((await get('/api/prepayment/accounts')).items.map((a) => a.accountId)).toEqual(['PP-A2']);
    const mine = (
      await t.app.inject({ method: 'GET', url: '/api/me/service-points', headers: t.as('alice') })
    ).json();
    expect(mine.map((p: { id: string }) => p.id)).toEqual(['SP-A1', 'SP-A2']);
  });
});
