import { type IntervalBlock, QualityFlag, type QualityFlags } from '@gridmeter/domain';
import type { ChannelSeries } from '../vee/series.js';
import type { BatchDay, BatchSeries } from './batch.js';

/**
 * Flags VEE validation sets. A series rebuilt from the store's latest versions drops them, so a
 * re-run starts from what the meter sent and stale findings do not stick.
 */
export const VEE_FLAGS: QualityFlags =
  QualityFlag.failedValidation |
  QualityFlag.suspect |
  QualityFlag.clockAdjusted |
  QualityFlag.powerOutage |
  QualityFlag.partialInterval |
  QualityFlag.reverseFlow |
  QualityFlag.duplicate |
  QualityFlag.deviceInvalid |
  QualityFlag.registerMismatch |
  QualityFlag.tamper;

/** Slot state: not stored, stored, stored as a manual edit (VEE leaves it alone). */
export const Slot = { absent: 0, stored: 1, edited: 2 } as const;

/**
 * One series on a fixed grid `[from, to)`: the VEE input per slot, and what the store holds as
 * the latest version (value and quality), so writes can be limited to what changes. A timeline is
 * made per series and batch; with a `base` (the series' previous timeline, from the history
 * cache) the slots of `[from, base.to)` are taken from it by `slice`, not slot by slot.
 */
export class Timeline {
  #from: number;
  readonly ms: number;
  /** Slots on the grid. */
  readonly length: number;
  readonly values: (number | null)[];
  readonly quality: number[];
  readonly deviceStatus: number[];
  hasStatus = false;
  /** {@link Slot} per slot. */
  readonly slot: Uint8Array;
  /** Latest stored quality per slot (-1 where nothing is stored). */
  readonly storedQuality: Int32Array;

  constructor(
    /** The series; replaced when a cached timeline moves on to the next batch ({@link advanceTo}). */
    public meta: Pick<BatchSeries, 'meterId' | 'channel' | 'unit' | 'intervalSeconds' | 'source'>,
    from: number,
    to: number,
    base?: Timeline,
  ) {
    this.#from = from;
    this.ms = meta.intervalSeconds * 1000;
    const n = Math.max(0, Math.ceil((to - from) / this.ms));
    this.length = n;
    this.slot = new Uint8Array(n);
    this.storedQuality = new Int32Array(n).fill(-1);
    if (base && Timeline.canExtend(base, from, to)) {
      const j = base.index(from);
      const m = base.length - j;
      const rest = n - m;
      this.values = base.values.slice(j).concat(new Array<number | null>(rest).fill(null));
      this.quality = base.quality.slice(j).concat(new Array<number>(rest).fill(QualityFlag.missing));
      this.deviceStatus = base.deviceStatus.slice(j).concat(new Array<number>(rest).fill(0));
      this.slot.set(base.slot.subarray(j));
      this.storedQuality.set(base.storedQuality.subarray(j));
      this.hasStatus = base.hasStatus;
    } else {
      this.values = new Array<number | null>(n).fill(null);
      this.quality = new Array<number>(n).fill(QualityFlag.missing);
      this.deviceStatus = new Array<number>(n).fill(0);
    }
  }

  /** Whether `base` (same grid) holds the start of `[from, to)` and nothing after `to`. */
  static canExtend(base: Timeline, from: number, to: number): boolean {
    return base.from <= from && base.to > from && base.to <= to && (from - base.from) % base.ms === 0;
  }

  /** Start of the grid (epoch ms). */
  get from(): number {
    return this.#from;
  }

  /**
   * Moves the grid forward to start at `from` (same length): slots still on the grid keep their
   * contents, new ones at the end are empty. In place, so a series' cached timeline serves batch
   * after batch without new arrays. Returns false (and changes nothing) unless `from` is on the
   * grid and not before the current start and `meta` has the same interval length.
   */
  advanceTo(from: number, meta: Timeline['meta'] = this.meta): boolean {
    if (meta.intervalSeconds * 1000 !== this.ms) return false;
    const shift = (from - this.#from) / this.ms;
    if (!Number.isInteger(shift) || shift < 0) return false;
    const n = this.length;
    const keep = Math.max(0, n - shift);
    if (keep > 0 && shift > 0) {
      // A plain loop: Array.prototype.copyWithin is generic and ~20× slower on these arrays.
      const { values, quality, deviceStatus } = this;
      for (let k = 0; k < keep; k++) {
        values[k] = values[k + shift]!;
        quality[k] = quality[k + shift]!;
        deviceStatus[k] = deviceStatus[k + shift]!;
      }
      this.slot.copyWithin(0, shift);
      this.storedQuality.copyWithin(0, shift);
    }
    this.values.fill(null, keep);
    this.quality.fill(QualityFlag.missing, keep);
    this.deviceStatus.fill(0, keep);
    this.slot.fill(0, keep);
    this.storedQuality.fill(-1, keep);
    this.#from = from;
    this.meta = meta;
    return true;
  }

  /** End of the grid (epoch ms, exclusive). */
  get to(): number {
    return this.from + this.length * this.ms;
  }

  index(t: number): number {
    return (t - this.#from) / this.ms;
  }

  /**
   * Takes the store's latest versions (only the slots in `[from, to)`). VEE estimates (source
   * `estimation`) become missing again so they are re-estimated from current data; edits are kept
   * and locked.
   */
  fillFromStore(blocks: readonly IntervalBlock[], from = this.from, to = Number.POSITIVE_INFINITY): void {
    const lo = Math.max(0, Math.ceil(this.index(from)));
    const hi = Math.min(this.length, Math.ceil(this.index(to)));
    for (const b of blocks) {
      if (b.intervalSeconds !== this.meta.intervalSeconds) continue;
      for (let i = 0; i < b.values.length; i++) {
        const k = this.index(b.start + i * this.ms);
        if (k < lo || k >= hi || !Number.isInteger(k)) continue;
        const v = b.values[i]!;
        this.storedQuality[k] = v.quality;
        this.#status(k, v.deviceStatus);
        if (b.source === 'estimation') {
          this.slot[k] = Slot.stored;
          this.values[k] = null;
          this.quality[k] = QualityFlag.missing;
        } else if (b.source === 'edit' || (v.quality & QualityFlag.edited) !== 0) {
          this.slot[k] = Slot.edited;
          this.values[k] = v.value;
          this.quality[k] = v.quality;
        } else {
          this.slot[k] = Slot.stored;
          this.values[k] = v.value;
          this.quality[k] = v.quality & ~VEE_FLAGS;
        }
      }
    }
  }

  /** Takes a whole day from the batch (every value of it is the latest version). */
  fillFromBatch(dayStart: number, day: BatchDay): void {
    const k0 = this.index(dayStart);
    for (let k = 0; k < day.values.length; k++) {
      if (day.seen[k] === 0) continue;
      const j = k0 + k;
      this.values[j] = day.values[k]!;
      this.quality[j] = day.quality[k]!;
      this.storedQuality[j] = day.quality[k]!;
      this.slot[j] = Slot.stored;
      this.#status(j, day.deviceStatus[k]);
    }
  }

  #status(k: number, s: number | undefined): void {
    if (s === undefined) return;
    this.deviceStatus[k] = s;
    this.hasStatus = true;
  }

  /** The VEE input over `[from, to)` (both on the grid, inside the timeline). */
  series(from: number, to: number): ChannelSeries {
    const a = this.index(from);
    const b = this.index(to);
    return {
      meterId: this.meta.meterId,
      channel: this.meta.channel,
      intervalSeconds: this.meta.intervalSeconds,
      start: from,
      values: this.values.slice(a, b),
      quality: this.quality.slice(a, b),
      ...(this.hasStatus ? { deviceStatus: this.deviceStatus.slice(a, b) } : {}),
    };
  }
}
