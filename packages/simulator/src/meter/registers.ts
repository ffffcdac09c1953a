import type { IntervalEnergy } from '../metrology/types.js';

/**
 * The energy registers of a meter in one Float64Array (exact for integers below 2^53):
 * quantity q (0 active import 1.8, 1 active export 2.8, 2 reactive import 3.8, 3 reactive export
 * 4.8) and rate r (0 total, 1–4 TOU rates) at index q·5 + r; then the current billing period's
 * maximum demand (W) and when it occurred. Water and gas meters keep their volume (litres) in the
 * active-import slots.
 */
export const Quantity = { activeImport: 0, activeExport: 1, reactiveImport: 2, reactiveExport: 3 } as const;
export type Quantity = (typeof Quantity)[keyof typeof Quantity];

/** TOU rates a meter registers separately (value group E = 1…4). */
export const TOU_RATES = 4;
export const MAX_DEMAND_W = 20;
export const MAX_DEMAND_AT = 21;
export const REGISTER_SLOTS = 22;

export type Registers = Float64Array;

export const slot = (q: Quantity, rate = 0) => q * 5 + rate;

export function newRegisters(): Registers {
  return new Float64Array(REGISTER_SLOTS);
}

/**
 * Adds one interval's registered energy in rate `rate` (1–4; higher rates fold into 4) and
 * updates the maximum demand with the interval's average import power.
 */
export function addInterval(
  regs: Registers,
  e: IntervalEnergy,
  rate: number,
  intervalEnd: number,
  intervalSeconds: number,
): void {
  const r = Math.min(TOU_RATES, Math.max(1, rate));
  // Called for every interval a meter catches up or replays: no closure per call.
  addEnergy(regs, Quantity.activeImport, r, e.importWh);
  addEnergy(regs, Quantity.activeExport, r, e.exportWh);
  addEnergy(regs, Quantity.reactiveImport, r, e.reactiveImportVarh);
  addEnergy(regs, Quantity.reactiveExport, r, e.reactiveExportVarh);
  const demandW = Math.round((e.importWh * 3600) / intervalSeconds);
  if (demandW > regs[MAX_DEMAND_W]!) {
    regs[MAX_DEMAND_W] = demandW;
    regs[MAX_DEMAND_AT] = intervalEnd;
  }
}

function addEnergy(regs: Registers, q: Quantity, rate: number, v: number): void {
  if (v === 0) return;
  regs[slot(q)]! += v;
  regs[slot(q, rate)]! += v;
}

/** Starts a new billing period: the maximum demand begins again from zero. */
export function resetDemand(regs: Registers): void {
  regs[MAX_DEMAND_W] = 0;
  regs[MAX_DEMAND_AT] = 0;
}
