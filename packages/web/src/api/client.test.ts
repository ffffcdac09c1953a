import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../lib/http.js';
import { GridmeterApi } from './client.js';

function recordingApi(body: unknown = {}): {
  api: GridmeterApi;
  calls: { url: string; init: RequestInit | undefined }[];
} {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { api: new GridmeterApi({ fetch }), calls };
}

const t0 = Date.UTC(2026, 0, 14);
const t1 = Date.UTC(2026, 0, 21);

describe('GridmeterApi routes', () => {
  it('lists meters with only the filters given, as the API names them', async () => {
    const { api, calls } = recordingApi({ items: [], total: 0, limit: 50, offset: 0, next: null });
    await api.meters({ q: 'GM 1', supply: 'disconnected', feederId: 'F1', limit: 50, offset: 100 });
    expect(calls[0]?.url).toBe('/api/meters?q=GM+1&supply=disconnected&feederId=F1&limit=50&offset=100');
  });

  it('encodes ids in paths and sends ranges as ISO-8601', async () => {
    const { api, calls } = recordingApi();
    await api.intervals('GM/1', { from: t0, to: t1 });
    await api.bill('ACC-A1:2025-12-01');
    await api.topology();
    expect(calls.map((c) => c.url)).toEqual([
      '/api/meters/GM%2F1/intervals?from=2026-01-14T00%3A00%3A00.000Z&to=2026-01-21T00%3A00%3A00.000Z',
      '/api/bills/ACC-A1%3A2025-12-01',
      '/api/topology',
    ]);
  });

  it('submits a command with an Idempotency-Key, the same key for a retried click', async () => {
    const { api, calls } = recordingApi({ id: 'CMD-1' });
    await api.command('GM0001', { kind: 'disconnect' }, 'key-1');
    await api.command('GM0001', { kind: 'disconnect' }, 'key-1');
    await api.command('GM0001', { kind: 'read-now', what: 'registers' });
    const headers = calls.map((c) => new Headers(c.init?.headers).get('idempotency-key'));
    expect(headers[0]).toBe('key-1');
    expect(headers[1]).toBe('key-1');
    expect(headers[2]).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls[0]?.init?.method).toBe('POST');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({
      meterId: 'GM0001',
      action: { kind: 'disconnect' },
    });
  });

  it('runs bills over [from, to) and tops up with an idempotent reference', async () => {
    const { api, calls } = recordingApi();
    await api.runBills(t0, t1);
    await api.topUp('PP-A2', 1500, 'ref-9');
    expect(calls[0]?.url).toBe('/api/bill-runs');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({
      from: '2026-01-14T00:00:00.000Z',
      to: '2026-01-21T00:00:00.000Z',
    });
    expect(calls[1]?.url).toBe('/api/prepayment/accounts/PP-A2/top-ups');
    expect(JSON.parse(String(calls[1]?.init?.body))).toEqual({ amountMinor: 1500, reference: 'ref-9' });
  });

  it('builds the customer routes and the CSV link', async () => {
    const { api, calls } = recordingApi();
    await api.usage('SP-A1', { granularity: 'week', from: t0, to: t1 });
    await api.prices('SP-A1');
    await api.servicePointBills('SP-A1', { limit: 100 });
    expect(calls.map((c) => c.url)).toEqual([
      '/api/service-points/SP-A1/usage?granularity=week&from=2026-01-14T00%3A00%3A00.000Z&to=2026-01-21T00%3A00%3A00.000Z',
      '/api/service-points/SP-A1/prices',
      '/api/service-points/SP-A1/bills?limit=100',
    ]);
    expect(api.intervalsCsvUrl('GM0002', { from: t0, to: t1 })).toBe(
      '/api/meters/GM0002/intervals.csv?from=2026-01-14T00%3A00%3A00.000Z&to=2026-01-21T00%3A00%3A00.000Z',
    );
  });
});
