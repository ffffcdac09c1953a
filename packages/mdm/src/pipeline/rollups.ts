import {
  type ChannelCode,
  type MeterId,
  QualityFlag,
  type ReadingStore,
  type Rollup,
  type RollupScope,
} from '@gridmeter/domain';
import { dayStartOf, mapLimited, monthStartOf, nextMonthStart } from './calendar.js';
import { type MeterPlace, StoreRegistry } from './registry.js';
import type { DaySums } from './run-day.js';

/** Options of a {@link RollupKeeper}. */
export interface RollupKeeperOptions {
  readonly store: ReadingStore;
  /**
   * Transformer and feeder of a meter on a day (default: from the store's installations and
   * service points at the start of the day; absent = no transformer/feeder rows).
   */
  readonly placeOf?: (meterId: MeterId, at: number) => MeterPlace | undefined;
  /** Local time, minutes east of UTC; days and months are local. Default 0. */
  readonly utcOffsetMinutes?: number;
  /** Store reads in flight at once in {@link RollupKeeper.recompute}. Default 4. */
  readonly readConcurrency?: number;
}

/** A range to rebuild: whole local months around `[from, to)`; series default to the store's channels. */
export interface RecomputeRange {
  readonly from: number;
  readonly to: number;
  readonly series?: readonly { readonly meterId: MeterId; readonly channel: ChannelCode }[];
}

type Sums = Pick<Rollup, 'energy' | 'intervals' | 'estimated' | 'missing'>;

const key = (scope: RollupScope, id: string, channel: string, period: string, start: number) =>
  `${scope}\u0000${id}\u0000${channel}\u0000${period}\u0000${start}`;

/**
 * Keeps daily and monthly rollups per meter, transformer and feeder in step with the latest
 * interval versions. {@link apply} takes the new sums of some meter-days, reads the stored meter-day
 * rows, and adds the differences (`upsertRollups(…, 'add')`) to the meter's day and month rows and
 * to its transformer's and feeder's, so repeated and corrected deliveries keep every row exact.
 * One keeper (one pipeline worker) per meter at a time: the read of the old row and the added
 * difference are not one transaction. A meter moved to another transformer mid-month leaves its
 * earlier days on the old one until {@link recompute}.
 *
 * @example
 * const rollups = new RollupKeeper({ store, placeOf: (id) => places.get(id) });
 * await rollups.apply(report.days);
 */
export class RollupKeeper {
  readonly #o: RollupKeeperOptions;
  readonly #offset: number;
  readonly #registry: StoreRegistry | undefined;

  constructor(options: RollupKeeperOptions) {
    this.#o = options;
    this.#offset = options.utcOffsetMinutes ?? 0;
    this.#registry = options.placeOf ? undefined : new StoreRegistry(options.store);
  }

  /** Re-reads the store's registry (installations, service points) used for places. */
  refreshRegistry(): Promise<void> {
    return this.#registry?.refresh() ?? Promise.resolve();
  }

  async #placeOf(meterId: MeterId, at: number): Promise<MeterPlace | undefined> {
    if (this.#o.placeOf) return this.#o.placeOf(meterId, at);
    await this.#registry!.ready();
    return this.#registry!.placeOf(meterId, at);
  }

  /** Applies new meter-day sums as differences to every rollup they belong to; returns rows changed. */
  async apply(days: readonly DaySums[]): Promise<number> {
    const deltas = await this.deltas(days);
    if (deltas.length > 0) await this.#o.store.upsertRollups(deltas, 'add');
    return deltas.length;
  }

  /**
   * The differences {@link apply} would add (`upsertRollups(…, 'add')` rows), without writing them:
   * the pipeline stores them in the same transaction as the VEE versions they come from.
   */
  async deltas(days: readonly DaySums[]): Promise<Rollup[]> {
    if (days.length === 0) return [];
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    const latest = new Map<string, DaySums>();
    for (const d of days) {
      latest.set(key('meter', d.meterId, d.channel, 'day', d.dayStart), d);
      if (d.dayStart < from) from = d.dayStart;
      if (d.dayStart + 1 > to) to = d.dayStart + 1;
    }
    const stored = await this.#o.store.readRollups({ scope: 'meter', period: 'day', from, to });
    const before = new Map<string, Rollup>();
    for (const r of stored) before.set(key('meter', r.scopeId, r.channel, 'day', r.periodStart), r);
    const deltas = new Map<string, Rollup>();
    for (const [k, d] of latest) {
      const b = before.get(k);
      const delta: Sums = {
        energy: d.energy - (b?.energy ?? 0),
        intervals: d.intervals - (b?.intervals ?? 0),
        estimated: d.estimated - (b?.estimated ?? 0),
        missing: d.missing - (b?.missing ?? 0),
      };
      if (delta.energy === 0 && delta.intervals === 0 && delta.estimated === 0 && delta.missing === 0)
        continue;
      await this.#spread(deltas, d.meterId, d.channel, d.dayStart, delta);
    }
    return [...deltas.values()];
  }

  /** Adds `s` to the meter's, transformer's and feeder's day and month rows in `into`. */
  async #spread(
    into: Map<string, Rollup>,
    meterId: MeterId,
    channel: ChannelCode,
    dayStart: number,
    s: Sums,
  ): Promise<void> {
    const place = await this.#placeOf(meterId, dayStart);
    const month = monthStartOf(dayStart, this.#offset);
    const scopes: [RollupScope, string | undefined][] = [
      ['meter', meterId],
      ['transformer', place?.transformerId],
      ['feeder', place?.feederId],
    ];
    for (const [scope, scopeId] of scopes) {
      if (scopeId === undefined) continue;
      for (const [period, periodStart] of [
        ['day', dayStart],
        ['month', month],
      ] as const) {
        const k = key(scope, scopeId, channel, period, periodStart);
        const r = into.get(k);
        into.set(
          k,
          r
            ? {
                ...r,
                energy: r.energy + s.energy,
                intervals: r.intervals + s.intervals,
                estimated: r.estimated + s.estimated,
                missing: r.missing + s.missing,
              }
            : { scope, scopeId, channel, period, periodStart, ...s },
        );
      }
    }
  }

  /**
   * Rebuilds every rollup of the whole local months around `[from, to)` from the latest interval
   * versions in the store, writes them with `replace`, and returns them (for checks). Series
   * default to every channel with an interval length of every meter in the registry.
   */
  async recompute(range: RecomputeRange): Promise<Rollup[]> {
    const store = this.#o.store;
    const from = monthStartOf(range.from, this.#offset);
    const to = nextMonthStart(range.to - 1, this.#offset);
    let series = range.series;
    if (!series) {
      const meters = await store.readMeters();
      const channels = await mapLimited(meters, this.#o.readConcurrency ?? 4, (m) =>
        store.readChannels(m.id),
      );
      series = channels.flat().filter((c) => c.intervalSeconds !== undefined);
    }
    const rows = new Map<string, Rollup>();
    await mapLimited(series, this.#o.readConcurrency ?? 4, async ({ meterId, channel }) => {
      const blocks = await store.readIntervals({ meterId, channel, from, to });
      const days = new Map<
        number,
        { energy: number; intervals: number; estimated: number; missing: number }
      >();
      for (const b of blocks) {
        for (let i = 0; i < b.values.length; i++) {
          const v = b.values[i]!;
          const day = dayStartOf(b.start + i * b.intervalSeconds * 1000, this.#offset);
          let s = days.get(day);
          if (!s) {
            s = { energy: 0, intervals: 0, estimated: 0, missing: 0 };
            days.set(day, s);
          }
          if (v.value === null) s.missing++;
          else {
            s.intervals++;
            s.energy += v.value;
            if (v.quality & QualityFlag.estimated) s.estimated++;
          }
        }
      }
      for (const [day, s] of days) await this.#spread(rows, meterId, channel, day, s);
    });
    const out = [...rows.values()].filter((r) => r.periodStart >= from && r.periodStart < to);
    if (out.length > 0) await store.upsertRollups(out, 'replace');
    return out;
  }
}
