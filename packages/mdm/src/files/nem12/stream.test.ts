import { describe, expect, it } from 'vitest';
import { parseNem12 } from './parse.js';

const DAYS = 3473; // × 288 five-minute intervals ≈ 1 000 000 intervals

// A generated file, produced lazily line by line so that only the parser could hold it.
async function* bigFile(): AsyncGenerator<string> {
  yield '100,NEM12,201301010000,MDP1,R1';
  yield '200,NMI0000003,E1,1,E1,N1,M1,kWh,5,';
  const values = Array.from({ length: 288 }, (_, i) => `0.${String(i % 1000).padStart(3, '0')}`).join(',');
  for (let d = 0; d < DAYS; d++) {
    const date = new Date(Date.UTC(2000, 0, 1) + d * 86_400_000)
      .toISOString()
      .slice(0, 10)
      .replaceAll('-', '');
    yield `300,${date},${values},A,,,,`;
  }
  yield '900';
}

describe('parseNem12 streaming', () => {
  it('imports 1M generated intervals in bounded memory', async () => {
    globalThis.gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let intervals = 0;
    let totalWh = 0;
    let n = 0;
    const parse = parseNem12(bigFile());
    for await (const block of parse) {
      intervals += block.values.length;
      for (const v of block.values) totalWh += v.value ?? 0;
      if (++n % 50 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(intervals).toBe(DAYS * 288);
    expect(parse.report.intervals).toBe(DAYS * 288);
    // Per day: sum of i mod 1000 for i < 288 is 287·288/2 = 41 328 Wh.
    expect(totalWh).toBe(DAYS * 41_328);
    // Holding 1M interval values would take over 40 MB; the parser keeps one day (measured
    // growth ≈ 7 MB, mostly young-generation garbage).
    expect(peak - baseline).toBeLessThan(24 * 1024 * 1024);
  });
});
