import { describe, expect, it } from 'vitest';
import { isExactEnergyModel, roundFlows } from './exact.js';
import { type EnergyModel, ZERO_ENERGY } from './types.js';

describe('roundFlows', () => {
  it('rounds each flow to a whole Wh / varh and never goes below zero', () => {
    expect(
      roundFlows({ importWh: 2.5, exportWh: 0.49, reactiveImportVarh: 7.51, reactiveExportVarh: -1e-12 }),
    ).toEqual({
      importWh: 3,
      exportWh: 0,
      reactiveImportVarh: 8,
      reactiveExportVarh: 0,
    });
  });

  it('tells models with unrounded flows from those without', () => {
    const rounded: EnergyModel = { interval: () => ZERO_ENERGY };
    const exact: EnergyModel = Object.assign(
      { interval: () => ZERO_ENERGY },
      { exactInterval: () => ZERO_ENERGY },
    );
    expect(isExactEnergyModel(rounded)).toBe(false);
    expect(isExactEnergyModel(exact)).toBe(true);
  });
});
