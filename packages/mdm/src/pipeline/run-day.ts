import { type ChannelCode, type MeterId, QualityFlag } from '@gridmeter/domain';
import type { VeeConfig } from '../vee/config.js';
import type { VeeContext } from '../vee/context.js';
import type { VeeEngine, VeeResult } from '../vee/engine.js';
import { DAY_MS } from './calendar.js';
import { Slot, type Timeline } from './timeline.js';
import { BlockBuilder } from './vee-writes.js';

/** Sums of the latest versions of one (meter, channel, local day) after VEE: a meter-day rollup. */
export interface DaySums {
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  readonly dayStart: number;
  /** Sum of the values (channel unit). */
  readonly energy: number;
  /** Stored intervals with a value. */
  readonly intervals: number;
  /** Of those, estimated. */
  readonly estimated: number;
  /** Stored intervals without a value. */
  readonly missing: number;
}

/** Where a day's writes go. */
export interface DaySinks {
  readonly validated: BlockBuilder;
  /** One builder per estimation method. */
  readonly estimated: Map<string, BlockBuilder>;
  /** Validated version for every received value (else only where the quality changed). */
  readonly all: boolean;
}

/**
 * Runs VEE on one day of a timeline, queues its validated and estimated versions, writes the
 * outcome back into the timeline (later days see it as history) and sums the latest versions.
 * Edited slots are left as stored.
 */
export function runDay(
  engine: VeeEngine,
  tl: Timeline,
  dayStart: number,
  context: VeeContext,
  config: VeeConfig,
  sinks: DaySinks,
): { result: VeeResult; sums: DaySums } {
  const meta = tl.meta;
  // Intervals that have not ended yet are not due: they are neither missing nor estimated.
  const step = meta.intervalSeconds * 1000;
  const end = Math.min(dayStart + DAY_MS, Math.max(dayStart, Math.floor(context.now / step) * step));
  const r = engine.run(tl.series(dayStart, end), context, config);
  const k0 = tl.index(dayStart);
  const n = r.series.values.length;
  const written = new Uint8Array(n);
  for (const a of r.audit) {
    if (a.step !== 'estimation') continue;
    let b = sinks.estimated.get(a.cause);
    if (!b) {
      b = new BlockBuilder();
      sinks.estimated.set(a.cause, b);
    }
    for (const c of a.changes) {
      if (tl.slot[k0 + c.index] === Slot.edited) continue;
      written[c.index] = 1;
      b.push(meta, 'estimation', c.start, { value: c.after.value, quality: c.after.quality });
    }
  }
  let energy = 0;
  let intervals = 0;
  let estimated = 0;
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const k = k0 + i;
    const slot = tl.slot[k]!;
    if (slot === Slot.edited) {
      const v = tl.values[k]!;
      if (v === null) missing++;
      else {
        intervals++;
        energy += v;
      }
      continue;
    }
    const input = tl.values[k]!;
    const vq = r.validated.quality[i]!;
    if (slot === Slot.stored && input !== null && !written[i] && (sinks.all || vq !== tl.storedQuality[k])) {
      const status = tl.hasStatus ? tl.deviceStatus[k] : undefined;
      sinks.validated.push(meta, meta.source, dayStart + i * tl.ms, {
        value: input,
        quality: vq,
        ...(status !== undefined ? { deviceStatus: status } : {}),
      });
    }
    const v = r.series.values[i]!;
    const q = r.series.quality[i]!;
    tl.values[k] = v;
    tl.quality[k] = q;
    if (slot === Slot.absent && !written[i]) continue;
    if (v === null) missing++;
    else {
      intervals++;
      energy += v;
      if (q & QualityFlag.estimated) estimated++;
    }
  }
  return {
    result: r,
    sums: { meterId: meta.meterId, channel: meta.channel, dayStart, energy, intervals, estimated, missing },
  };
}
