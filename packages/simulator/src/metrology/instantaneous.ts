import { hashInts, hashString, unit } from '../consumption/hash.js';
import type { MeterIdentity } from '../meter/identity.js';
import type { MeterPlace } from '../topology/types.js';
import { isExactEnergyModel } from './exact.js';
import type { EnergyModel, InstantaneousValues } from './types.js';

/** Nominal phase-to-neutral voltage (IEC 60038 low voltage). */
export const NOMINAL_VOLTAGE_V = 230;
export const NOMINAL_FREQUENCY_HZ = 50;
/** Instantaneous power is the mean over this window centred on the instant. */
export const POWER_WINDOW_SECONDS = 60;

/** Who is measured: a meter id and phase count, and where it is supplied from if known. */
export type MeasuredMeter = Pick<MeterIdentity, 'id' | 'phases'> & {
  readonly place?: Pick<MeterPlace, 'transformerId'>;
};

/** Conditions at the meter's terminals. */
export interface InstantaneousOptions {
  /** Supply voltage relative to normal: 1 = normal, < 1 a sag, > 1 a swell (default 1). */
  readonly voltageFactor?: number;
  /** False during an outage or with the meter's breaker open: everything reads 0 (default true). */
  readonly supplyOn?: boolean;
  /** Fleet seed: voltage and frequency noise differ between fleets (default 0). */
  readonly seed?: number;
}

/**
 * What the meter's instantaneous registers show at `atMs`. Voltage is 230 V per phase within
 * ±1.5 % (a per-transformer drift every 5 minutes, a fixed per-meter line drop, a small
 * per-phase ripple), times `voltageFactor`. Active and reactive power are the model's mean over
 * the minute around `atMs` (unrounded when the model is an `ExactEnergyModel`); active power is
 * signed (import +, export −), reactive power likewise (Q+ −, Q− +). Three-phase meters split
 * power over phases with a per-meter, per-hour unbalance of up to ±10 %. Loads draw constant
 * power, so a sag raises the current: current = apparent power / voltage. Frequency is the
 * fleet's, 50 Hz ± 0.05, the same for every meter at an instant. With the supply off (or a
 * voltage factor of 0) every value is 0.
 *
 * @example
 * instantaneousValues({ id: 'GM00000001', phases: 1 }, model, Date.now(), { seed: 42, voltageFactor: 0.9 });
 */
export function instantaneousValues(
  meter: MeasuredMeter,
  model: EnergyModel,
  atMs: number,
  options: InstantaneousOptions = {},
): InstantaneousValues {
  const voltageFactor = options.voltageFactor ?? 1;
  if (!Number.isFinite(voltageFactor) || voltageFactor < 0) {
    throw new RangeError(`voltageFactor must be a finite number ≥ 0, got ${voltageFactor}`);
  }
  if (!Number.isFinite(atMs)) throw new RangeError(`instant must be finite, got ${atMs}`);
  const phases = meter.phases;
  if (options.supplyOn === false || voltageFactor === 0) return allZero(phases);

  const seed = options.seed ?? 0;
  const startMs = atMs - (POWER_WINDOW_SECONDS * 1000) / 2;
  const flows = isExactEnergyModel(model)
    ? model.exactInterval(startMs, POWER_WINDOW_SECONDS)
    : model.interval(startMs, POWER_WINDOW_SECONDS);
  const perHour = 3600 / POWER_WINDOW_SECONDS;
  const activeW = (flows.importWh - flows.exportWh) * perHour;
  const reactiveVar = (flows.reactiveImportVarh - flows.reactiveExportVarh) * perHour;

  const key = hashString(seed, `instantaneous:${meter.id}`);
  const shares = phaseShares(key, phases, Math.floor(atMs / 3_600_000));
  const voltageV: number[] = [];
  const currentA: number[] = [];
  const activePowerW: number[] = [];
  const reactivePowerVar: number[] = [];
  const powerFactor: number[] = [];
  for (let p = 0; p < phases; p++) {
    const v = NOMINAL_VOLTAGE_V * (1 + voltageDeviation(seed, meter, key, p, atMs)) * voltageFactor;
    const pW = activeW * shares[p]!;
    const qVar = reactiveVar * shares[p]!;
    const sVA = Math.hypot(pW, qVar);
    voltageV.push(v);
    activePowerW.push(pW);
    reactivePowerVar.push(qVar);
    currentA.push(sVA / v);
    powerFactor.push(sVA > 0 ? Math.abs(pW) / sVA : 1);
  }
  return {
    voltageV,
    currentA,
    activePowerW,
    reactivePowerVar,
    powerFactor,
    frequencyHz: frequencyHz(seed, atMs),
  };
}

/** The grid frequency of a fleet at an instant: 50 Hz ± 0.05, the same at every meter. */
export function frequencyHz(seed: number, atMs: number): number {
  const key = hashString(seed, 'frequency');
  const minute = unit(hashInts(key, Math.floor(atMs / 60_000)));
  const tenSeconds = unit(hashInts(key, 1, Math.floor(atMs / 10_000)));
  return NOMINAL_FREQUENCY_HZ + 0.04 * (2 * minute - 1) + 0.01 * (2 * tenSeconds - 1);
}

/** Relative deviation from nominal voltage, within ±1.5 %. */
function voltageDeviation(
  seed: number,
  meter: MeasuredMeter,
  key: number,
  phase: number,
  atMs: number,
): number {
  const supplyKey = hashString(seed, `supply:${meter.place?.transformerId ?? meter.id}`);
  const transformer = 0.008 * (2 * unit(hashInts(supplyKey, Math.floor(atMs / 300_000))) - 1);
  const lineDrop = -0.006 * unit(hashInts(key, 1));
  const ripple = 0.002 * (2 * unit(hashInts(key, 2, phase, Math.floor(atMs / 60_000))) - 1);
  return Math.min(0.015, Math.max(-0.015, transformer + lineDrop + ripple));
}

/** Each phase's share of the meter's power (sums to 1): ±10 % unbalance, redrawn hourly. */
function phaseShares(key: number, phases: number, hour: number): number[] {
  if (phases === 1) return [1];
  const raw = Array.from({ length: phases }, (_, p) => 1 + 0.1 * (2 * unit(hashInts(key, 3, p, hour)) - 1));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => r / total);
}

function allZero(phases: number): InstantaneousValues {
  const zeros = new Array<number>(phases).fill(0);
  return {
    voltageV: zeros,
    currentA: zeros,
    activePowerW: zeros,
    reactivePowerVar: zeros,
    powerFactor: zeros,
    frequencyHz: 0,
  };
}
