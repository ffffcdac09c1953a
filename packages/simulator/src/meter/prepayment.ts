/**
 * A prepaid account: the subset of Account (IEC 62056-6-2 §4.6.2, class_id 111), Credit (§4.6.3,
 * class_id 112) and Charge (§4.6.4, class_id 113) a prepayment meter needs. Modelled: one token
 * credit (topped up), one optional emergency credit (credit_type emergency_credit, used at most
 * once per exhaustion: it becomes selectable when the token credit falls below the low-credit
 * threshold, the customer invokes it, and it takes over when the token credit is spent), one
 * consumption-based charge (a price per kWh, or per m³ for volume meters), and the debt of
 * energy taken while no credit was left (a relay that may not open). A top-up repays the debt,
 * then the emergency credit used, then adds to the token credit. Not modelled: time-based
 * charges and credits, standing charges, multiple tariffs per charge, account closure.
 */
import { CreditStatus } from '@gridmeter/dlms';
import { EventCode, ignoreEvents, type OnMeterEvent } from './event-codes.js';

export interface PrepaidAccountOptions {
  /** Initial token credit, in minor currency units (e.g. cents). */
  readonly creditMinor: number;
  /** Minor units per kWh (or per m³; then pass litres as `energyWh` to `charge`). */
  readonly pricePerKwh: number;
  /** Below this available credit the meter warns (event 231), in minor units. */
  readonly lowCreditThreshold: number;
  /** The emergency credit the customer may invoke, in minor units; none when absent. */
  readonly emergencyCreditMinor?: number;
  readonly onEvent?: OnMeterEvent;
  /** Asked to open the supply when the credit is exhausted (e.g. `relay.localDisconnect`). */
  readonly requestDisconnect?: (at: number) => void;
  /** Asked to allow the supply again after a top-up or emergency credit (e.g. `relay.localReconnect`). */
  readonly requestReconnect?: (at: number) => void;
}

const EPSILON = 1e-9;

/**
 * A prepaid account charged with the energy the meter registers, in time order.
 *
 * @example
 * const account = new PrepaidAccount({ creditMinor: 500, pricePerKwh: 25, lowCreditThreshold: 100,
 *   requestDisconnect: (at) => relay.localDisconnect(at, 'prepayment') });
 * account.charge(t, 20_000); // 500: 20 kWh at 25 cents; credit exhausted, event 230, relay asked to open
 */
export class PrepaidAccount {
  tokenCredit: number;
  pricePerKwh: number;
  lowCreditThreshold: number;
  /** The configured emergency credit (Credit `limit`); 0 when there is none. */
  readonly emergencyCreditLimit: number;
  /** What is left of the emergency credit. */
  emergencyCreditRemaining: number;
  emergencyCreditStatus: CreditStatus;
  /** Energy taken with no credit left, in minor units (Account amount_to_clear). */
  debt = 0;
  /** Charge total_amount_paid: every amount collected by the charge. */
  totalAmountPaid = 0;
  lastCollectionTime: number | undefined;
  lastCollectionAmount = 0;
  readonly #onEvent: OnMeterEvent;
  readonly #requestDisconnect: (at: number) => void;
  readonly #requestReconnect: (at: number) => void;
  #owed = 0;
  #lastAt = Number.NEGATIVE_INFINITY;
  #lowCreditReported = false;
  #exhausted = false;

  constructor(options: PrepaidAccountOptions) {
    this.tokenCredit = options.creditMinor;
    this.pricePerKwh = options.pricePerKwh;
    this.lowCreditThreshold = options.lowCreditThreshold;
    this.emergencyCreditLimit = options.emergencyCreditMinor ?? 0;
    this.emergencyCreditRemaining = this.emergencyCreditLimit;
    this.emergencyCreditStatus = CreditStatus.enabled;
    this.#onEvent = options.onEvent ?? ignoreEvents;
    this.#requestDisconnect = options.requestDisconnect ?? (() => {});
    this.#requestReconnect = options.requestReconnect ?? (() => {});
    this.#updateSelectable();
  }

  get hasEmergencyCredit(): boolean {
    return this.emergencyCreditLimit > 0;
  }

  /** Account available_credit: the token credit plus an invoked emergency credit's remainder. */
  get availableCredit(): number {
    const s = this.emergencyCreditStatus;
    const emergency =
      this.hasEmergencyCredit && (s === CreditStatus.selected_invoked || s === CreditStatus.in_use)
        ? this.emergencyCreditRemaining
        : 0;
    return this.tokenCredit + emergency;
  }

  /** Whether the credit is exhausted (the supply was asked to open and no credit has come since). */
  get exhausted(): boolean {
    return this.#exhausted;
  }

  /**
   * Charges the energy registered up to `at`; returns the whole minor units collected (fractions
   * carry over to the next call). Throws `RangeError` for a negative amount or a call out of time order.
   */
  charge(at: number, energyWh: number): number {
    if (!(energyWh >= 0)) throw new RangeError(`energyWh must be ≥ 0, got ${energyWh}`);
    this.#inOrder(at);
    this.#owed += (energyWh * this.pricePerKwh) / 1000;
    const due = Math.floor(this.#owed + EPSILON);
    if (due <= 0) return 0;
    this.#owed = Math.max(0, this.#owed - due);
    let rest = due;
    const fromToken = Math.min(this.tokenCredit, rest);
    this.tokenCredit -= fromToken;
    rest -= fromToken;
    const s = this.emergencyCreditStatus;
    if (rest > 0 && (s === CreditStatus.selected_invoked || s === CreditStatus.in_use)) {
      this.emergencyCreditStatus = CreditStatus.in_use;
      const fromEmergency = Math.min(this.emergencyCreditRemaining, rest);
      this.emergencyCreditRemaining -= fromEmergency;
      rest -= fromEmergency;
      if (this.emergencyCreditRemaining === 0) this.emergencyCreditStatus = CreditStatus.exhausted;
    }
    this.debt += rest;
    this.totalAmountPaid += due;
    this.lastCollectionTime = at;
    this.lastCollectionAmount = due;
    this.#updateSelectable();
    this.#check(at);
    return due;
  }

  /**
   * Adds `amount` minor units (a token): repays the debt, then the emergency credit used, then
   * adds to the token credit. Asks for reconnection when credit is available again.
   */
  topUp(at: number, amount: number): void {
    if (!Number.isInteger(amount) || amount <= 0)
      throw new RangeError(`top-up must be a positive integer, got ${amount}`);
    this.#inOrder(at);
    let rest = amount;
    const toDebt = Math.min(this.debt, rest);
    this.debt -= toDebt;
    rest -= toDebt;
    if (this.hasEmergencyCredit) {
      const used = this.emergencyCreditLimit - this.emergencyCreditRemaining;
      const toEmergency = Math.min(used, rest);
      this.emergencyCreditRemaining += toEmergency;
      rest -= toEmergency;
      if (this.emergencyCreditRemaining === this.emergencyCreditLimit) {
        this.emergencyCreditStatus = CreditStatus.enabled;
      }
    }
    this.tokenCredit += rest;
    this.#updateSelectable();
    if (this.availableCredit >= this.lowCreditThreshold) this.#lowCreditReported = false;
    if (this.#exhausted && this.availableCredit > 0) {
      this.#exhausted = false;
      this.#requestReconnect(at);
    }
  }

  /** Credit `invoke_credit` (§4.6.3 method 3) on the emergency credit; false unless it is selectable. */
  invokeEmergencyCredit(at: number): boolean {
    this.#inOrder(at);
    if (!this.hasEmergencyCredit || this.emergencyCreditStatus !== CreditStatus.selectable) return false;
    this.emergencyCreditStatus = this.tokenCredit > 0 ? CreditStatus.selected_invoked : CreditStatus.in_use;
    if (this.#exhausted && this.availableCredit > 0) {
      this.#exhausted = false;
      this.#requestReconnect(at);
    }
    return true;
  }

  /** Charge `update_unit_charge` + `activate_passive_unit_charge`: the new price applies from `at`. */
  setPrice(pricePerKwh: number, at: number): void {
    if (!(pricePerKwh >= 0)) throw new RangeError(`price must be ≥ 0, got ${pricePerKwh}`);
    this.#inOrder(at);
    this.pricePerKwh = pricePerKwh;
  }

  #inOrder(at: number): void {
    if (at < this.#lastAt)
      throw new RangeError(`Account calls must be in time order: ${at} < ${this.#lastAt}`);
    this.#lastAt = at;
  }

  #updateSelectable(): void {
    if (!this.hasEmergencyCredit || this.emergencyCreditStatus !== CreditStatus.enabled) return;
    if (this.tokenCredit < this.lowCreditThreshold || this.tokenCredit === 0) {
      this.emergencyCreditStatus = CreditStatus.selectable;
    }
  }

  #check(at: number): void {
    const available = this.availableCredit;
    if (!this.#lowCreditReported && available < this.lowCreditThreshold) {
      this.#lowCreditReported = true;
      this.#onEvent({ at, code: EventCode.low_credit, log: 'standard' });
    }
    if (!this.#exhausted && available <= 0) {
      this.#exhausted = true;
      this.#onEvent({ at, code: EventCode.credit_exhausted, log: 'standard' });
      this.#requestDisconnect(at);
    }
  }
}
