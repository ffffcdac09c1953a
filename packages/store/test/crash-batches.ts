import { type IntervalBlock, meterId } from '@gridmeter/domain';

/** Intervals per crash-test batch. */
export const BATCH_INTERVALS = 2000;
const METERS = 20;
const T0 = Date.UTC(2026, 0, 1);
const STEP = 900_000;

/** Batch `k` of the crash test: one block, its own meter and time range, values a function of `k`. */
export function crashBatch(k: number): IntervalBlock {
  return {
    meterId: meterId(`GMC${k % METERS}`),
    channel: '1-0:1.8.0*255',
    unit: 30,
    start: T0 + Math.floor(k / METERS) * BATCH_INTERVALS * STEP,
    intervalSeconds: 900,
    source: 'meter',
    values: Array.from({ length: BATCH_INTERVALS }, (_, i) => ({ value: (k * 31 + i) % 1000, quality: 0 })),
  };
}

/** The range batch `k` covers, for reading it back. */
export function crashRange(k: number): {
  meterId: IntervalBlock['meterId'];
  channel: string;
  from: number;
  to: number;
} {
  const b = crashBatch(k);
  return { meterId: b.meterId, channel: b.channel, from: b.start, to: b.start + BATCH_INTERVALS * STEP };
}
