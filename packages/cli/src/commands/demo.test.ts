import { afterEach, describe, expect, it, vi } from 'vitest';
import { runDemo } from '../demo/run.js';
import { DEMO_DEFAULTS } from '../demo/settings.js';
import { main } from '../main.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('gridmeter demo', () => {
  it('serves the API with the demo logins while it backfills, bills and collects, then stops', async () => {
    const out: string[] = [];
    const stop = new AbortController();
    let resolveUrl!: (url: string) => void;
    const urlSeen = new Promise<string>((r) => {
      resolveUrl = r;
    });
    let done = false;
    const write = (s: string) => {
      out.push(s);
      const m = /console: +(http:\/\/127\.0\.0\.1:\d+)/.exec(s);
      if (m) resolveUrl(m[1]!);
      if (/rounds [1-9]/.test(s)) done = true;
    };
    const running = runDemo(
      {
        ...DEMO_DEFAULTS,
        meters: 40,
        historyDays: 2,
        port: 0,
        dlmsPort: 0,
        statusIntervalSeconds: 1,
        durationSeconds: 60,
        tty: false,
      },
      write,
      stop.signal,
    );
    const url = await urlSeen;
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: 'operator-demo' }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const meters = await fetch(`${url}/api/meters?limit=5`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(meters.status).toBe(200);
    expect(((await meters.json()) as { total: number }).total).toBe(42);
    const anonymous = await fetch(`${url}/api/meters`);
    expect(anonymous.status).toBe(401);
    for (let i = 0; i < 100 && !done; i++) await new Promise((r) => setTimeout(r, 300));
    stop.abort();
    await running;
    const text = out.join('');
    expect(text).toMatch(/^gridmeter demo: 40 meters \+ \d+ transformer check meters, seed 1\n/);
    expect(text).toMatch(/fleet: +DLMS\/COSEM on 0\.0\.0\.0:\d+, meters 127\.1\.0\.0 \(GM00000001\)/);
    expect(text).toMatch(/operator \/ operator-demo +operator/);
    expect(text).toMatch(/alice \/ alice-demo +customer .*prepaid/);
    expect(text).toMatch(/backfill done in [\d.]+ s: \d+ intervals from 42 meters, 0 failed/);
    expect(text).toMatch(/bill run R0001: \d+ bills for the 2 days of history, 0 failed/);
    expect(text).toMatch(/scenario: outage of transformer T\d+/);
    const status = text.split('\n').filter((l) => / read \d+\/\d+ meters today /.test(l));
    expect(status.at(-1)).toMatch(/yesterday 100\.0 % complete/);
    expect(text.endsWith('stopped\n')).toBe(true);
  }, 120_000);

  it('exits 2 for bad options', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['node', 'gridmeter', 'demo', '--meters', 'many'])).toBe(2);
    expect(await main(['node', 'gridmeter', 'demo', '--history-days', '0'])).toBe(2);
    expect(await main(['node', 'gridmeter', 'demo', '--dlms-port', '70000'])).toBe(2);
  });
});
