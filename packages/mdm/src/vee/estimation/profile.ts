import type { EstimationConfig } from '../config.js';
import { DAY_MS, type ValueLookup, WEEK_MS } from '../lookup.js';

/**
 * The expected value of the interval starting at `t` from the meter's own data around it. Samples:
 * the same weekday's slot over the last `historyWeeks` weeks (week k weighs `historyDecay^(k-1)`),
 * the same slot on the other days of the last `historyRecentDays` days (weight
 * `historyRecentWeight`), and the same again for the `historyFollowingDays` days after `t` where
 * the lookup holds them; each sampled day also gives its slots ±1 interval at
 * `historyNeighbourWeight` of its weight. Combined by weighted mean or weighted median; null
 * without samples. The lookup only returns trusted values, so missing and estimated-to-be
 * intervals are never samples.
 */
export function historyProfileAt(lookup: ValueLookup, t: number, config: EstimationConfig): number | null {
  const samples: [number, number][] = [];
  const nb = config.historyNeighbourWeight ?? 0;
  const step = lookup.intervalMs;
  const add = (at: number, weight: number) => {
    const v = lookup.at(at);
    if (v !== null) samples.push([v, weight]);
    if (nb > 0 && step > 0) {
      for (const n of [at - step, at + step]) {
        const u = lookup.at(n);
        if (u !== null) samples.push([u, weight * nb]);
      }
    }
  };
  const following = config.historyFollowingDays ?? 0;
  for (let k = 1; k <= config.historyWeeks; k++) {
    add(t - k * WEEK_MS, config.historyDecay ** (k - 1));
    if (k * 7 <= following) add(t + k * WEEK_MS, config.historyDecay ** (k - 1));
  }
  for (let d = 1; d <= config.historyRecentDays; d++) {
    if (d % 7 === 0) continue;
    add(t - d * DAY_MS, config.historyRecentWeight);
  }
  for (let d = 1; d <= following; d++) {
    if (d % 7 === 0) continue;
    add(t + d * DAY_MS, config.historyRecentWeight);
  }
  if (samples.length === 0) return null;
  return config.historyStatistic === 'median' ? weightedMedian(samples) : weightedMean(samples);
}

function weightedMean(samples: readonly [number, number][]): number {
  let sum = 0;
  let weight = 0;
  for (const [v, w] of samples) {
    sum += v * w;
    weight += w;
  }
  return sum / weight;
}

/** The value where the cumulative weight first reaches half (the mean of two at an exact half). */
function weightedMedian(samples: readonly [number, number][]): number {
  const s = [...samples].sort((a, b) => a[0] - b[0]);
  const half = s.reduce((a, [, w]) => a + w, 0) / 2;
  let acc = 0;
  for (let i = 0; i < s.length; i++) {
    acc += s[i]![1];
    if (Math.abs(acc - half) < 1e-9 && i + 1 < s.length) return (s[i]![0] + s[i + 1]![0]) / 2;
    if (acc > half) return s[i]![0];
  }
  return s[s.length - 1]![0];
}
