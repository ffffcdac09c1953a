/**
 * A prepaid supply's account: a balance in minor units, charged interval by interval as data
 * arrives, topped up by reference, with emergency credit, low-credit alerts, and disconnection at
 * zero credit only within friendly hours. Time is injected: every call takes its instant `at`.
 */
import { nextFriendlyTime } from './friendly-hours.js';
import type {
  ChargeableInterval,
  PrepaymentAccountState,
  PrepaymentConfig,
  PrepaymentEvent,
  SupplyCommandRequest,
  SupplyState,
} from './types.js';

/** Emergency credit was asked for while credit is not low or earlier emergency credit is unpaid. */
export class EmergencyCreditUnavailableError extends Error {
  override readonly name = 'EmergencyCreditUnavailableError';
  constructor(accountId: string, reason: string) {
    super(`Emergency credit unavailable on account ${accountId}: ${reason}`);
  }
}

type EventBody = PrepaymentEvent extends infer E
  ? E extends unknown
    ? Omit<E, 'at' | 'balanceMinor'>
    : never
  : never;

/**
 * A prepayment account. Calls on one account must be serialised (await each); supply commands are
 * submitted through the configured `CommandPort` with idempotency keys `<account>:disconnect:<n>` and
 * `<account>:reconnect:<n>`, n counting disconnections, so a retried call never doubles a command.
 *
 * @example
 * const account = new PrepaymentAccount({ accountId: 'A1', meterId: 'GM00000042', price: { perKwhMinor: 25 },
 *   lowCreditThresholdMinor: 500, emergencyCreditMinor: 500, friendlyHours: weekdayFriendlyHours(60), commands: service });
 * await account.topUp('voucher-1', 2_000, now);
 * await account.applyIntervals([{ start, energyWh: 400 }], now); // balance 1 990
 */
export class PrepaymentAccount {
  readonly #c: PrepaymentConfig;
  readonly #charges: Map<number, number>;
  readonly #topUps: Set<string>;
  readonly #events: PrepaymentEvent[];
  #balance: number;
  #owed: number;
  #lowAlerted: boolean;
  #supply: SupplyState;
  #disconnectAt: number | undefined;
  #episode: number;
  #retries: number;
  #lastCommand: string | undefined;
  #reconnectAt: number | undefined;
  #newestStart: number;

  /** A new account, or with `state` (from {@link state}) the account as it was then. */
  constructor(config: PrepaymentConfig, state?: PrepaymentAccountState) {
    for (const key of ['lowCreditThresholdMinor', 'emergencyCreditMinor', 'openingBalanceMinor'] as const) {
      const value = config[key] ?? 0;
      if (!Number.isSafeInteger(value)) throw new RangeError(`${key} must be an integer, got ${value}`);
    }
    if (config.emergencyCreditMinor < 0) throw new RangeError('emergencyCreditMinor must not be negative');
    this.#c = config;
    this.#balance = state?.balanceMinor ?? config.openingBalanceMinor ?? 0;
    this.#owed = state?.emergencyCreditOwedMinor ?? 0;
    this.#lowAlerted = state?.lowCreditAlerted ?? false;
    this.#supply = state?.supply ?? 'connected';
    this.#disconnectAt = state?.disconnectAt;
    this.#episode = state?.disconnections ?? 0;
    this.#retries = state?.retries ?? 0;
    this.#lastCommand = state?.lastCommand;
    this.#reconnectAt = state?.reconnectAt;
    this.#charges = new Map(state?.charges ?? []);
    this.#newestStart = state?.newestChargedStart ?? Number.NEGATIVE_INFINITY;
    this.#topUps = new Set(state?.topUpReferences ?? []);
    this.#events = [...(state?.events ?? [])];
  }

  /**
   * Everything the account needs to go on, as plain JSON-safe data, keeping only the last
   * `recentEvents` events (default all). `new PrepaymentAccount(config, account.state())` is the
   * same account.
   */
  state(recentEvents = Number.POSITIVE_INFINITY): PrepaymentAccountState {
    return {
      balanceMinor: this.#balance,
      emergencyCreditOwedMinor: this.#owed,
      lowCreditAlerted: this.#lowAlerted,
      supply: this.#supply,
      ...(this.#disconnectAt !== undefined ? { disconnectAt: this.#disconnectAt } : {}),
      disconnections: this.#episode,
      ...(this.#retries > 0 ? { retries: this.#retries } : {}),
      ...(this.#lastCommand !== undefined ? { lastCommand: this.#lastCommand } : {}),
      ...(this.#reconnectAt !== undefined ? { reconnectAt: this.#reconnectAt } : {}),
      charges: [...this.#charges],
      ...(Number.isFinite(this.#newestStart) ? { newestChargedStart: this.#newestStart } : {}),
      topUpReferences: [...this.#topUps],
      events: recentEvents >= this.#events.length ? [...this.#events] : this.#events.slice(-recentEvents),
    };
  }

  /** Credit in minor units, emergency credit included; negative when consumption ran past zero. */
  get balanceMinor(): number {
    return this.#balance;
  }

  /** Emergency credit taken and not yet repaid by a top-up. */
  get emergencyCreditOwedMinor(): number {
    return this.#owed;
  }

  get supply(): SupplyState {
    return this.#supply;
  }

  /** When a pending disconnection will be submitted (the next friendly instant); undefined if none. */
  get disconnectDueAt(): number | undefined {
    return this.#supply === 'disconnect-pending' ? this.#disconnectAt : undefined;
  }

  /**
   * When {@link tick} has something to do: a pending disconnection's friendly instant, or the
   * retry of a failed reconnection; undefined when nothing waits for time.
   */
  get nextActionAt(): number | undefined {
    if (this.#supply === 'disconnect-pending') return this.#disconnectAt;
    if (this.#supply === 'disconnected' && this.#balance > 0) return this.#reconnectAt;
    return undefined;
  }

  /** Everything that happened, in order (since the state the account was created from, if any). */
  get events(): readonly PrepaymentEvent[] {
    return this.#events;
  }

  /**
   * The intervals of `intervals` that {@link applyIntervals} would charge or correct: new starts,
   * and starts whose charge at the current price differs from the one applied. Changes nothing.
   */
  changes(intervals: readonly ChargeableInterval[]): ChargeableInterval[] {
    return intervals.filter(
      ({ start, energyWh }) =>
        !this.#beyondHorizon(start) &&
        this.#charges.get(start) !== Math.round((energyWh * this.#priceAt(start)) / 1000),
    );
  }

  /**
   * Charges intervals at the price of their start: each start is charged once, a redelivery with
   * the same energy changes nothing, and a corrected energy charges (or refunds) the difference.
   * A charge is `round(energyWh × price / 1000)` minor units.
   */
  async applyIntervals(intervals: readonly ChargeableInterval[], at: number): Promise<void> {
    for (const { start, energyWh } of intervals) {
      if (!Number.isFinite(energyWh) || energyWh < 0) {
        throw new RangeError(
          `Interval ${new Date(start).toISOString()}: energyWh must be ≥ 0, got ${energyWh}`,
        );
      }
      if (this.#beyondHorizon(start)) continue;
      const charge = Math.round((energyWh * this.#priceAt(start)) / 1000);
      const before = this.#charges.get(start);
      if (before === charge) continue;
      this.#charges.set(start, charge);
      if (start > this.#newestStart) this.#newestStart = start;
      this.#balance -= charge - (before ?? 0);
      this.#log(
        at,
        before === undefined
          ? { type: 'charged', intervalStart: start, chargeMinor: charge }
          : { type: 'charge-corrected', intervalStart: start, deltaMinor: charge - before },
      );
      this.#checkCredit(at);
    }
    this.#forgetOldCharges();
    await this.#act(at);
  }

  /** Older than the charge horizon before the newest interval charged: no longer charged or corrected. */
  #beyondHorizon(start: number): boolean {
    const horizon = this.#c.chargeHorizonMs;
    return horizon !== undefined && start < this.#newestStart - horizon;
  }

  /** Drops charged starts beyond the horizon, oldest first (the map is roughly in time order). */
  #forgetOldCharges(): void {
    if (this.#c.chargeHorizonMs === undefined) return;
    for (const start of this.#charges.keys()) {
      if (!this.#beyondHorizon(start)) break;
      this.#charges.delete(start);
    }
  }

  /**
   * Adds a top-up; a reference seen before is ignored (returns false). The top-up repays
   * outstanding emergency credit first; a positive balance afterwards reconnects the supply.
   */
  async topUp(reference: string, amountMinor: number, at: number): Promise<boolean> {
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
      throw new RangeError(`Top-up ${reference}: amountMinor must be a positive integer, got ${amountMinor}`);
    }
    if (this.#topUps.has(reference)) {
      this.#log(at, { type: 'top-up-duplicate', reference });
      return false;
    }
    this.#topUps.add(reference);
    this.#balance += amountMinor;
    this.#log(at, { type: 'topped-up', reference, amountMinor });
    const repaid = Math.min(this.#owed, amountMinor);
    if (repaid > 0) {
      this.#owed -= repaid;
      this.#balance -= repaid;
      this.#log(at, { type: 'emergency-credit-repaid', amountMinor: repaid });
    }
    this.#checkCredit(at);
    await this.#act(at);
    return true;
  }

  /**
   * The customer takes the configured emergency credit: allowed when the balance is at or below
   * the low-credit threshold and earlier emergency credit has been repaid. Throws
   * {@link EmergencyCreditUnavailableError} otherwise.
   */
  async useEmergencyCredit(at: number): Promise<void> {
    const refusal = this.#emergencyRefusal();
    if (refusal !== undefined) throw new EmergencyCreditUnavailableError(this.#c.accountId, refusal);
    const amount = this.#c.emergencyCreditMinor;
    this.#owed = amount;
    this.#balance += amount;
    this.#log(at, { type: 'emergency-credit', amountMinor: amount });
    this.#checkCredit(at);
    await this.#act(at);
  }

  /** Whether {@link useEmergencyCredit} would succeed now. */
  get emergencyCreditAvailable(): boolean {
    return this.#emergencyRefusal() === undefined;
  }

  /**
   * The head-end reports that a supply command failed (meter unreachable, refused, expired). When
   * it is the last command submitted, the supply is taken back to what the meter still has: a
   * failed disconnection is due again at the first friendly instant `commandRetryMs` later, a
   * failed reconnection is submitted again then; the retry's key gets a `.r` suffix. An older
   * command's failure is only logged. Returns whether the supply changed.
   */
  async commandFailed(idempotencyKey: string, reason: string, at: number): Promise<boolean> {
    this.#log(at, { type: 'command-failed', idempotencyKey, reason });
    if (idempotencyKey !== this.#lastCommand) return false;
    const retryAt = at + (this.#c.commandRetryMs ?? 30 * 60_000);
    this.#lastCommand = undefined;
    this.#retries += 1;
    if (this.#supply === 'disconnected' && idempotencyKey.includes(':disconnect:')) {
      if (this.#balance > 0) {
        // Credit came meanwhile and no reconnection was needed: the meter is still on.
        this.#supply = 'connected';
        return true;
      }
      this.#supply = 'disconnect-pending';
      this.#disconnectAt = nextFriendlyTime(this.#c.friendlyHours, retryAt);
      this.#log(at, { type: 'disconnect-due', submitAt: this.#disconnectAt });
      return true;
    }
    if (this.#supply === 'connected' && idempotencyKey.includes(':reconnect:')) {
      this.#supply = 'disconnected';
      this.#reconnectAt = retryAt;
      await this.#act(at);
      return true;
    }
    return false;
  }

  /** Submits a pending disconnection once `at` is in friendly hours; call it on a timer. */
  async tick(at: number): Promise<void> {
    await this.#act(at);
  }

  #emergencyRefusal(): string | undefined {
    if (this.#c.emergencyCreditMinor === 0) return 'none configured';
    if (this.#owed > 0) return 'earlier credit unpaid';
    if (this.#balance > this.#c.lowCreditThresholdMinor) return 'credit is not low';
    return undefined;
  }

  #priceAt(start: number): number {
    const p = this.#c.price;
    return 'perKwhMinor' in p ? p.perKwhMinor : p.priceFor(start);
  }

  #log(at: number, body: EventBody): void {
    this.#events.push({ at, balanceMinor: this.#balance, ...body } as PrepaymentEvent);
  }

  /** Low-credit alert once per crossing; zero credit makes a disconnection due; credit cancels it. */
  #checkCredit(at: number): void {
    const threshold = this.#c.lowCreditThresholdMinor;
    if (this.#balance > threshold) this.#lowAlerted = false;
    else if (!this.#lowAlerted) {
      this.#lowAlerted = true;
      this.#log(at, { type: 'low-credit', thresholdMinor: threshold });
    }
    if (this.#balance <= 0 && this.#supply === 'connected') {
      this.#supply = 'disconnect-pending';
      this.#episode += 1;
      this.#retries = 0;
      this.#disconnectAt = nextFriendlyTime(this.#c.friendlyHours, at);
      this.#log(at, { type: 'disconnect-due', submitAt: this.#disconnectAt });
    } else if (this.#balance > 0 && this.#supply === 'disconnect-pending') {
      this.#supply = 'connected';
      this.#disconnectAt = undefined;
      this.#log(at, { type: 'disconnect-cancelled' });
    }
  }

  /** Submits what the state calls for: a due disconnection in friendly hours, or a reconnection. */
  async #act(at: number): Promise<void> {
    if (
      this.#supply === 'disconnect-pending' &&
      this.#disconnectAt !== undefined &&
      at >= this.#disconnectAt
    ) {
      const friendly = nextFriendlyTime(this.#c.friendlyHours, at);
      if (friendly !== at) {
        this.#disconnectAt = friendly;
        return;
      }
      const key = this.#key('disconnect');
      await this.#submit({ kind: 'disconnect' }, key);
      this.#supply = 'disconnected';
      this.#disconnectAt = undefined;
      this.#lastCommand = key;
      this.#log(at, { type: 'disconnect-submitted', idempotencyKey: key });
    } else if (
      this.#supply === 'disconnected' &&
      this.#balance > 0 &&
      (this.#reconnectAt === undefined || at >= this.#reconnectAt)
    ) {
      const key = this.#key('reconnect');
      await this.#submit({ kind: 'reconnect' }, key);
      this.#supply = 'connected';
      this.#reconnectAt = undefined;
      this.#lastCommand = key;
      this.#log(at, { type: 'reconnect-submitted', idempotencyKey: key });
    }
  }

  /** `<account>:<kind>:<n>`, with `.<r>` for the r-th retry after a failure in episode n. */
  #key(kind: 'disconnect' | 'reconnect'): string {
    const base = `${this.#c.accountId}:${kind}:${this.#episode}`;
    return this.#retries > 0 ? `${base}.${this.#retries}` : base;
  }

  #submit(action: SupplyCommandRequest['action'], idempotencyKey: string): Promise<unknown> {
    return this.#c.commands.submit({
      meterId: this.#c.meterId,
      action,
      idempotencyKey,
      requestedBy: this.#c.actor ?? 'prepayment',
    });
  }
}
