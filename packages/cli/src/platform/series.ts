/** Interval data from the store as the billing engine takes it: dense typed arrays per meter. */
import { type IntervalBlock, type MeterId, meterId, QualityFlag, type ReadingStore } from '@gridmeter/domain';
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

/** Meters per `readIntervalsForMeters` query of {@link seriesOfMany}. */
const METERS_PER_QUERY = 250;

interface Dense {
  readonly values: Float64Array;
  readonly flags: Uint32Array;
}

async function dense(
  store: ReadingStore,
  id: MeterId,
  channel: string,
  from: number,
  to: number,
): Promise<Dense> {
  return denseOf(await store.readIntervals({ meterId: id, channel, from, to }), from, to);
}

/** Dense 15-minute arrays of `[from, to)` from a meter's blocks; intervals not stored are flagged missing. */
function denseOf(blocks: readonly IntervalBlock[], from: number, to: number): Dense {
  const n = Math.max(0, Math.ceil((to - from) / STEP_MS));
  const values = new Float64Array(n);
  const flags = new Uint32Array(n).fill(QualityFlag.missing);
  for (const block of blocks) {
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
  return meterSeries(entry, start, imp, exp);
}

/** A meter's series from its dense import (and export) arrays starting at `start`. */
function meterSeries(entry: CatalogueEntry, start: number, imp: Dense, exp: Dense | undefined): MeterSeries {
  return {
    meterId: meterId(entry.meterId),
    start,
    intervalSeconds: INTERVAL_SECONDS,
    importWh: imp.values,
    flags: imp.flags,
    ...(exp ? { exportWh: exp.values } : {}),
  };
}

/**
 * {@link seriesOf} for many meters: one `readIntervalsForMeters` per channel and
 * {@link METERS_PER_QUERY} meters instead of one query per meter and channel (a bill run of 1,000
 * accounts: two dozen queries, not two thousand). Keyed by meter id.
 */
export async function seriesOfMany(
  store: ReadingStore,
  entries: readonly CatalogueEntry[],
  from: number,
  to: number,
): Promise<Map<string, MeterSeries>> {
  const start = Math.floor(from / STEP_MS) * STEP_MS;
  const byChannel = new Map<string, CatalogueEntry[]>();
  for (const e of entries) {
    const c = channelsOf(e.medium);
    for (const channel of c.export ? [c.import, c.export] : [c.import]) {
      const list = byChannel.get(channel) ?? [];
      list.push(e);
      byChannel.set(channel, list);
    }
  }
  const dense = new Map<string, Dense>(); // `${meter}\u0000${channel}`
  for (const [channel, list] of byChannel) {
    for (let i = 0; i < list.length; i += METERS_PER_QUERY) {
      const ids = list.slice(i, i + METERS_PER_QUERY).map((e) => meterId(e.meterId));
      const blocks = await store.readIntervalsForMeters({ meterIds: ids, channel, from: start, to });
      const byMeter = new Map<string, IntervalBlock[]>();
      for (const b of blocks) {
        const l = byMeter.get(b.meterId) ?? [];
        l.push(b);
        byMeter.set(b.meterId, l);
      }
      for (const id of ids) dense.set(`${id}\u0000${channel}`, denseOf(byMeter.get(id) ?? [], start, to));
    }
  }
  const out = new Map<string, MeterSeries>();
  for (const e of entries) {
    const c = channelsOf(e.medium);
    const imp = dense.get(`${e.meterId}\u0000${c.import}`)!;
    const exp = c.export ? dense.get(`${e.meterId}\u0000${c.export}`) : undefined;
    out.set(e.meterId, meterSeries(e, start, imp, exp));
  }
  return out;
}
