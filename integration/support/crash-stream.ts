/**
 * The deterministic stream of the ingest crash test (integration/crash-ingest.test.ts): block `k`
 * is one day of 15-minute Wh values of meter `k mod METERS`, day `floor(k / METERS)`.
 */
import { type IntervalBlock, meterId } from '@gridmeter/domain';

/** Meters in the stream; block k belongs to meter k mod METERS. */
export const CRASH_METERS = 40;
/** Blocks per `ingestBlocks` call (one store write each). */
export const CRASH_BATCH_BLOCKS = 40;
/** Intervals per block: one day of 15-minute intervals. */
export const CRASH_BLOCK_INTERVALS = 96;
/** Epoch ms of the first day. */
export const CRASH_T0 = Date.UTC(2026, 2, 1);
export const CRASH_CHANNEL = '1-0:1.8.0*255';
const DAY_MS = 86_400_000;

/** Meter id of meter number `m`. */
export const crashMeter = (m: number) => meterId(`GMK${String(m).padStart(5, '0')}`);

/** Wh of interval `i` of block `k`: the generator's value, never the code under test's. */
export const crashValue = (k: number, i: number): number => ((k * 31 + i * 17) % 997) + 1;

/** Block `k` of the stream. */
export function crashBlock(k: number): IntervalBlock {
  return {
    meterId: crashMeter(k % CRASH_METERS),
    channel: CRASH_CHANNEL,
    unit: 30,
    start: CRASH_T0 + Math.floor(k / CRASH_METERS) * DAY_MS,
    intervalSeconds: 900,
    source: 'meter',
    values: Array.from({ length: CRASH_BLOCK_INTERVALS }, (_, i) => ({
      value: crashValue(k, i),
      quality: 0,
    })),
  };
}

/** The block a stored interval of meter number `m` starting at `start` belongs to. */
export const crashBlockOf = (m: number, start: number): number =>
  Math.floor((start - CRASH_T0) / DAY_MS) * CRASH_METERS + m;
