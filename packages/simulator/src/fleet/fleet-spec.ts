import type { MeterKind } from '../metrology/types.js';

/** Which kinds of customer meter a fleet has, as fractions that sum to 1. */
export type MeterMix = Readonly<Partial<Record<Exclude<MeterKind, 'transformer-check'>, number>>>;

/** Everything that determines a fleet: the same spec always gives the same fleet and readings. */
export interface FleetSpec {
  readonly seed: number;
  /** Customer meters (transformer check meters come on top). */
  readonly meters: number;
  readonly mix?: MeterMix;
  /** Average customer meters per distribution transformer (default 40). */
  readonly metersPerTransformer?: number;
  /** Transformers per medium-voltage feeder (default 12). */
  readonly transformersPerFeeder?: number;
  /** Local time of the fleet, minutes east of UTC (default 0). */
  readonly utcOffsetMinutes?: number;
  readonly hemisphere?: 'northern' | 'southern';
  /** Registers count from here (UTC ms, aligned to a day); profiles reach back to it. */
  readonly historyStart: number;
}

export const DEFAULT_MIX: Required<MeterMix> = {
  household: 0.7,
  prosumer: 0.1,
  commercial: 0.08,
  industrial: 0.02,
  water: 0.05,
  gas: 0.05,
};

/** Largest fleet one loopback /8 can address (127.1.0.0 – 127.254.255.255). */
export const MAX_FLEET_SIZE = 254 * 65_536;

/** Throws `RangeError` naming the first bad field. */
export function checkFleetSpec(spec: FleetSpec): FleetSpec {
  if (!Number.isInteger(spec.seed)) throw new RangeError(`seed must be an integer, got ${spec.seed}`);
  if (!Number.isInteger(spec.meters) || spec.meters < 1 || spec.meters > MAX_FLEET_SIZE / 2) {
    throw new RangeError(`meters must be 1-${MAX_FLEET_SIZE / 2}, got ${spec.meters}`);
  }
  const mix = spec.mix ?? DEFAULT_MIX;
  const sum = Object.values(mix).reduce((a, b) => a + (b ?? 0), 0);
  if (Math.abs(sum - 1) > 1e-9 || Object.values(mix).some((f) => (f ?? 0) < 0)) {
    throw new RangeError(`meter mix fractions must be non-negative and sum to 1, got ${sum}`);
  }
  if (spec.historyStart % 86_400_000 !== 0) throw new RangeError('historyStart must be midnight UTC');
  return spec;
}
