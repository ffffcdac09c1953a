import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, createApi, type TopologyDto, type VeeExceptionDto } from '@gridmeter/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATA_START } from './fixture.js';
import { generateSeries } from './fixture-fleet.js';
import { startApi, type TestApi } from './setup.js';

let t: TestApi;
beforeAll(async () => {
  t = await startApi();
});
afterAll(async () => t?.close());

const get = (url: string, user: 'viewer' | 'operator' | 'admin' | 'alice' = 'viewer') =>
  t.app.inject({ method: 'GET', url, headers: t.as(user) });

describe('topology', () => {
  test("feeders → transformers with meter counts and yesterday's energy from rollups", async () => {
    const topo: TopologyDto = (await get('/api/topology')).json();
    expect(topo.day).toBe('2026-01-19T00:00:00.000Z');
    const series = generateSeries(Date.UTC(2026, 0, 20));
    const dayIndex = (Date.UTC(2026, 0, 19) - DATA_START) / 86_400_000;
    const dayWh = (id: string) =>
      (series.get(id) ?? []).slice(dayIndex * 96, (dayIndex + 1) * 96).reduce((a, v) => a + v, 0);
    expect(topo.feeders.map((f) => [f.id, f.meters, f.transformers.map((x) => x.id)])).toEqual([
      ['F1', 5, ['T1', 'T2']],
      ['F2', 2, ['T3']],
    ]);
    const t1 = topo.feeders[0]?.transformers[0];
    expect(t1).toMatchObject({
      ratedKva: 100,
      checkMeterId: 'CHK-T1',
      energyWh: dayWh('GM0001') + dayWh('GM0002'),
      checkEnergyWh: dayWh('CHK-T1'),
    });
    expect(topo.feeders[0]?.energyWh).toBe(
      ['GM0001', 'GM0002', 'GM0003', 'GM0004', 'GM0005'].reduce((a, id) => a + dayWh(id), 0),
    );
    const empty: TopologyDto = (await get('/api/topology?day=2024-01-01T00:00:00Z')).json();
    expect(empty.feeders[0]?.energyWh).toBeUndefined();
  });
});

describe('VEE exceptions', () => {
  test('failed, suspect and estimated results of the fleet, newest first; passed ones are left out', async () => {
    const page = (await get('/api/vee/exceptions')).json();
    expect(page.items.map((r: VeeExceptionDto) => [r.meterId, r.ruleId, r.outcome])).toEqual([
      ['GM0001', 'spike-check', 'suspect'],
      ['GM0006', 'linear', 'estimated'],
      ['GM0005', 'register-mismatch', 'failed'],
    ]);
    expect(page.items[0].details).toEqual({ factor: 20 });
    const one = (await get('/api/vee/exceptions?meterId=GM0003&outcome=passed')).json();
    expect(one.items).toHaveLength(1);
  });
});

describe('KPIs and alarms', () => {
  test('KPIs with the fleet supply and open alarms', async () => {
    const k = (await get('/api/kpis')).json();
    expect(k).toMatchObject({
      at: '2026-01-20T12:00:00.000Z',
      meters: 10,
      yesterday: { dayStart: '2026-01-19T00:00:00.000Z', completeness: 0.987 },
      supply: { connected: 9, disconnected: 0, readyForReconnection: 0, unknown: 1 },
      openAlarms: 1,
    });
  });

  test('alarms of the last 24 h, newest first', async () => {
    const a = (await get('/api/alarms')).json();
    expect(a.items.map((e: { meterId: string; code: number }) => [e.meterId, e.code])).toEqual([
      ['GM0005', 40],
      ['GM0003', 234],
    ]);
    expect(a.items[1].name).toBe('Last gasp');
  });
});

describe('health, metrics, docs', () => {
  test('healthz needs no credentials', async () => {
    const h = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(h.statusCode).toBe(200);
    expect(h.json()).toMatchObject({ status: 'ok', at: '2026-01-20T12:00:00.000Z' });
  });

  test('metrics are Prometheus text for admins and operators only', async () => {
    await get('/api/meters');
    const m = await get('/metrics', 'operator');
    expect(m.statusCode).toBe(200);
    expect(m.headers['content-type']).toMatch(/^text\/plain/);
    expect(m.body).toMatch(
      /gridmeter_http_requests_total\{method="GET",route="\/api\/meters",status="200"\} \d+/,
    );
    expect(m.body).toContain('gridmeter_http_request_duration_seconds_bucket');
    expect(m.body).toContain('gridmeter_sse_clients 0');
    expect((await get('/metrics', 'viewer')).statusCode).toBe(403);
  });

  test('OpenAPI: every route has tags, a summary and a success response schema', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const ops = Object.entries(
      doc.paths as Record<
        string,
        Record<string, { tags?: string[]; summary?: string; responses?: Record<string, unknown> }>
      >,
    ).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(ops.length).toBeGreaterThanOrEqual(45);
    const api = ops.filter((o) => !o.path.startsWith('/docs'));
    for (const { path, method, op } of api) {
      expect(op.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
      expect(op.summary, `${method} ${path}`).toBeTruthy();
      const raw = ['/api/stream', '/metrics', '/api/meters/{id}/intervals.csv'].includes(path);
      if (!raw) {
        const ok = Object.keys(op.responses ?? {}).filter((c) => c.startsWith('2'));
        expect(ok.length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
    const ui = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('errors', () => {
  test('an unknown route under /api is a 404 problem, for any method', async () => {
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const r = await t.app.inject({ method, url: '/api/no/such/thing?x=1', headers: t.as('admin') });
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json()).toMatchObject({ status: 404, title: 'Not Found', instance: '/api/no/such/thing' });
    }
  });

  test('API answers are not cached or sniffed', async () => {
    const r = await get('/api/meters');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const p = await t.app.inject({ method: 'GET', url: '/api/meters' });
    expect(p.headers['cache-control']).toBe('no-store');
  });

  test('HEAD routes are guarded like their GETs', async () => {
    expect((await t.app.inject({ method: 'HEAD', url: '/api/meters' })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'HEAD', url: '/api/kpis', headers: t.as('alice') })).statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: 'HEAD', url: '/api/meters', headers: t.as('viewer') })).statusCode,
    ).toBe(200);
  });

  test('bad input is a 400 problem, never a 500', async () => {
    const cases: [string, string, unknown?][] = [
      ['GET', '/api/meters?limit=abc'],
      ['GET', '/api/meters?limit=100000'],
      ['GET', '/api/meters/GM0001/intervals?from=2026-13-45T00:00:00Z'],
      ['GET', '/api/meters/GM0001/registers?to=not-a-date'],
      ['GET', '/api/service-points/SP-A1/usage?from=2026-01-10T00:00:00Z&to=2026-01-01T00:00:00Z'],
      ['GET', '/api/alarms?cursor=%%%'],
      ['GET', '/api/commands?state=sleeping'],
      ['POST', '/api/commands', { meterId: 'GM0001' }],
      ['POST', '/api/commands', 'not json at all'],
      ['POST', '/api/bill-runs', { from: 'x', to: 'y' }],
      ['POST', '/api/prepayment/accounts/PP-A2/top-ups', { amountMinor: 1.5, reference: 'r' }],
      ['POST', '/api/tokens', { name: '' }],
    ];
    for (const [method, url, body] of cases) {
      const r = await t.app.inject({
        method: method as 'GET' | 'POST',
        url,
        headers: {
          ...t.as('admin'),
          ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}),
        },
        ...(body === undefined ? {} : { payload: body as string }),
      });
      expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      const p = r.json();
      expect(Object.keys(p)).toEqual(expect.arrayContaining(['type', 'title', 'status', 'instance']));
    }
  });

  test('a failing service is a 500 problem that hides the internals', async () => {
    const broken = {
      ...t.fx.services,
      kpis: {
        snapshot: () => {
          throw new Error('secret connection string postgres://x');
        },
      },
    };
    const app = await createApi({
      services: broken,
      users: t.fx.users,
      audit: new AuditLog(),
      rateLimit: false,
    });
    try {
      const r = await app.inject({ method: 'GET', url: '/api/kpis', headers: t.as('viewer') });
      expect(r.statusCode).toBe(500);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.body).not.toContain('postgres');
    } finally {
      await app.close();
    }
  });
});

describe('web root', () => {
  test('serves the SPA at /, index.html for client routes, and problems under /api', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gm-web-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Gridmeter</title>');
    await writeFile(join(dir, 'app.js'), 'console.log(1)');
    const app = await createApi({
      services: t.fx.services,
      users: t.fx.users,
      audit: new AuditLog(),
      webRoot: dir,
      rateLimit: false,
    });
    try {
      const root = await app.inject({ method: 'GET', url: '/' });
      expect(root.statusCode).toBe(200);
      expect(root.body).toContain('<title>Gridmeter</title>');
      expect((await app.inject({ method: 'GET', url: '/app.js' })).body).toBe('console.log(1)');
      const deep = await app.inject({
        method: 'GET',
        url: '/meters/GM0001',
        headers: { accept: 'text/html' },
      });
      expect(deep.statusCode).toBe(200);
      expect(deep.headers['content-type']).toMatch(/text\/html/);
      expect(deep.body).toContain('<title>Gridmeter</title>');
      const api = await app.inject({ method: 'GET', url: '/api/nothing', headers: { accept: 'text/html' } });
      expect(api.statusCode).toBe(404);
      expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
