/** `gridmeter mdm vee`: VEE over stored interval data of one meter and range. */
import type { ChannelCode, MeterId, ReadingStore, VeeResult } from '@gridmeter/domain';
import { type DayRef, VeeStage } from '@gridmeter/mdm';
import { MdmRunError } from './errors.js';

const DAY_MS = 86_400_000;

/** What to validate. */
export interface VeeOptions {
  readonly meterId: MeterId;
  readonly channel: ChannelCode;
  /** Epoch ms; every local day overlapping `[from, to)` is validated whole. */
  readonly from: number;
  readonly to: number;
  /** Meter group whose VEE configuration applies (default: the defaults). */
  readonly group?: string;
  /** Local time of the meter, minutes east of UTC; days are local. Default 0. */
  readonly utcOffsetMinutes?: number;
}

/** What a VEE run did, with the findings it stored. */
export interface VeeRunReport {
  readonly runId: string;
  readonly days: number;
  readonly validatedVersions: number;
  readonly estimatedVersions: number;
  /** VEE results of the run (findings and estimations), by start. */
  readonly results: readonly VeeResult[];
  readonly elapsedMs: number;
}

/** Local day starts (epoch ms) of every day overlapping `[from, to)`. */
export function localDays(from: number, to: number, utcOffsetMinutes: number): number[] {
  const off = utcOffsetMinutes * 60_000;
  const days: number[] = [];
  for (let d = Math.floor((from + off) / DAY_MS) * DAY_MS - off; d < to; d += DAY_MS) days.push(d);
  return days;
}

/**
 * Runs the pipeline's {@link VeeStage} over the stored days: writes validated and estimated
 * versions (one change each, revertible) and the findings as VEE results, then reads those back.
 * Throws {@link MdmRunError} when the store holds no interval of the channel in the range.
 */
export async function runVee(store: ReadingStore, o: VeeOptions): Promise<VeeRunReport> {
  const t0 = performance.now();
  const offset = o.utcOffsetMinutes ?? 0;
  const days = localDays(o.from, o.to, offset);
  const first = days[0]!;
  const end = days[days.length - 1]! + DAY_MS;
  const stored = await store.readIntervals({ meterId: o.meterId, channel: o.channel, from: first, to: end });
  const sample = stored[0];
  if (sample === undefined) {
    throw new MdmRunError(
      `No intervals of meter ${o.meterId} channel ${o.channel} stored in ${new Date(first).toISOString()} – ${new Date(end).toISOString()}`,
    );
  }
  const group = o.group;
  const stage = new VeeStage({
    store,
    utcOffsetMinutes: offset,
    ...(group === undefined ? {} : { groupOf: () => group }),
  });
  const refs: DayRef[] = days.map((dayStart) => ({ meterId: o.meterId, channel: o.channel, dayStart }));
  const report = await stage.revalidate(refs, sample.unit, sample.intervalSeconds);
  const results =
    report.runId === ''
      ? []
      : await store.readVeeResults({
          meterId: o.meterId,
          channel: o.channel,
          runId: report.runId,
          from: first,
          to: end,
        });
  results.sort((a, b) => a.from - b.from || a.ruleId.localeCompare(b.ruleId));
  return {
    runId: report.runId,
    days: report.windows,
    validatedVersions: report.validatedVersions,
    estimatedVersions: report.estimatedVersions,
    results,
    elapsedMs: performance.now() - t0,
  };
}
