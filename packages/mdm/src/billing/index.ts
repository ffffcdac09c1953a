export {
  type Account,
  type Bill,
  BillingError,
  type BillingPeriod,
  calculateBill,
  type Rebill,
  rebill,
  segments,
} from './bill.js';
export { dayProfileOn, periodMap } from './calendar.js';
export type { BillLine, LineUnit } from './charges.js';
export {
  type BillingDeterminants,
  computeDeterminants,
  type Installation,
  type MeterSeries,
} from './determinants.js';
export { touCalendarOf } from './from-definition.js';
export { amountMinor, formatPrice, MICRO, roundDiv } from './money.js';
export { type BillRun, runBills } from './run.js';
export * from './tariff.js';
export { validateTariffVersion, validateTariffVersions } from './validate.js';
