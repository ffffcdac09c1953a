import type { StagedBlock } from './backend.js';

/**
 * Whether an interval (meter, channel, start) may occur more than once in the batch: true when two
 * blocks of one series cover overlapping time. False lets the classification skip its window
 * functions over the batch (each staged value is then the only one of its interval).
 */
export function mayRepeatIntervals(blocks: readonly StagedBlock[]): boolean {
  const bySeries = new Map<string, [number, number][]>();
  for (const b of blocks) {
    const key = `${b.meterId}\u0000${b.channel}`;
    let ranges = bySeries.get(key);
    if (!ranges) {
      ranges = [];
      bySeries.set(key, ranges);
    }
    ranges.push([b.start, b.start + b.values.length * b.intervalSeconds * 1000]);
  }
  for (const ranges of bySeries.values()) {
    if (ranges.length < 2) continue;
    ranges.sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < ranges.length; i++) if (ranges[i]![0] < ranges[i - 1]![1]) return true;
  }
  return false;
}
