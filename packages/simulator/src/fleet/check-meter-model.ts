import type { EnergyModel, IntervalEnergy } from '../metrology/types.js';

/** One customer meter as a transformer's check meter sees it: what actually flowed through it. */
export interface SuppliedMeter {
  delivered(start: number, seconds: number): IntervalEnergy;
}

/**
 * The energy a distribution transformer's check meter measures on its LV side: the net of what
 * its customers really drew and fed in (theft included — the check meter sees the true flow) plus
 * technical losses. Losses: transformer no-load loss 0.25 % of rating, load loss 1.2 % of rating
 * at 90 % loading, and LV line loss 2.5 % of the flow at half loading; both load terms grow with
 * the square of the flow.
 */
export class TransformerCheckModel implements EnergyModel {
  constructor(
    private readonly ratedKva: number,
    private readonly customers: () => readonly SuppliedMeter[],
  ) {}

  interval(startMs: number, seconds: number): IntervalEnergy {
    let importWh = 0;
    let exportWh = 0;
    let reactiveImportVarh = 0;
    for (const m of this.customers()) {
      const e = m.delivered(startMs, seconds);
      importWh += e.importWh;
      exportWh += e.exportWh;
      reactiveImportVarh += e.reactiveImportVarh;
    }
    const lossesWh = technicalLossesWh(this.ratedKva, importWh - exportWh, seconds);
    const netWh = importWh - exportWh + lossesWh;
    return {
      importWh: Math.max(0, Math.round(netWh)),
      exportWh: Math.max(0, Math.round(-netWh)),
      reactiveImportVarh: Math.round(reactiveImportVarh),
      reactiveExportVarh: 0,
    };
  }
}

/** Technical losses in Wh over `seconds` for a net flow of `flowWh` through a `ratedKva` transformer. */
export function technicalLossesWh(ratedKva: number, flowWh: number, seconds: number): number {
  if (seconds <= 0) return 0;
  const ratedW = ratedKva * 1000;
  const powerW = Math.abs(flowWh) * (3600 / seconds);
  const noLoadW = 0.0025 * ratedW;
  const transformerLoadW = 0.012 * ratedW * (powerW / (0.9 * ratedW)) ** 2;
  const lineW = 0.025 * (0.5 * ratedW) * (powerW / (0.5 * ratedW)) ** 2;
  return ((noLoadW + transformerLoadW + lineW) * seconds) / 3600;
}
