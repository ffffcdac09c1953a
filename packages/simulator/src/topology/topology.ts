import { hashInts, hashString, unit } from '../consumption/hash.js';
import type { FleetSpec } from '../fleet/fleet-spec.js';
import type { FeederInfo, MeterPlace, TransformerInfo } from './types.js';

/**
 * The fleet's grid, derived from its spec: customer meters in fleet-index order fill distribution
 * transformers of 50–150 % of the average size; transformers group into feeders. Transformer t's
 * check meter has fleet index `meters + t`. Memory is one integer per transformer.
 */
export class Topology {
  readonly meters: number;
  readonly transformersPerFeeder: number;
  /** starts[t] = first customer meter index of transformer t; starts[count] = meters. */
  readonly #starts: Int32Array;

  constructor(spec: Pick<FleetSpec, 'seed' | 'meters' | 'metersPerTransformer' | 'transformersPerFeeder'>) {
    this.meters = spec.meters;
    this.transformersPerFeeder = spec.transformersPerFeeder ?? 12;
    const average = spec.metersPerTransformer ?? 40;
    const key = hashString(spec.seed, 'topology');
    const starts: number[] = [0];
    for (let t = 0, at = 0; at < spec.meters; t++) {
      const size = Math.max(1, Math.round(average * (0.5 + unit(hashInts(key, t)))));
      at = Math.min(spec.meters, at + size);
      starts.push(at);
    }
    this.#starts = Int32Array.from(starts);
  }

  get transformerCount(): number {
    return this.#starts.length - 1;
  }

  get feederCount(): number {
    return Math.ceil(this.transformerCount / this.transformersPerFeeder);
  }

  /** Customer meters plus one check meter per transformer. */
  get fleetSize(): number {
    return this.meters + this.transformerCount;
  }

  isCheckMeter(index: number): boolean {
    return index >= this.meters && index < this.fleetSize;
  }

  /** The transformer supplying fleet index `index` (a check meter: the transformer it measures). */
  transformerOf(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.fleetSize) {
      throw new RangeError(`Fleet index ${index} outside 0-${this.fleetSize - 1}`);
    }
    if (index >= this.meters) return index - this.meters;
    let lo = 0;
    let hi = this.transformerCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  transformer(t: number): TransformerInfo {
    if (!Number.isInteger(t) || t < 0 || t >= this.transformerCount)
      throw new RangeError(`No transformer ${t}`);
    const from = this.#starts[t]!;
    const to = this.#starts[t + 1]!;
    return {
      id: transformerName(t),
      feederId: feederName(Math.floor(t / this.transformersPerFeeder)),
      meterIndices: Array.from({ length: to - from }, (_, i) => from + i),
      checkMeterIndex: this.meters + t,
      ratedKva: to - from <= 30 ? 100 : to - from <= 60 ? 160 : 250,
    };
  }

  feeder(f: number): FeederInfo {
    if (!Number.isInteger(f) || f < 0 || f >= this.feederCount) throw new RangeError(`No feeder ${f}`);
    const first = f * this.transformersPerFeeder;
    const last = Math.min(this.transformerCount, first + this.transformersPerFeeder);
    return {
      id: feederName(f),
      transformerIds: Array.from({ length: last - first }, (_, i) => transformerName(first + i)),
    };
  }

  /** Transformer index from its id ("T00042" → 42), or undefined. */
  transformerIndex(id: string): number | undefined {
    const m = /^T(\d{5,})$/.exec(id);
    const t = m ? Number(m[1]) : Number.NaN;
    return Number.isInteger(t) && t < this.transformerCount ? t : undefined;
  }

  /** Feeder index from its id ("F003" → 3), or undefined. */
  feederIndex(id: string): number | undefined {
    const m = /^F(\d{3,})$/.exec(id);
    const f = m ? Number(m[1]) : Number.NaN;
    return Number.isInteger(f) && f < this.feederCount ? f : undefined;
  }

  placeOf(index: number): MeterPlace {
    const t = this.transformerOf(index);
    return {
      servicePointId: this.isCheckMeter(index)
        ? `SPT${String(t).padStart(5, '0')}`
        : `SP${String(index + 1).padStart(8, '0')}`,
      transformerId: transformerName(t),
      feederId: feederName(Math.floor(t / this.transformersPerFeeder)),
    };
  }
}

export const transformerName = (t: number) => `T${String(t).padStart(5, '0')}`;
export const feederName = (f: number) => `F${String(f).padStart(3, '0')}`;
