/**
 * The prepayment ledger: every prepaid account of the platform, charged from the interval blocks
 * the head-end publishes on the Bus, topped up by reference, made durable in an NDJSON journal,
 * with supply commands delivered through an outbox so that a crash never loses or doubles one.
 */
import {
  type Bus,
  type BusMessage,
  type Clock,
  hasQuality,
  type IntervalBlock,
  intervalStart,
  Obis,
  Subjects,
  type Subscription,
  systemClock,
  Unit,
} from '@gridmeter/domain';
import { type EmergencyCreditUnavailableError, PrepaymentAccount } from './account.js';
import type { FriendlyHours } from './friendly-hours.js';
import { LedgerJournal, type LedgerLog, PrepaymentJournalError } from './journal.js';
import type {
  ChargeableInterval,
  CommandPort,
  EnergyPrice,
  PrepaymentAccountState,
  PrepaymentEvent,
  SupplyCommandRequest,
  SupplyState,
} from './types.js';

/** The channel prepaid energy is charged from: active energy import, total (1-0:1.8.0*255). */
export const PREPAYMENT_CHANNEL = Obis.activeEnergyImportTotal.toString();

/** A prepaid account as the ledger is configured with it (the same definitions at every start). */
export interface PrepaidAccountDefinition {
  readonly accountId: string;
  readonly servicePointId: string;
  /** The meter whose active import is charged; one account per meter. */
  readonly meterId: string;
  /** Currency of the minor units (e.g. `EUR`). */
  readonly currency: string;
  /**
   * Price per kWh by interval start. Each interval's price is journaled with its charge, so a
   * restart replays what was charged even if the definition changed since.
   */
  readonly price: EnergyPrice;
  readonly lowCreditThresholdMinor: number;
  readonly emergencyCreditMinor: number;
  readonly friendlyHours: FriendlyHours;
  readonly openingBalanceMinor?: number;
  /** Intervals starting before this instant (UTC epoch ms) are not charged (default: all are). */
  readonly openedAt?: number;
}

/** One event of an account's history as a summary shows it. */
export interface PrepaymentSummaryEvent {
  readonly at: number;
  readonly type: PrepaymentEvent['type'];
  /** Balance after the event, minor units. */
  readonly balanceMinor: number;
  /** A human-readable line, e.g. `top-up V-1 of 2000 by portal`. */
  readonly detail?: string;
}

/** An account at a glance: the shape of the API's `PrepaymentSummary`. */
export interface PrepaymentAccountSummary {
  readonly accountId: string;
  readonly servicePointId: string;
  readonly meterId: string;
  readonly currency: string;
  /** Credit in minor units, emergency credit included; negative when consumption ran past zero. */
  readonly balanceMinor: number;
  /** While emergency credit is in use, the amount still owed; otherwise the emergency credit configured. */
  readonly emergencyCreditMinor: number;
  readonly emergencyCreditInUse: boolean;
  /** The balance is at or below the low-credit threshold. */
  readonly lowCredit: boolean;
  readonly supply: SupplyState;
  /** The most recent events, oldest first. */
  readonly events: readonly PrepaymentSummaryEvent[];
}

/** An account event as listeners receive it, with the account it happened to. */
export interface PrepaymentNotice {
  readonly accountId: string;
  readonly meterId: string;
  readonly servicePointId: string;
  readonly event: PrepaymentEvent;
}

/** What {@link PrepaymentLedger.open} takes. */
export interface PrepaymentLedgerOptions {
  /**
   * Every prepaid account, the same at every start (the journal refers to them by id); only a
   * price may change, and only for intervals not yet charged.
   */
  readonly accounts: readonly PrepaidAccountDefinition[];
  /** Where disconnect and reconnect commands go: the head-end's `CommandService` fits. */
  readonly commands: CommandPort;
  /** Interval blocks and command results arrive here after {@link PrepaymentLedger.start}. */
  readonly bus?: Bus;
  /** Stamps every operation (default the system clock). */
  readonly clock?: Clock;
  /** The NDJSON journal; without it the ledger lives in memory only. */
  readonly journalPath?: string;
  /** Events in a summary and in a snapshot (default 20). */
  readonly recentEvents?: number;
  /**
   * Whether summaries (and snapshots) keep `charged` events, one per interval (default true;
   * false keeps top-ups, alerts and supply changes in view; listeners get them either way).
   */
  readonly summaryCharges?: boolean;
  /**
   * After this many journal records the journal is compacted into one snapshot per account
   * (default 50 000; `Infinity` never). {@link PrepaymentLedger.compact} does it on demand.
   */
  readonly compactEveryRecords?: number;
  /** `requestedBy` of supply commands (default `prepayment`). */
  readonly actor?: string;
  /** How long after a supply command failed at the head-end it is tried again (default 30 min). */
  readonly commandRetryMs?: number;
  /**
   * Intervals starting this long before an account's newest charged interval are no longer
   * charged or corrected, and forgotten (default 35 days; `Infinity` keeps every charge).
   */
  readonly chargeHorizonMs?: number;
  /** Warnings: a torn journal line, a command the head-end refused (default stderr). */
  readonly log?: LedgerLog;
}

/** No account with this id (or meter) is configured. */
export class PrepaymentAccountNotFoundError extends Error {
  override readonly name = 'PrepaymentAccountNotFoundError';
  constructor(readonly accountId: string) {
    super(`No prepaid account ${accountId}`);
  }
}

/** The ledger was closed: it takes no more operations. */
export class PrepaymentLedgerClosedError extends Error {
  override readonly name = 'PrepaymentLedgerClosedError';
  constructor() {
    super('The prepayment ledger is closed');
  }
}

/** Journal records, one per line; `a` is the account id. */
type LedgerRecord =
  | {
      readonly t: 'charge';
      readonly a: string;
      readonly at: number;
      /** [interval start, energy Wh, price minor units per kWh] */
      readonly iv: readonly (readonly [number, number, number])[];
    }
  | {
      readonly t: 'top-up';
      readonly a: string;
      readonly at: number;
      readonly ref: string;
      readonly amount: number;
      readonly by: string;
    }
  | { readonly t: 'emergency'; readonly a: string; readonly at: number; readonly by: string }
  | { readonly t: 'tick'; readonly a: string; readonly at: number }
  | {
      readonly t: 'sent';
      readonly a: string;
      readonly key: string;
      /** The command's id at the head-end, when the port returned one. */
      readonly id?: string;
    }
  | {
      readonly t: 'failed';
      readonly a: string;
      readonly at: number;
      readonly key: string;
      readonly reason: string;
    }
  | {
      readonly t: 'snapshot';
      readonly a: string;
      readonly state: PrepaymentAccountState;
      /** Commands issued and not yet accepted by the command port. */
      readonly outbox: readonly SupplyCommandRequest[];
      /** Who made the top-ups of the events kept: [reference, by]. */
      readonly by: readonly (readonly [string, string])[];
      /** The last command the port accepted: [command id, idempotency key]. */
      readonly sent?: readonly [string, string];
    };

interface Entry {
  readonly def: PrepaidAccountDefinition;
  /** Replaced when the journal's snapshot of the account is replayed. */
  account: PrepaymentAccount;
  /** Commands the account issued that the command port has not yet accepted, in order. */
  readonly outbox: SupplyCommandRequest[];
  /** The last command the port accepted, with the id its result will carry on the bus. */
  lastSent: { readonly id: string; readonly key: string } | undefined;
  /** Who made each top-up, by reference. */
  readonly topUpBy: Map<string, string>;
  /** Prices of the intervals being applied (from the definition live, from the journal on replay). */
  prices: Map<number, number> | undefined;
  /** Operations on one account run one at a time. */
  chain: Promise<unknown>;
  /** Events already handed to listeners. */
  notified: number;
}

const consoleLog: LedgerLog = { warn: (message, context) => console.warn(message, context ?? '') };

/** Quality flags that keep an interval from being charged (a later good value charges it). */
const UNCHARGEABLE = ['missing', 'failedValidation', 'deviceInvalid'] as const;

function priceOf(price: EnergyPrice, start: number): number {
  return 'perKwhMinor' in price ? price.perKwhMinor : price.priceFor(start);
}

/**
 * Prepaid accounts keyed by account and by meter. Interval blocks of the active import channel of
 * a prepaid meter charge its account as they arrive (once per interval start; a corrected value
 * charges the difference; a repeat charges nothing). Every change is written ahead to the
 * journal and fsync'd before it takes effect, so an acknowledged top-up survives a crash and a
 * redelivered interval after a restart is not charged again. Disconnect and reconnect commands go
 * to the command port through an outbox: they are delivered after the change that issued them is
 * durable, in order, retried on every {@link tick} until accepted, and re-delivered after a
 * restart if the crash came first (their idempotency keys make that safe).
 *
 * @example
 * const ledger = await PrepaymentLedger.open({ accounts, commands: commandService, bus, clock, journalPath: 'prepayment.ndjson' });
 * ledger.start();                                   // charge interval blocks from the Bus
 * ledger.on((n) => console.log(n.accountId, n.event.type));
 * await ledger.topUp('A1', 2_000, 'voucher-7731', 'portal');
 * setInterval(() => void ledger.tick(), 60_000);    // submits disconnections due in friendly hours
 */
export class PrepaymentLedger {
  readonly #byId = new Map<string, Entry>();
  readonly #byMeter = new Map<string, Entry>();
  readonly #listeners = new Set<(notice: PrepaymentNotice) => void>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #o: PrepaymentLedgerOptions;
  readonly #clock: Clock;
  readonly #log: LedgerLog;
  #journal: LedgerJournal | undefined;
  #subscriptions: Subscription[] = [];
  /** Records appended since the journal was opened or compacted. */
  #records = 0;
  #compacting: Promise<void> | undefined;
  #closed = false;

  private constructor(options: PrepaymentLedgerOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log ?? consoleLog;
    for (const def of options.accounts) {
      if (this.#byId.has(def.accountId)) throw new RangeError(`Account ${def.accountId} is defined twice`);
      if (this.#byMeter.has(def.meterId)) {
        throw new RangeError(`Meter ${def.meterId} belongs to two prepaid accounts`);
      }
      const partial: Omit<Entry, 'account'> = {
        def,
        outbox: [],
        lastSent: undefined,
        topUpBy: new Map(),
        prices: undefined,
        chain: Promise.resolve(),
        notified: 0,
      };
      const entry = partial as Entry; // `account` is set next: it refers to the entry
      entry.account = this.#newAccount(entry);
      this.#byId.set(def.accountId, entry);
      this.#byMeter.set(def.meterId, entry);
    }
  }

  /** The account object of an entry: prices from the entry, commands into its outbox. */
  #newAccount(entry: Entry, state?: PrepaymentAccountState): PrepaymentAccount {
    const def = entry.def;
    const { actor, commandRetryMs } = this.#o;
    const horizon = this.#o.chargeHorizonMs ?? 35 * 86_400_000;
    return new PrepaymentAccount(
      {
        accountId: def.accountId,
        meterId: def.meterId,
        price: { priceFor: (start) => entry.prices?.get(start) ?? priceOf(def.price, start) },
        lowCreditThresholdMinor: def.lowCreditThresholdMinor,
        emergencyCreditMinor: def.emergencyCreditMinor,
        friendlyHours: def.friendlyHours,
        commands: {
          submit: async (request) => {
            entry.outbox.push(request);
          },
        },
        ...(def.openingBalanceMinor !== undefined ? { openingBalanceMinor: def.openingBalanceMinor } : {}),
        ...(actor !== undefined ? { actor } : {}),
        ...(commandRetryMs !== undefined ? { commandRetryMs } : {}),
        ...(Number.isFinite(horizon) ? { chargeHorizonMs: horizon } : {}),
      },
      state,
    );
  }

  /**
   * Creates the ledger and, with a `journalPath`, replays the journal (a torn last line is dropped
   * with a warning). Commands issued before a crash and not yet accepted are delivered by
   * {@link start} or the next {@link tick}. Throws {@link PrepaymentJournalError} when the journal
   * is damaged or names an account that is not configured.
   */
  static async open(options: PrepaymentLedgerOptions): Promise<PrepaymentLedger> {
    const ledger = new PrepaymentLedger(options);
    if (options.journalPath !== undefined) {
      const { journal, records } = await LedgerJournal.open(options.journalPath, ledger.#log);
      try {
        for (const record of records) await ledger.#replayRecord(record as LedgerRecord);
        ledger.#records = records.length;
      } catch (e) {
        await journal.close();
        throw e;
      }
      ledger.#journal = journal;
    }
    for (const entry of ledger.#byId.values()) entry.notified = entry.account.events.length;
    return ledger;
  }

  /**
   * Subscribes to interval blocks and command results on the bus, and delivers commands left over
   * from before a restart. A supply command that fails at the head-end (its `command-result` is
   * failed, expired or cancelled) is logged as `command-failed` and retried (see
   * `PrepaymentAccount.commandFailed`).
   */
  start(): void {
    const bus = this.#o.bus;
    if (bus && this.#subscriptions.length === 0) {
      this.#subscriptions.push(
        bus.subscribe(Subjects.intervalBlock('*'), (message) =>
          message.type === 'interval-block' ? this.applyBlock(message.block) : undefined,
        ),
        bus.subscribe(Subjects.allCommandResults, (message) =>
          message.type === 'command-result' ? this.#onCommandResult(message) : undefined,
        ),
      );
    }
    for (const entry of this.#byId.values()) {
      if (entry.outbox.length > 0) void this.#track(this.#serial(entry, () => this.#deliver(entry)));
    }
  }

  /** Every account, in definition order. */
  accounts(): readonly PrepaymentAccountSummary[] {
    return [...this.#byId.values()].map((e) => this.#summary(e));
  }

  /** One account, or undefined when no such account is configured. */
  account(accountId: string): PrepaymentAccountSummary | undefined {
    const entry = this.#byId.get(accountId);
    return entry ? this.#summary(entry) : undefined;
  }

  /** The account charged from a meter's data, if the meter is prepaid. */
  accountOfMeter(meterId: string): PrepaymentAccountSummary | undefined {
    const entry = this.#byMeter.get(meterId);
    return entry ? this.#summary(entry) : undefined;
  }

  /**
   * Credits `amountMinor`; resolves once the top-up is durable. The same `reference` twice
   * credits once (the second is logged as `top-up-duplicate`). Repays emergency credit first and
   * reconnects a disconnected supply when the balance becomes positive.
   * Rejects with {@link PrepaymentAccountNotFoundError}, or `RangeError` for an amount that is not
   * a positive integer or an empty reference.
   */
  async topUp(
    accountId: string,
    amountMinor: number,
    reference: string,
    by: string,
  ): Promise<PrepaymentAccountSummary> {
    const entry = this.#entry(accountId);
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
      throw new RangeError(`Top-up ${reference}: amountMinor must be a positive integer, got ${amountMinor}`);
    }
    if (reference.trim() === '') throw new RangeError('A top-up needs a reference');
    return this.#operation(entry, async () => {
      const at = this.#clock.now();
      await this.#write({ t: 'top-up', a: accountId, at, ref: reference, amount: amountMinor, by });
      await this.#topUp(entry, reference, amountMinor, at, by);
    });
  }

  /**
   * The customer takes the account's emergency credit. Rejects with
   * {@link EmergencyCreditUnavailableError} when none is configured, credit is not low, or earlier
   * emergency credit is unpaid; with {@link PrepaymentAccountNotFoundError} for an unknown account.
   */
  async useEmergencyCredit(accountId: string, by: string): Promise<PrepaymentAccountSummary> {
    const entry = this.#entry(accountId);
    return this.#operation(entry, async () => {
      const at = this.#clock.now();
      // Refused requests throw before changing anything and are not journaled.
      if (!entry.account.emergencyCreditAvailable) await entry.account.useEmergencyCredit(at);
      await this.#write({ t: 'emergency', a: accountId, at, by });
      await entry.account.useEmergencyCredit(at);
    });
  }

  /**
   * Charges an interval block if it is the active import (Wh) of a prepaid meter; anything else is
   * ignored. Intervals without a value, flagged missing, failedValidation or deviceInvalid, negative,
   * or starting before the account's `openedAt` are not charged. Resolves once the charges are
   * durable. The bus subscription of {@link start} calls this.
   */
  async applyBlock(block: IntervalBlock): Promise<void> {
    const entry = this.#byMeter.get(block.meterId);
    if (!entry || block.channel !== PREPAYMENT_CHANNEL || block.unit !== Unit.Wh) return;
    const intervals: ChargeableInterval[] = [];
    block.values.forEach((v, i) => {
      const start = intervalStart(block, i);
      if (v.value === null || start < (entry.def.openedAt ?? Number.NEGATIVE_INFINITY)) return;
      if (UNCHARGEABLE.some((flag) => hasQuality(v.quality, flag))) return;
      if (!Number.isSafeInteger(v.value) || v.value < 0) {
        this.#log.warn(
          `Prepaid meter ${block.meterId}: interval ${new Date(start).toISOString()} not charged`,
          {
            value: v.value,
          },
        );
        return;
      }
      intervals.push({ start, energyWh: v.value });
    });
    if (intervals.length === 0) return;
    await this.#operation(entry, async () => {
      entry.prices = new Map(intervals.map((iv) => [iv.start, priceOf(entry.def.price, iv.start)]));
      try {
        const changed = entry.account.changes(intervals);
        if (changed.length === 0) return;
        const at = this.#clock.now();
        await this.#write({
          t: 'charge',
          a: entry.def.accountId,
          at,
          iv: changed.map((c) => [c.start, c.energyWh, entry.prices!.get(c.start)!] as const),
        });
        await entry.account.applyIntervals(changed, at);
      } finally {
        entry.prices = undefined;
      }
    });
  }

  /**
   * Time passes: submits disconnections that have become due inside friendly hours, reconnections
   * due again after a failure, and commands the command port refused. Call it on a timer (every minute is plenty).
   */
  async tick(at: number = this.#clock.now()): Promise<void> {
    const work: Promise<unknown>[] = [];
    for (const entry of this.#byId.values()) {
      const due = entry.account.nextActionAt;
      if (entry.outbox.length === 0 && (due === undefined || at < due)) continue;
      work.push(
        this.#operation(entry, async () => {
          const dueNow = entry.account.nextActionAt;
          if (dueNow === undefined || at < dueNow) return;
          await this.#write({ t: 'tick', a: entry.def.accountId, at });
          await entry.account.tick(at);
        }),
      );
    }
    await Promise.all(work);
  }

  /**
   * Rewrites the journal as one snapshot per account (its state, the commands not yet accepted,
   * the events a summary shows), atomically; operations wait meanwhile. Older events are gone
   * from the journal afterwards; charged interval starts and top-up references are kept, so
   * redeliveries stay idempotent. Runs by itself every `compactEveryRecords` records.
   */
  compact(): Promise<void> {
    this.#compacting ??= this.#track(this.#compact()).finally(() => {
      this.#compacting = undefined;
    });
    return this.#compacting;
  }

  async #compact(): Promise<void> {
    const journal = this.#journal;
    if (!journal) return;
    const entries = [...this.#byId.values()];
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Every account's queue reaches the barrier: nothing runs while the journal is rewritten.
    const arrived = entries.map(
      (entry) =>
        new Promise<void>((resolve) => {
          void this.#serial(entry, async () => {
            resolve();
            await released;
          });
        }),
    );
    try {
      await Promise.all(arrived);
      await journal.rewrite(
        entries.map((entry): LedgerRecord => {
          const full = entry.account.state();
          const state = { ...full, events: this.#recent(full.events) };
          const kept = new Set(state.events.flatMap((e) => (e.type === 'topped-up' ? [e.reference] : [])));
          return {
            t: 'snapshot',
            a: entry.def.accountId,
            state,
            outbox: [...entry.outbox],
            by: [...entry.topUpBy].filter(([ref]) => kept.has(ref)),
            ...(entry.lastSent ? { sent: [entry.lastSent.id, entry.lastSent.key] as const } : {}),
          };
        }),
      );
      this.#records = entries.length;
    } finally {
      release();
    }
  }

  /**
   * Calls `listener` with every new account event (charges, low credit, disconnect due and
   * submitted, reconnect, top-ups…) once it is durable. Returns the function that unsubscribes.
   */
  on(listener: (notice: PrepaymentNotice) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Waits for every operation under way (bus deliveries, top-ups, command deliveries). */
  async flush(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * Unsubscribes from the bus, waits for operations under way and closes the journal; later
   * operations reject with {@link PrepaymentLedgerClosedError}.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const sub of this.#subscriptions.splice(0)) sub.unsubscribe();
    await this.flush();
    await this.#journal?.close();
    this.#journal = undefined;
  }

  // --- internals ----------------------------------------------------------------------------

  #entry(accountId: string): Entry {
    const entry = this.#byId.get(accountId);
    if (!entry) throw new PrepaymentAccountNotFoundError(accountId);
    return entry;
  }

  /** Runs `change` in the account's queue, then delivers its commands, notifies, and summarises. */
  #operation(entry: Entry, change: () => Promise<void>): Promise<PrepaymentAccountSummary> {
    if (this.#closed) return Promise.reject(new PrepaymentLedgerClosedError());
    return this.#track(
      this.#serial(entry, async () => {
        try {
          await change();
        } finally {
          this.#notify(entry);
        }
        await this.#deliver(entry);
        return this.#summary(entry);
      }),
    );
  }

  #serial<T>(entry: Entry, work: () => Promise<T>): Promise<T> {
    const run = entry.chain.then(work);
    entry.chain = run.catch(() => undefined);
    return run;
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#inFlight.add(work);
    const done = () => this.#inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  async #write(record: LedgerRecord): Promise<void> {
    if (!this.#journal) return;
    await this.#journal.append([record]);
    this.#records++;
    if (this.#records >= (this.#o.compactEveryRecords ?? 50_000) && !this.#compacting) {
      // Not awaited: the compaction waits for this operation's queue, which waits for this write.
      this.compact().catch((e: unknown) =>
        this.#log.warn('Prepayment journal compaction failed', { error: String(e) }),
      );
    }
  }

  async #topUp(entry: Entry, reference: string, amountMinor: number, at: number, by: string): Promise<void> {
    if (await entry.account.topUp(reference, amountMinor, at)) entry.topUpBy.set(reference, by);
  }

  /** Hands the outbox to the command port in order; stops at the first refusal (retried on tick). */
  async #deliver(entry: Entry): Promise<void> {
    while (entry.outbox.length > 0) {
      const request = entry.outbox[0]!;
      let accepted: unknown;
      try {
        accepted = await this.#o.commands.submit(request);
      } catch (e) {
        this.#log.warn(
          `Prepaid account ${entry.def.accountId}: ${request.action.kind} ${request.idempotencyKey} not accepted, retried on the next tick`,
          { error: String(e) },
        );
        return;
      }
      entry.outbox.shift();
      const id = commandIdOf(accepted);
      const key = request.idempotencyKey;
      entry.lastSent = id !== undefined ? { id, key } : undefined;
      await this.#write({ t: 'sent', a: entry.def.accountId, key, ...(id !== undefined ? { id } : {}) });
    }
  }

  /** A supply command of ours ended badly at the head-end: the account goes back and retries. */
  async #onCommandResult(message: Extract<BusMessage, { type: 'command-result' }>): Promise<void> {
    if (message.state !== 'failed' && message.state !== 'expired' && message.state !== 'cancelled') return;
    const entry = this.#byMeter.get(message.meterId);
    const sent = entry?.lastSent;
    if (!entry || !sent || sent.id !== message.commandId || this.#closed) return;
    const reason = message.detail !== undefined ? `${message.state}: ${message.detail}` : message.state;
    await this.#operation(entry, async () => {
      if (entry.lastSent !== sent) return;
      entry.lastSent = undefined;
      const at = this.#clock.now();
      await this.#write({ t: 'failed', a: entry.def.accountId, at, key: sent.key, reason });
      await entry.account.commandFailed(sent.key, reason, at);
    });
  }

  #notify(entry: Entry): void {
    const events = entry.account.events;
    const { accountId, meterId, servicePointId } = entry.def;
    for (; entry.notified < events.length; entry.notified++) {
      const notice: PrepaymentNotice = { accountId, meterId, servicePointId, event: events[entry.notified]! };
      for (const listener of this.#listeners) {
        try {
          listener(notice);
        } catch (e) {
          this.#log.warn(`A prepayment listener failed on ${notice.event.type}`, { error: String(e) });
        }
      }
    }
  }

  /**
   * Applies one journal record. An account operation that failed live (after its record was
   * written) fails the same way here and is passed over, so the replayed state is the live one.
   */
  async #replayRecord(record: LedgerRecord): Promise<void> {
    const entry = this.#byId.get(record.a);
    if (!entry) {
      throw new PrepaymentJournalError(
        `Prepayment journal has records of account ${String(record.a)}, which is not configured`,
      );
    }
    try {
      await this.#replay(entry, record);
    } catch (e) {
      if (e instanceof PrepaymentJournalError) throw e;
      this.#log.warn(`Prepaid account ${record.a}: a journaled ${record.t} failed again on replay`, {
        error: String(e),
      });
    }
  }

  async #replay(entry: Entry, record: LedgerRecord): Promise<void> {
    switch (record.t) {
      case 'charge':
        entry.prices = new Map(record.iv.map(([start, , price]) => [start, price]));
        try {
          await entry.account.applyIntervals(
            record.iv.map(([start, energyWh]) => ({ start, energyWh })),
            record.at,
          );
        } finally {
          entry.prices = undefined;
        }
        return;
      case 'top-up':
        return this.#topUp(entry, record.ref, record.amount, record.at, record.by);
      case 'emergency':
        return entry.account.useEmergencyCredit(record.at);
      case 'tick':
        return entry.account.tick(record.at);
      case 'snapshot':
        entry.account = this.#newAccount(entry, record.state);
        entry.outbox.splice(0, entry.outbox.length, ...record.outbox);
        entry.topUpBy.clear();
        for (const [ref, by] of record.by) entry.topUpBy.set(ref, by);
        entry.lastSent = record.sent ? { id: record.sent[0], key: record.sent[1] } : undefined;
        return;
      case 'sent': {
        const i = entry.outbox.findIndex((r) => r.idempotencyKey === record.key);
        if (i >= 0) entry.outbox.splice(i, 1);
        entry.lastSent = record.id !== undefined ? { id: record.id, key: record.key } : undefined;
        return;
      }
      case 'failed':
        entry.lastSent = undefined;
        await entry.account.commandFailed(record.key, record.reason, record.at);
        return;
      default:
        throw new PrepaymentJournalError(
          `Prepayment journal: unknown record type ${String((record as { t: unknown }).t)}`,
        );
    }
  }

  /** The last `recentEvents` events, `charged` ones left out when `summaryCharges` is false. */
  #recent(events: readonly PrepaymentEvent[]): PrepaymentEvent[] {
    const n = this.#o.recentEvents ?? 20;
    const all = this.#o.summaryCharges ?? true;
    const out: PrepaymentEvent[] = [];
    for (let i = events.length - 1; i >= 0 && out.length < n; i--) {
      const e = events[i]!;
      if (all || e.type !== 'charged') out.push(e);
    }
    return out.reverse();
  }

  #summary(entry: Entry): PrepaymentAccountSummary {
    const { def, account } = entry;
    const owed = account.emergencyCreditOwedMinor;
    return {
      accountId: def.accountId,
      servicePointId: def.servicePointId,
      meterId: def.meterId,
      currency: def.currency,
      balanceMinor: account.balanceMinor,
      emergencyCreditMinor: owed > 0 ? owed : def.emergencyCreditMinor,
      emergencyCreditInUse: owed > 0,
      lowCredit: account.balanceMinor <= def.lowCreditThresholdMinor,
      supply: account.supply,
      events: this.#recent(account.events).map((e) => {
        const detail = detailOf(e, entry.topUpBy);
        return {
          at: e.at,
          type: e.type,
          balanceMinor: e.balanceMinor,
          ...(detail !== undefined ? { detail } : {}),
        };
      }),
    };
  }
}

const iso = (t: number) => new Date(t).toISOString();

/** The id of what a command port returned, when it is a command with a string `id` (the head-end's `Command`). */
function commandIdOf(accepted: unknown): string | undefined {
  if (typeof accepted !== 'object' || accepted === null || !('id' in accepted)) return undefined;
  return typeof accepted.id === 'string' ? accepted.id : undefined;
}

function detailOf(e: PrepaymentEvent, topUpBy: ReadonlyMap<string, string>): string | undefined {
  switch (e.type) {
    case 'topped-up': {
      const by = topUpBy.get(e.reference);
      return `top-up ${e.reference} of ${e.amountMinor}${by !== undefined ? ` by ${by}` : ''}`;
    }
    case 'top-up-duplicate':
      return `top-up ${e.reference} seen before, not credited again`;
    case 'emergency-credit-repaid':
      return `emergency credit repaid ${e.amountMinor}`;
    case 'charged':
      return `interval ${iso(e.intervalStart)} charged ${e.chargeMinor}`;
    case 'charge-corrected':
      return `interval ${iso(e.intervalStart)} corrected by ${e.deltaMinor}`;
    case 'low-credit':
      return `balance at or below ${e.thresholdMinor}`;
    case 'emergency-credit':
      return `emergency credit of ${e.amountMinor} taken`;
    case 'disconnect-due':
      return `disconnection due at ${iso(e.submitAt)}`;
    case 'disconnect-cancelled':
      return 'credit arrived before the disconnection';
    case 'disconnect-submitted':
    case 'reconnect-submitted':
      return `command ${e.idempotencyKey}`;
    case 'command-failed':
      return `command ${e.idempotencyKey} failed (${e.reason})`;
  }
}
