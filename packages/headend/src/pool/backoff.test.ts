import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';

const policy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 0 };

describe('backoffDelayMs', () => {
  it('doubles from the base delay and stops at the cap when jitter is 0', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(policy, n, () => 0.7));
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('draws the jittered share: full jitter with random 0.25 waits three quarters of 400 ms', () => {
    expect(backoffDelayMs({ ...policy, jitter: 1 }, 3, () => 0.25)).toBe(300);
  });

  it('stays within [d·(1 − jitter), d] for any jitter and random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, jitter, r) => {
          const d = Math.min(1_000, 100 * 2 ** (retry - 1));
          const delay = backoffDelayMs({ ...policy, jitter }, retry, () => r);
          expect(delay).toBeGreaterThanOrEqual(d * (1 - jitter) - 1e-9);
          expect(delay).toBeLessThanOrEqual(d);
        },
      ),
    );
  });
});
