/** Interval data from the store as the billing engine takes it: dense typed arrays per meter. */
import { type MeterId, meterId, QualityFlag, type ReadingStore } from '@gridmeter/domain';
import type { MeterSeries } from '@gridmeter/mdm';
import type { CatalogueEntry } from './catalogue.js';

const INTERVAL_SECONDS = 900;
const STEP_MS = INTERVAL_SECONDS * 1000;

/** The channels that carry a meter's import (and export) per interval, by medium. */
export function channelsOf(medium: CatalogueEntry['medium']): { import: string; export?: string } {
  if (medium === 'water') return { import: '8-0:1.0.0*255' };
  if (medium === 'gas') return { import: '7-0:3.0.0*255' };
  return { import: '1-0:1.8.0*255', export: '1-0:2.8.0*255' };
}

async function dense(
  store: ReadingStore,
  id: MeterId,
  channel: string,
  from: number,
  to: number,
): Promise<{ values: Float64Array; flags: Uint32Array }> {
  const n = Math.max(0, Math.ceil((to - from) / STEP_MS));
  const values = new Float64Array(n);
  const flags = new Uint32Array(n).fill(QualityFlag.missing);
  for (const block of await store.readIntervals({ meterId: id, channel, from, to })) {
    const step = block.intervalSeconds * 1000;
    if (step !== STEP_MS) continue;
    block.values.forEach((v, k) => {
      const i = (block.start + k * step - from) / step;
      if (i < 0 || i >= n) return;
      if (v.value === null) {
        flags[i] = v.quality | QualityFlag.missing;
        return;
      }
      values[i] = v.value;
      flags[i] = v.quality;
    });
  }
  return { values, flags };
}

/**
 * The latest version (validated, estimated or edited over raw) of a meter's intervals in
 * `[from, to)`, aligned to 15 minutes; intervals not stored are flagged missing.
 */
export async function seriesOf(
  store: ReadingStore,
  entry: CatalogueEntry,
  from: number,
  to: number,
): Promise<MeterSeries> {
  const start = Math.floor(from / STEP_MS) * STEP_MS;
  const channels = channelsOf(entry.medium);
  const id = meterId(entry.meterId);
  const imp = await dense(store, id, channels.import, start, to);
  const exp = channels.export ? await dense(store, id, channels.export, start, to) : undefined;
  return {
    meterId: id,
    start,
    intervalSeconds: INTERVAL_SECONDS,
    importWh: imp.values,
    flags: imp.flags,
    ...(exp ? { exportWh: exp.values } : {}),
  };
}
