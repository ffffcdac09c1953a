import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('gridmeter demo', () => {
  it('runs a small fleet with the head-end, backfills, and prints status lines with meters read', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    const code = await main([
      'node',
      'gridmeter',
      'demo',
      '--meters',
      '50',
      '--duration',
      '5',
      '--port',
      '0',
      '--status-interval',
      '1',
    ]);
    vi.restoreAllMocks();
    const text = out.join('');
    expect(code).toBe(0);
    expect(text).toMatch(/^gridmeter demo: 50 meters \+ \d+ transformer check meters, seed 1\n/);
    expect(text).toMatch(/fleet: +DLMS\/COSEM on 0\.0\.0\.0:\d+, meters 127\.1\.0\.0 \(GM00000001\)/);
    expect(text).toMatch(/push listener udp:\/\/127\.0\.0\.1:\d+/);
    expect(text).toMatch(/scenarios: +theft on GM\d{8}/);
    expect(text).toMatch(/backfill done in [\d.]+ s: \d+ intervals from \d+ meters, 0 failed/);
    expect(text).toMatch(/scenario: outage of transformer T\d+/);
    const status = text.split('\n').filter((l) => / read \d+\/\d+ meters today /.test(l));
    expect(status.length).toBeGreaterThanOrEqual(2);
    const read = status.map((l) => Number(/ read (\d+)\//.exec(l)![1]));
    expect(Math.max(...read)).toBeGreaterThan(0);
    expect(status.at(-1)).toMatch(/yesterday 100\.0 % complete/);
    expect(text.endsWith('stopped\n')).toBe(true);
  });

  it('exits 2 for bad options', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['node', 'gridmeter', 'demo', '--meters', 'many'])).toBe(2);
    expect(await main(['node', 'gridmeter', 'demo', '--history-days', '0'])).toBe(2);
  });
});
