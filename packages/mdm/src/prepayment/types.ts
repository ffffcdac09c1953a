/** The ports, configuration and event log of a prepayment account. */
import type { FriendlyHours } from './friendly-hours.js';

/** A supply command for the head-end; the same idempotency key never runs twice. */
export interface SupplyCommandRequest {
  readonly meterId: string;
  readonly action: { readonly kind: 'disconnect' } | { readonly kind: 'reconnect' };
  readonly idempotencyKey: string;
  readonly requestedBy: string;
}

/** Where supply commands go: the head-end's `CommandService` satisfies it. */
export interface CommandPort {
  submit(request: SupplyCommandRequest): Promise<unknown>;
}

/** The price of energy: a flat rate, or a rate per interval start (TOU, dynamic), in minor units per kWh. */
export type EnergyPrice =
  | { readonly perKwhMinor: number }
  | { readonly priceFor: (intervalStart: number) => number };

/** How a {@link PrepaymentAccount} behaves. */
export interface PrepaymentConfig {
  readonly accountId: string;
  readonly meterId: string;
  readonly price: EnergyPrice;
  /** A low-credit alert is raised when the balance falls to or below this (minor units). */
  readonly lowCreditThresholdMinor: number;
  /** Credit the customer may invoke once the balance is at or below the low-credit threshold. */
  readonly emergencyCreditMinor: number;
  readonly friendlyHours: FriendlyHours;
  readonly commands: CommandPort;
  /** Balance at opening (default 0). */
  readonly openingBalanceMinor?: number;
  /** Shown as `requestedBy` on commands (default `prepayment`). */
  readonly actor?: string;
  /**
   * Intervals starting this long before the newest interval charged are no longer charged or
   * corrected, and their charges are forgotten (bounded memory); default: kept for the account's life.
   */
  readonly chargeHorizonMs?: number;
  /** How long after a failed supply command it is tried again (default 30 min; disconnections wait for friendly hours too). */
  readonly commandRetryMs?: number;
}

/** One energy interval as it arrives: its start (UTC epoch ms) and the energy consumed. */
export interface ChargeableInterval {
  readonly start: number;
  readonly energyWh: number;
}

/** What happened to an account, in order; `at` is the injected time, `balanceMinor` the balance after. */
export type PrepaymentEvent = { readonly at: number; readonly balanceMinor: number } & (
  | { readonly type: 'topped-up'; readonly reference: string; readonly amountMinor: number }
  | { readonly type: 'top-up-duplicate'; readonly reference: string }
  | { readonly type: 'emergency-credit-repaid'; readonly amountMinor: number }
  | { readonly type: 'charged'; readonly intervalStart: number; readonly chargeMinor: number }
  | { readonly type: 'charge-corrected'; readonly intervalStart: number; readonly deltaMinor: number }
  | { readonly type: 'low-credit'; readonly thresholdMinor: number }
  | { readonly type: 'emergency-credit'; readonly amountMinor: number }
  | { readonly type: 'disconnect-due'; readonly submitAt: number }
  | { readonly type: 'disconnect-cancelled' }
  | { readonly type: 'disconnect-submitted'; readonly idempotencyKey: string }
  | { readonly type: 'reconnect-submitted'; readonly idempotencyKey: string }
  | { readonly type: 'command-failed'; readonly idempotencyKey: string; readonly reason: string }
);

/** The supply as the account sees it. */
export type SupplyState = 'connected' | 'disconnect-pending' | 'disconnected';

/** A {@link PrepaymentAccount}'s state, JSON-safe: what a snapshot holds. */
export interface PrepaymentAccountState {
  readonly balanceMinor: number;
  readonly emergencyCreditOwedMinor: number;
  /** The low-credit alert was given for the current crossing of the threshold. */
  readonly lowCreditAlerted: boolean;
  readonly supply: SupplyState;
  /** When a pending disconnection is to be submitted. */
  readonly disconnectAt?: number;
  /** Disconnections so far (the `n` of the next command keys). */
  readonly disconnections: number;
  /** Failed supply commands retried in this disconnection episode (the key's `.r` suffix). */
  readonly retries?: number;
  /** The last supply command submitted, the only one whose failure changes the supply. */
  readonly lastCommand?: string;
  /** When a failed reconnection is tried again. */
  readonly reconnectAt?: number;
  /** Charge applied per interval start: [start, minor units]. */
  readonly charges: readonly (readonly [number, number])[];
  /** The newest interval start charged (the charge horizon counts back from it). */
  readonly newestChargedStart?: number;
  readonly topUpReferences: readonly string[];
  readonly events: readonly PrepaymentEvent[];
}
