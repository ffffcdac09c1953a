import type { RetryPolicy } from './types.js';

/**
 * The wait before retry number `retry` (1 = the wait after the first failed attempt):
 * `min(maxDelayMs, baseDelayMs · 2^(retry−1))`, of which the share `jitter` is drawn at random,
 * so the wait lies in `[d·(1 − jitter), d]`. `random` returns values in [0, 1).
 *
 * @example
 * backoffDelayMs({ attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 0 }, 3, Math.random); // 400
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const delay = Math.min(policy.maxDelayMs, exponential);
  return delay * (1 - policy.jitter * random());
}
