import { describe, expect, it } from 'vitest';
import { ApiError, type FetchLike, Http } from './http.js';

function respond(status: number, body: string, contentType = 'application/json'): Response {
  return new Response(status === 204 ? null : body, { status, headers: { 'content-type': contentType } });
}

function recorder(res: () => Response | Promise<Response>): {
  fetch: FetchLike;
  calls: { url: string; init: RequestInit | undefined }[];
} {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      calls.push({ url, init });
      return res();
    },
  };
}

describe('Http', () => {
  it('sends JSON with the query and the session cookie and parses the answer', async () => {
    const r = recorder(() => respond(200, '{"items":[1,2]}'));
    const http = new Http({ baseUrl: 'http://h', fetch: r.fetch });
    const out = await http.post<{ items: number[] }>(
      '/api/x',
      { a: 1 },
      { query: { q: 'E1', kind: undefined } },
    );
    expect(out.items).toEqual([1, 2]);
    expect(r.calls[0]?.url).toBe('http://h/api/x?q=E1');
    expect(r.calls[0]?.init?.method).toBe('POST');
    expect(r.calls[0]?.init?.body).toBe('{"a":1}');
    expect(r.calls[0]?.init?.credentials).toBe('same-origin');
    const headers = r.calls[0]?.init?.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/json');
  });

  it('returns undefined for 204 and empty bodies', async () => {
    const http = new Http({ fetch: recorder(() => respond(204, '')).fetch });
    await expect(http.post('/api/auth/logout')).resolves.toBeUndefined();
  });

  it('turns a problem+json error into an ApiError carrying its detail', async () => {
    const problem = {
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'Meter E0001 is already disconnected',
    };
    const http = new Http({
      fetch: recorder(() => respond(409, JSON.stringify(problem), 'application/problem+json')).fetch,
    });
    const error = await http.get('/api/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).message).toBe('Meter E0001 is already disconnected');
    expect((error as ApiError).problem?.title).toBe('Conflict');
  });

  it('falls back to the title, then to the status when the problem has no detail', async () => {
    const titled = new Http({
      fetch: recorder(() => respond(403, '{"title":"Forbidden"}', 'application/problem+json')).fetch,
    });
    await expect(titled.get('/api/x')).rejects.toThrow('Forbidden');
    const bare = new Http({ fetch: recorder(() => respond(503, '<html>down</html>', 'text/html')).fetch });
    await expect(bare.get('/api/x')).rejects.toThrow('Service unavailable (GET /api/x)');
    const broken = new Http({ fetch: recorder(() => respond(500, '{not json', 'application/json')).fetch });
    await expect(broken.get('/api/x')).rejects.toThrow('Server error (GET /api/x)');
  });

  it('shows a short plain-text error body as it is', async () => {
    const http = new Http({ fetch: recorder(() => respond(502, 'upstream timed out', 'text/plain')).fetch });
    await expect(http.get('/api/x')).rejects.toThrow('upstream timed out');
  });

  it('calls onUnauthorized for a 401 and still rejects', async () => {
    const seen: ApiError[] = [];
    const http = new Http({
      fetch: recorder(() => respond(401, '{"detail":"Session expired"}', 'application/problem+json')).fetch,
      onUnauthorized: (e) => seen.push(e),
    });
    await expect(http.get('/api/kpis')).rejects.toMatchObject({ status: 401, unauthorized: true });
    expect(seen).toHaveLength(1);
  });

  it('reports an unreachable API as status 0 with the cause', async () => {
    const http = new Http({
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    const error = (await http.get('/api/kpis').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.message).toBe('Cannot reach the API (GET /api/kpis)');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('passes an abort through unchanged', async () => {
    const abort = new DOMException('aborted', 'AbortError');
    const http = new Http({ fetch: () => Promise.reject(abort) });
    await expect(http.get('/api/kpis')).rejects.toBe(abort);
  });

  it('rejects a success answer whose body is not JSON', async () => {
    const http = new Http({ fetch: recorder(() => respond(200, 'hello', 'text/plain')).fetch });
    await expect(http.get('/api/kpis')).rejects.toThrow(/not JSON/);
  });

  it('builds download URLs with the base and query', () => {
    const http = new Http({ baseUrl: '/base' });
    expect(http.url('/api/me/usage.csv', { from: 1, to: 2 })).toBe('/base/api/me/usage.csv?from=1&to=2');
  });
});
