/**
 * What a virtual meter measures in one interval, as exact integers of the base unit. Energy in
 * the four quadrants an electricity meter registers (IEC 62053 / OBIS C = 1, 2, 3, 4: active
 * import and export, reactive import and export).
 */
export interface IntervalEnergy {
  readonly importWh: number;
  readonly exportWh: number;
  readonly reactiveImportVarh: number;
  readonly reactiveExportVarh: number;
}

/** The kinds of virtual meter in a fleet. */
export type MeterKind =
  | 'household'
  | 'prosumer'
  | 'commercial'
  | 'industrial'
  | 'water'
  | 'gas'
  | 'transformer-check';

/** An electricity consumer's true energy flows: a pure function of time. */
export interface EnergyModel {
  /** True energy in `[startMs, startMs + seconds * 1000)`, whole Wh / varh. */
  interval(startMs: number, seconds: number): IntervalEnergy;
}

/** A water or gas consumer's true flow: a pure function of time. */
export interface VolumeModel {
  /** True volume in `[startMs, startMs + seconds * 1000)`, whole litres. */
  litres(startMs: number, seconds: number): number;
}

/** Instantaneous values per phase (one entry for single-phase meters). */
export interface InstantaneousValues {
  readonly voltageV: readonly number[];
  readonly currentA: readonly number[];
  readonly activePowerW: readonly number[];
  readonly reactivePowerVar: readonly number[];
  readonly powerFactor: readonly number[];
  readonly frequencyHz: number;
}

export const ZERO_ENERGY: IntervalEnergy = {
  importWh: 0,
  exportWh: 0,
  reactiveImportVarh: 0,
  reactiveExportVarh: 0,
};
