/** Prepayment: accounts charged from interval data, top-ups, emergency credit, friendly-hours disconnection. */
export { EmergencyCreditUnavailableError, PrepaymentAccount } from './account.js';
export { type FriendlyHours, nextFriendlyTime, weekdayFriendlyHours } from './friendly-hours.js';
export { type LedgerLog, PrepaymentJournalError } from './journal.js';
export {
  PREPAYMENT_CHANNEL,
  type PrepaidAccountDefinition,
  PrepaymentAccountNotFoundError,
  type PrepaymentAccountSummary,
  PrepaymentLedger,
  PrepaymentLedgerClosedError,
  type PrepaymentLedgerOptions,
  type PrepaymentNotice,
  type PrepaymentSummaryEvent,
} from './ledger.js';
export type {
  ChargeableInterval,
  CommandPort,
  EnergyPrice,
  PrepaymentAccountState,
  PrepaymentConfig,
  PrepaymentEvent,
  SupplyCommandRequest,
  SupplyState,
} from './types.js';
