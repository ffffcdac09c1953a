import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet } from '../fleet/fleet.js';
import { SimClock } from '../fleet/sim-clock.js';
import { type ControlServer, startControlServer } from './server.js';

const DAY = 86_400_000;
const HISTORY = Date.UTC(2026, 0, 1);
const NOW = Date.UTC(2026, 0, 8, 10, 7, 30);
const SPEC = { seed: 11, meters: 60, historyStart: HISTORY, utcOffsetMinutes: 60 } as const;

let fleet: Fleet;
let control: ControlServer;

beforeAll(async () => {
  fleet = new Fleet({
    spec: SPEC,
    clock: new SimClock(NOW, { frozen: true }),
    scenarios: [
      {
        id: 'theft-1',
        type: 'theft',
        target: { meters: ['GM00000003'] },
        start: HISTORY + 2 * DAY,
        model: { kind: 'constant-factor', factor: 0.5 },
      },
    ],
  });
  control = await startControlServer(fleet, { port: 0, dlmsPort: 4059 });
});

afterAll(async () => {
  await control.close();
});

async function call(path: string, init?: RequestInit) {
  const res = await fetch(`${control.url}${path}`, init);
  // biome-ignore lint/suspicious/noExplicitAny: the tests read the JSON answers field by field.
  const body: any = await res.json();
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, body };
}

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  call('/scenarios', { method: 'POST', body, headers });

describe('the control API over HTTP', () => {
  it('reports the fleet status with the simulated time', async () => {
    const { status, body } = await call('/status');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      spec: { seed: 11, meters: 60, historyStart: '2026-01-01T00:00:00.000Z', utcOffsetMinutes: 60 },
      fleetSize: fleet.size,
      transformers: fleet.topology.transformerCount,
      feeders: fleet.topology.feederCount,
      now: '2026-01-08T10:07:30.000Z',
      speed: 1,
      stats: { meters: 60, fleetSize: fleet.size },
    });
    expect(fleet.size).toBeGreaterThan(60);
  });

  it('shows a meter identity without its keys', async () => {
    const { status, body } = await call('/meters/GM00000002');
    expect(status).toBe(200);
    const id = fleet.identity(1);
    expect(body).toEqual({
      index: 1,
      id: 'GM00000002',
      kind: id.kind,
      address: '127.1.0.1',
      port: 4059,
      phases: id.phases,
      place: id.place,
      // "GMT" and the fleet index as a big-endian u32 (Green Book system title of the fleet).
      systemTitle: '474D540000000001',
    });
    expect(JSON.stringify(body)).not.toMatch(/key|password/i);
  });

  it('answers the truth of a meter as the fleet knows it, with ISO starts', async () => {
    const from = '2026-01-03T00:00:00Z';
    const to = '2026-01-03T06:00:00Z';
    const { status, body } = await call(`/truth/meters/GM00000003?from=${from}&to=${to}`);
    expect(status).toBe(200);
    const expected = fleet.truth('GM00000003', Date.parse(from), Date.parse(to));
    expect(body.intervals).toHaveLength(24);
    expect(body.intervals[0].start).toBe('2026-01-03T00:00:00.000Z');
    expect(body.intervals).toEqual(expected.map((t) => ({ ...t, start: new Date(t.start).toISOString() })));
    expect(body.intervals[4].scenarios).toEqual(['theft-1']);
  });

  it('accepts an offset written with an unencoded + and refuses windows over 31 days', async () => {
    const plus = await call('/truth/meters/GM00000003?from=2026-01-03T01:00+01:00&to=2026-01-03T02:00+01:00');
    expect(plus.status).toBe(200);
    expect(plus.body.intervals[0].start).toBe('2026-01-03T00:00:00.000Z');
    const long = await call('/truth/meters/GM00000003?from=2026-01-01&to=2026-02-02');
    expect(long).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(long.body.detail).toMatch(/exceeds 31 days/);
    expect((await call('/truth/meters/GM00000003?from=yesterday&to=2026-01-02')).status).toBe(400);
    expect((await call('/truth/meters/GM00000003?from=2026-01-02')).body.detail).toMatch(/Give to/);
  });

  it('answers a transformer energy balance', async () => {
    const { status, body } = await call(
      '/truth/transformers/T00000?from=2026-01-04T12:00Z&to=2026-01-04T13:00Z',
    );
    expect(status).toBe(200);
    expect(body.intervals).toHaveLength(4);
    expect(body.intervals[0]).toMatchObject({ start: '2026-01-04T12:00:00.000Z' });
    const expected = fleet.transformerTruth('T00000', Date.UTC(2026, 0, 4, 12), Date.UTC(2026, 0, 4, 13));
    expect(body.intervals).toEqual(expected.map((t) => ({ ...t, start: new Date(t.start).toISOString() })));
    expect((await call('/truth/transformers/T99999?from=2026-01-04&to=2026-01-05')).status).toBe(404);
  });

  it('injects a valid scenario: 201, then in the log', async () => {
    const scenario = {
      id: 'out-1',
      type: 'outage',
      target: { transformer: 'T00000' },
      start: '2026-01-08T11:00:00Z',
      end: '2h',
    };
    const { status, body, headers } = await post(JSON.stringify(scenario));
    expect(status).toBe(201);
    expect(headers.get('location')).toBe('/truth/scenarios');
    expect(body.scenarios).toEqual([
      { ...scenario, start: '2026-01-08T11:00:00.000Z', end: '2026-01-08T13:00:00.000Z' },
    ]);
    const log = await call('/truth/scenarios');
    expect(log.body.scenarios.map((s: { id: string }) => s.id)).toEqual(['theft-1', 'out-1']);
    expect(log.body.scenarios[1]).toMatchObject({ type: 'outage', start: '2026-01-08T11:00:00.000Z' });
  });

  it('injects a list all or nothing, naming the bad scenario and field', async () => {
    const good = {
      id: 'sag-1',
      type: 'voltage-sag',
      target: { meters: ['GM00000001'] },
      start: '1h',
      percent: 10,
    };
    const bad = { ...good, id: 'sag-2', percent: 150 };
    const { status, type, body } = await post(JSON.stringify([good, bad]));
    expect(status).toBe(400);
    expect(type).toBe('application/problem+json');
    expect(body).toMatchObject({
      type: 'urn:gridmeter:problem:invalid-scenario',
      title: 'Invalid scenario',
      status: 400,
      field: 'percent',
      index: 1,
      scenarioId: 'sag-2',
    });
    expect(body.detail).toMatch(/^scenarios\[1\]: .*percent must be a number in \(0, 100\]/);
    expect(fleet.schedule.scenarios.map((s) => s.id)).not.toContain('sag-1');
    expect((await post(JSON.stringify({ scenarios: [good] }))).status).toBe(201);
    const again = await post(JSON.stringify(good));
    expect(again).toMatchObject({ status: 400, body: { field: 'id' } });
    expect(again.body.detail).toMatch(/already scheduled/);
  });

  it('refuses a scenario that starts in the past', async () => {
    const { status, body } = await post(
      JSON.stringify({
        id: 'late',
        type: 'reboot',
        target: { meters: ['GM00000001'] },
        start: '2026-01-08T10:00Z',
      }),
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ field: 'start' });
    expect(body.detail).toMatch(/is in the past/);
  });

  it('answers 404, 405, 413, 400 and 415 as problem+json without falling over', async () => {
    const unknown = await call('/meters/GM99999999');
    expect(unknown).toMatchObject({ status: 404, type: 'application/problem+json' });
    expect(unknown.body).toEqual({
      type: 'urn:gridmeter:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: 'No meter GM99999999 in this fleet',
    });
    expect((await call('/truth/meters/nope?from=2026-01-02&to=2026-01-03')).status).toBe(404);
    expect((await call('/no/such/route')).status).toBe(404);
    const wrong = await call('/status', { method: 'DELETE' });
    expect(wrong).toMatchObject({ status: 405, body: { status: 405 } });
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    expect((await call('/scenarios')).headers.get('allow')).toBe('POST');
    const big = await post(JSON.stringify({ id: 'x', padding: 'a'.repeat(70_000) }));
    expect(big).toMatchObject({ status: 413, body: { title: 'Payload too large' } });
    const garbage = await post('{"id": "x", ');
    expect(garbage).toMatchObject({ status: 400, body: { title: 'Bad request' } });
    expect(garbage.body.detail).toMatch(/not JSON/);
    expect((await post('', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await post('[]')).status).toBe(400);
    expect((await post('42')).body).toMatchObject({ status: 400, field: '' });
    expect((await post('id=x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await call('/meters/%E0%A4%A')).status).toBe(400);
    // Still serving.
    expect((await call('/status')).status).toBe(200);
  });
});
