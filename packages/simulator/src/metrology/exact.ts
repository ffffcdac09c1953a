import type { EnergyModel, IntervalEnergy } from './types.js';

/**
 * True energy flows before rounding, in Wh / varh (real numbers, never negative). The meter
 * registers `Math.round` of each (an {@link IntervalEnergy}).
 */
export interface EnergyFlows {
  readonly importWh: number;
  readonly exportWh: number;
  readonly reactiveImportVarh: number;
  readonly reactiveExportVarh: number;
}

/**
 * An {@link EnergyModel} that can also give its flows unrounded, so short windows (a 1-minute
 * mean power) keep their resolution.
 */
export interface ExactEnergyModel extends EnergyModel {
  /** True energy in `[startMs, startMs + seconds * 1000)`, unrounded. */
  exactInterval(startMs: number, seconds: number): EnergyFlows;
}

/** Whether `model` gives unrounded flows. */
export function isExactEnergyModel(model: EnergyModel): model is ExactEnergyModel {
  return typeof (model as Partial<ExactEnergyModel>).exactInterval === 'function';
}

/** What a meter registers for true flows: each rounded to a whole Wh / varh, never negative. */
export function roundFlows(flows: EnergyFlows): IntervalEnergy {
  return {
    importWh: Math.max(0, Math.round(flows.importWh)),
    exportWh: Math.max(0, Math.round(flows.exportWh)),
    reactiveImportVarh: Math.max(0, Math.round(flows.reactiveImportVarh)),
    reactiveExportVarh: Math.max(0, Math.round(flows.reactiveExportVarh)),
  };
}
