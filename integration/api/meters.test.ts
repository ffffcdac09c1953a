import type { MeterPageDto } from '@gridmeter/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATA_START, GAP_FROM, GAP_INTERVALS, SPIKE_AT } from './fixture.js';
import { generateSeries, STEP_MS } from './fixture-fleet.js';
import { startApi, type TestApi } from './setup.js';

let t: TestApi;
/** The fixture's generated interval values: the expected data, computed independently of the API. */
let series: Map<string, number[]>;
beforeAll(async () => {
  t = await startApi();
  series = generateSeries(t.fx.clock.now());
});
afterAll(async () => t?.close());

const get = (url: string, user: 'admin' | 'operator' | 'viewer' | 'alice' = 'viewer') =>
  t.app.inject({ method: 'GET', url, headers: t.as(user) });
const expected = (meter: string, at: number) => series.get(meter)?.[(at - DATA_START) / STEP_MS];

describe('GET /api/meters', () => {
  test('pages with total and a next link that leads through every meter once', async () => {
    const seen: string[] = [];
    let url: string | null = '/api/meters?limit=4';
    let pages = 0;
    while (url) {
      const page: MeterPageDto = (await get(url)).json();
      expect(page.total).toBe(10);
      seen.push(...page.items.map((m) => m.id));
      url = page.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...new Set(seen)].sort());
    expect(seen).toHaveLength(10);
  });

  test('offset works too, and a forged cursor is a 400', async () => {
    const page = (await get('/api/meters?limit=2&offset=8')).json();
    expect(page).toMatchObject({ offset: 8, limit: 2, next: null });
    expect(page.items.map((m: { id: string }) => m.id)).toEqual(['GM0006', 'WM0007']);
    const bad = await get('/api/meters?cursor=bm9wZQ');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/Invalid cursor/);
  });

  test('searches and filters', async () => {
    const ids = async (q: string) =>
      (await get(`/api/meters?${q}`)).json().items.map((m: { id: string }) => m.id);
    expect(await ids('q=alice')).toEqual(['GM0001', 'GM0002']);
    expect(await ids('q=sp-b1')).toEqual(['GM0003']);
    expect(await ids('kind=water')).toEqual(['WM0007']);
    expect(await ids('role=check')).toEqual(['CHK-T1', 'CHK-T2', 'CHK-T3']);
    expect(await ids('feederId=F2&role=customer')).toEqual(['GM0006', 'WM0007']);
    expect(await ids('transformerId=T2&role=customer')).toEqual(['GM0003', 'GM0004', 'GM0005']);
    expect(await ids('supply=unknown')).toEqual(['WM0007']);
    expect((await get('/api/meters?kind=plasma')).statusCode).toBe(400);
    expect((await get('/api/meters?limit=0')).statusCode).toBe(400);
  });
});

describe('GET /api/service-points', () => {
  test('pages, and searches by customer, account, meter and network', async () => {
    const first = (await get('/api/service-points?limit=2')).json();
    expect(first).toMatchObject({ total: 7, limit: 2 });
    expect(first.items.map((p: { id: string }) => p.id)).toEqual(['SP-A1', 'SP-A2']);
    const second = (await get(first.next)).json();
    expect(second.items.map((p: { id: string }) => p.id)).toEqual(['SP-B1', 'SP-B2']);
    const ids = async (q: string) =>
      (await get(`/api/service-points?q=${q}`)).json().items.map((p: { id: string }) => p.id);
    expect(await ids('bob')).toEqual(['SP-B1', 'SP-B2']);
    expect(await ids('gm0006')).toEqual(['SP-C6']);
    expect(await ids('acc-c5')).toEqual(['SP-C5']);
    expect(await ids('T3')).toEqual(['SP-C6', 'SP-C7']);
    const sp = (await get('/api/service-points/SP-C5')).json();
    expect(sp).toEqual({
      id: 'SP-C5',
      transformerId: 'T2',
      feederId: 'F1',
      hasGeneration: true,
      accountId: 'ACC-C5',
      customerName: 'Carol Sample',
      tariffId: 'RES-TOU',
      prepaid: false,
      meterIds: ['GM0005'],
    });
  });
});

describe('GET /api/meters/:id', () => {
  test('has the registry record, channels and installations', async () => {
    const m = (await get('/api/meters/GM0001')).json();
    expect(m).toMatchObject({
      id: 'GM0001',
      servicePointId: 'SP-A1',
      supply: 'connected',
      medium: 'electricity',
      model: 'GM-1P',
      channels: [{ channel: '1-0:1.8.0*255', unit: 30, unitSymbol: 'Wh', intervalSeconds: 900 }],
      installations: [{ servicePointId: 'SP-A1', installedAt: '2025-01-01T00:00:00.000Z' }],
      lastReadAt: '2026-01-20T11:50:00.000Z',
    });
    expect((await get('/api/meters/nope')).statusCode).toBe(404);
  });
});

describe('intervals', () => {
  test('raw values as generated, with ISO times, quality and version', async () => {
    const res = await get('/api/meters/GM0003/intervals?from=2026-01-10T00:00:00Z&to=2026-01-10T01:00:00Z');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ meterId: 'GM0003', unit: 30, unitSymbol: 'Wh', intervalSeconds: 900 });
    expect(body.intervals).toHaveLength(4);
    body.intervals.forEach((iv: { start: string; end: string; value: number }, i: number) => {
      const at = Date.UTC(2026, 0, 10, 0, 15 * i);
      expect(iv).toEqual({
        start: new Date(at).toISOString(),
        end: new Date(at + STEP_MS).toISOString(),
        value: expected('GM0003', at),
        quality: [],
        kind: 'raw',
        version: 1,
        source: 'meter',
      });
    });
  });

  test('the spike shows its validated version flagged suspect, and every version on request', async () => {
    const from = new Date(SPIKE_AT).toISOString();
    const to = new Date(SPIKE_AT + STEP_MS).toISOString();
    const body = (await get(`/api/meters/GM0001/intervals?from=${from}&to=${to}&versions=true`)).json();
    const spike = (expected('GM0001', SPIKE_AT) ?? 0) * 20;
    expect(body.intervals).toEqual([
      expect.objectContaining({ value: spike, quality: ['suspect'], kind: 'validated', version: 2 }),
    ]);
    expect(body.versions.map((v: { kind: string; version: number }) => [v.kind, v.version])).toEqual([
      ['raw', 1],
      ['validated', 2],
    ]);
  });

  test('the gap shows estimated values that replace missing ones', async () => {
    const from = new Date(GAP_FROM).toISOString();
    const to = new Date(GAP_FROM + GAP_INTERVALS * STEP_MS).toISOString();
    const body = (await get(`/api/meters/GM0006/intervals?from=${from}&to=${to}&versions=true`)).json();
    expect(body.intervals).toHaveLength(GAP_INTERVALS);
    for (const [i, iv] of body.intervals.entries()) {
      expect(iv).toMatchObject({
        kind: 'estimated',
        version: 2,
        quality: ['estimated'],
        source: 'estimation',
        value: expected('GM0006', GAP_FROM + i * STEP_MS),
      });
    }
    expect(body.versions.filter((v: { kind: string }) => v.kind === 'raw')[0]).toMatchObject({
      value: null,
      quality: ['missing'],
    });
  });

  test('default range is the last 24 h; bad ranges are 400', async () => {
    const body = (await get('/api/meters/GM0003/intervals')).json();
    expect(body.from).toBe('2026-01-19T12:00:00.000Z');
    expect(body.to).toBe('2026-01-20T12:00:00.000Z');
    expect(body.intervals).toHaveLength(96);
    for (const q of [
      'from=yesterday',
      'from=2026-01-10T00:00:00Z&to=2026-01-09T00:00:00Z',
      'from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    ]) {
      const r = await get(`/api/meters/GM0003/intervals?${q}`);
      expect(r.statusCode, q).toBe(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  test('CSV download: a header and one row per interval with quality names', async () => {
    const from = new Date(GAP_FROM).toISOString();
    const res = await get(
      `/api/meters/GM0006/intervals.csv?from=${from}&to=${new Date(GAP_FROM + 2 * STEP_MS).toISOString()}`,
      'alice',
    );
    expect(res.statusCode).toBe(404); // not Alice's meter
    const ok = await get(
      `/api/meters/GM0006/intervals.csv?from=${from}&to=${new Date(GAP_FROM + 2 * STEP_MS).toISOString()}`,
    );
    expect(ok.headers['content-type']).toMatch(/^text\/csv/);
    expect(ok.headers['content-disposition']).toMatch(
      /attachment; filename="GM0006_2026-01-18_2026-01-18.csv"/,
    );
    const lines = ok.body.trim().split('\n');
    expect(lines[0]).toBe('meter_id,channel,start,end,value,unit,kind,version,quality');
    expect(lines[1]).toBe(
      `GM0006,1-0:1.8.0*255,2026-01-18T02:00:00.000Z,2026-01-18T02:15:00.000Z,${expected('GM0006', GAP_FROM)},Wh,estimated,2,estimated`,
    );
    expect(lines).toHaveLength(3);
  });
});

describe('manual edits', () => {
  test('an operator edit becomes the latest version, kind edited, with user and reason audited', async () => {
    const at = Date.UTC(2026, 0, 12, 8, 0);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/meters/GM0003/edits',
      headers: t.as('operator'),
      payload: {
        reason: 'customer read 12 Jan',
        intervals: [
          { start: new Date(at).toISOString(), value: 400 },
          { start: new Date(at + STEP_MS).toISOString(), value: 410 },
          { start: new Date(at + 3 * STEP_MS).toISOString(), value: 420 },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ inserted: 3, corrected: 0, duplicates: 0 });
    const body = (
      await get(
        `/api/meters/GM0003/intervals?from=${new Date(at).toISOString()}&to=${new Date(at + 4 * STEP_MS).toISOString()}`,
      )
    ).json();
    expect(
      body.intervals.map((i: { value: number; kind: string; quality: string[] }) => [
        i.value,
        i.kind,
        i.quality,
      ]),
    ).toEqual([
      [400, 'edited', ['edited']],
      [410, 'edited', ['edited']],
      [expected('GM0003', at + 2 * STEP_MS), 'raw', []],
      [420, 'edited', ['edited']],
    ]);
    const audit = t.fx.audit.list({ action: 'interval.edit' })[0];
    expect(audit).toMatchObject({ user: 'operator', target: 'GM0003/1-0:1.8.0*255', result: 'ok' });
    expect(audit?.detail).toContain('customer read 12 Jan');
    const storeAudit = await t.fx.store.readAudit({ changeId: res.json().changeId });
    expect(storeAudit[0]).toMatchObject({ action: 'edit', user: 'operator', reason: 'customer read 12 Jan' });
  });

  test('a reason is required; unaligned or repeated starts and negative values are 400', async () => {
    const post = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/meters/GM0003/edits', headers: t.as('admin'), payload });
    const iv = [{ start: '2026-01-12T09:00:00Z', value: 1 }];
    expect((await post({ intervals: iv })).statusCode).toBe(400);
    expect((await post({ reason: '', intervals: iv })).statusCode).toBe(400);
    expect(
      (await post({ reason: 'why not', intervals: [{ start: '2026-01-12T09:07:00Z', value: 1 }] }))
        .statusCode,
    ).toBe(400);
    expect((await post({ reason: 'why not', intervals: [...iv, ...iv] })).statusCode).toBe(400);
    expect(
      (await post({ reason: 'why not', intervals: [{ start: '2026-01-12T09:00:00Z', value: -5 }] }))
        .statusCode,
    ).toBe(400);
    expect((await post({ reason: 'why not', channel: '1-0:99.9.9*255', intervals: iv })).statusCode).toBe(
      400,
    );
    const future = await post({
      reason: 'why not',
      intervals: [{ start: '2026-01-21T00:00:00Z', value: 1 }],
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().detail).toMatch(/not started yet/);
  });
});

describe('registers and events', () => {
  test('registers: the latest read and the history of the range', async () => {
    const body = (
      await get('/api/meters/GM0003/registers?from=2026-01-18T00:00:00Z&to=2026-01-20T12:00:00Z')
    ).json();
    const total = (days: number) =>
      1_000_000 + (series.get('GM0003') ?? []).slice(0, days * 96).reduce((a, v) => a + v, 0);
    const days = (Date.UTC(2026, 0, 20) - DATA_START) / 86_400_000;
    expect(body.latest).toEqual([
      {
        register: '1-0:1.8.0*255',
        readAt: '2026-01-20T00:00:00.000Z',
        value: String(total(days)),
        scaler: 0,
        unit: 30,
        unitSymbol: 'Wh',
        quality: [],
      },
    ]);
    expect(body.history.map((r: { readAt: string }) => r.readAt)).toEqual([
      '2026-01-18T00:00:00.000Z',
      '2026-01-19T00:00:00.000Z',
      '2026-01-20T00:00:00.000Z',
    ]);
  });

  test('events newest first with names and severities, filterable by severity', async () => {
    const all = (await get('/api/meters/GM0005/events')).json();
    expect(
      all.items.map((e: { code: number; name: string; severity: string }) => [e.code, e.name, e.severity]),
    ).toEqual([
      [41, 'Terminal cover closed', 'info'],
      [40, 'Terminal cover removed', 'alarm'],
    ]);
    const alarms = (await get('/api/meters/GM0005/events?severity=alarm')).json();
    expect(alarms.total).toBe(1);
  });
});
