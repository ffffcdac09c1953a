/**
 * What the API needs from the rest of Gridmeter, as narrow interfaces. The composition root
 * (`packages/cli`, `platform/`) implements them over the real head-end, MDM store, billing and
 * prepayment; the API's own tests implement them over in-memory data. Times are UTC epoch ms.
 */
import type { Bus, Clock, Command, CommandAction, CommandState, ReadingStore } from '@gridmeter/domain';
import type { Bill, TariffVersion } from '@gridmeter/mdm';

/** A meter as the operator sees it: identity, place in the network, live state. */
export interface MeterSummary {
  readonly id: string;
  readonly kind: 'electricity' | 'water' | 'gas';
  /** The meter's role: a customer meter, or a transformer's check meter. */
  readonly role: 'customer' | 'check';
  readonly servicePointId?: string;
  /** The prepayment or billing account the service point belongs to. */
  readonly accountId?: string;
  readonly customerName?: string;
  readonly feederId?: string;
  readonly transformerId?: string;
  /** Where the head-end reaches it, e.g. `127.1.0.7:4059`. */
  readonly address: string;
  readonly protocol: 'dlms-wrapper' | 'dlms-hdlc' | 'dlt645';
  /** Supply as last seen by the head-end (relay state), `unknown` before the first read. */
  readonly supply: 'connected' | 'disconnected' | 'ready-for-reconnection' | 'unknown';
  readonly firmwareVersion?: string;
  readonly tariffId?: string;
  readonly prepaid: boolean;
  /** When the head-end last read the meter successfully. */
  readonly lastReadAt?: number;
  /** Why the last session failed, when it failed. */
  readonly lastFailure?: string;
  /** Alarms (tamper, last gasp, power quality …) in the last 24 h. */
  readonly openAlarms: number;
}

export interface TransformerNode {
  readonly id: string;
  readonly feederId: string;
  readonly ratedKva: number;
  readonly checkMeterId?: string;
  readonly meterIds: readonly string[];
}

export interface FeederNode {
  readonly id: string;
  readonly transformerIds: readonly string[];
}

/** The meters and the network they sit in, with the head-end's view of their state. */
export interface FleetView {
  meters(): readonly MeterSummary[];
  meter(id: string): MeterSummary | undefined;
  feeders(): readonly FeederNode[];
  transformers(): readonly TransformerNode[];
}

/** Collection KPIs at an instant. */
export interface KpiSnapshot {
  readonly at: number;
  readonly meters: number;
  /** Start of yesterday (UTC) and the share of its expected intervals stored, 0..1. */
  readonly yesterday: {
    readonly dayStart: number;
    readonly completeness: number;
    readonly readSuccess: number;
  };
  readonly today: { readonly dayStart: number; readonly sessions: number; readonly readSuccess: number };
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number };
  readonly failuresByReason: Readonly<Record<string, number>>;
  /** Backfill or other long work in progress, 0..1, when any. */
  readonly backfill?: { readonly done: number; readonly total: number };
}

export interface KpiView {
  snapshot(): KpiSnapshot;
}

export interface CommandRequest {
  readonly meterId: string;
  readonly action: CommandAction;
  readonly priority?: number;
  readonly idempotencyKey?: string;
  readonly expiresAt?: number;
  /** The user who asked (their id), for the audit. */
  readonly requestedBy: string;
}

/** One step of a command's life, for its audit trail. */
export interface CommandStep {
  readonly at: number;
  readonly state: CommandState;
  readonly by: string;
  readonly detail?: string;
}

export interface CampaignSummary {
  readonly id: string;
  readonly imageId: string;
  readonly module: 'metrology' | 'communication' | 'application';
  readonly state: string;
  readonly meters: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly pending: number;
  readonly createdAt: number;
}

export interface CampaignRequest {
  readonly imageId: string;
  readonly module: 'metrology' | 'communication' | 'application';
  readonly meterIds: readonly string[];
  readonly activateAt?: number;
  /** Stop the rollout when more than this share of a stage fails (0..1). */
  readonly maxFailureRate?: number;
  readonly requestedBy: string;
}

/** The head-end's durable command queue and firmware campaigns. */
export interface CommandGateway {
  /** Same idempotency key, same command: a repeat returns the first. */
  submit(request: CommandRequest): Promise<Command>;
  get(id: string): Command | undefined;
  list(filter?: { readonly meterId?: string; readonly state?: CommandState }): readonly Command[];
  cancel(id: string, by: string): Promise<Command>;
  history(id: string): readonly CommandStep[];
  campaigns(): readonly CampaignSummary[];
  startCampaign(request: CampaignRequest): Promise<CampaignSummary>;
  /** Firmware images the head-end holds, by id. */
  images(): readonly { readonly id: string; readonly version: string; readonly bytes: number }[];
}

/** Energy in one usage bucket, split by TOU period name (e.g. peak, shoulder, off-peak). */
export interface UsageBucket {
  readonly start: number;
  readonly end: number;
  readonly importWh: number;
  readonly exportWh: number;
  readonly byPeriod: Readonly<Record<string, number>>;
  /** Share of the bucket's energy that was estimated, 0..1. */
  readonly estimatedShare: number;
}

/** The price in force at an instant and the rest of the day's periods. */
export interface PriceNow {
  readonly tariffId: string;
  readonly currency: string;
  readonly period: string;
  readonly pricePerKwhMinor: number;
  readonly until: number;
  readonly today: readonly {
    readonly from: number;
    readonly to: number;
    readonly period: string;
    readonly pricePerKwhMinor: number;
  }[];
}

export interface BillRunSummary {
  readonly id: string;
  readonly period: { readonly from: number; readonly to: number };
  readonly at: number;
  readonly accounts: number;
  readonly billed: number;
  readonly failed: number;
  readonly totalMinor: number;
  readonly currency: string;
  readonly elapsedMs: number;
  readonly failures: readonly { readonly accountId: string; readonly reason: string }[];
}

/** A bill as issued by a bill run: the MDM's bill with its identity. */
export interface IssuedBill extends Bill {
  /** Unique per account and period start, e.g. `A000012:2026-10-01`. */
  readonly id: string;
  readonly runId: string;
  readonly servicePointId: string;
  readonly issuedAt: number;
}

export interface BillingService {
  tariffs(): readonly TariffVersion[];
  /** The tariff versions assigned to a service point, newest first. */
  tariffOf(servicePointId: string): TariffVersion | undefined;
  bills(filter?: { readonly accountId?: string; readonly servicePointId?: string }): readonly IssuedBill[];
  bill(id: string): IssuedBill | undefined;
  billRuns(): readonly BillRunSummary[];
  /** Bills every account for the period (a billing cycle) from validated interval data. */
  runBills(period: { readonly from: number; readonly to: number }, by: string): Promise<BillRunSummary>;
  usage(
    servicePointId: string,
    query: { readonly from: number; readonly to: number; readonly granularity: 'day' | 'week' | 'month' },
  ): Promise<readonly UsageBucket[]>;
  priceNow(servicePointId: string, at: number): PriceNow | undefined;
}

export interface PrepaymentSummary {
  readonly accountId: string;
  readonly servicePointId: string;
  readonly meterId: string;
  readonly currency: string;
  readonly balanceMinor: number;
  readonly emergencyCreditMinor: number;
  readonly emergencyCreditInUse: boolean;
  readonly lowCredit: boolean;
  readonly supply: 'connected' | 'disconnect-pending' | 'disconnected';
  readonly events: readonly {
    readonly at: number;
    readonly type: string;
    readonly balanceMinor: number;
    readonly detail?: string;
  }[];
}

/** Something that happened to a prepaid account that a person should hear of at once. */
export interface PrepaymentNoticeView {
  readonly accountId: string;
  readonly servicePointId: string;
  readonly meterId: string;
  /** `topped-up`, `low-credit`, `emergency-credit`, `disconnect-due`, `disconnect-submitted`, … */
  readonly type: string;
  readonly balanceMinor: number;
  readonly at: number;
}

export interface PrepaymentService {
  accounts(): readonly PrepaymentSummary[];
  account(accountId: string): PrepaymentSummary | undefined;
  /** `reference` makes a top-up idempotent: the same reference twice credits once. */
  topUp(accountId: string, amountMinor: number, reference: string, by: string): Promise<PrepaymentSummary>;
  /**
   * Calls `listener` with each notice as it happens (per-interval charges excluded); returns the
   * unsubscribe. Optional: without it the live stream carries no prepayment messages.
   */
  onNotice?(listener: (notice: PrepaymentNoticeView) => void): () => void;
}

/** Everything the API serves. */
export interface GridmeterServices {
  /** Interval data with versions and quality, registers, events, VEE results, rollups, service points. */
  readonly store: ReadingStore;
  readonly fleet: FleetView;
  readonly kpis: KpiView;
  readonly commands: CommandGateway;
  readonly billing: BillingService;
  readonly prepayment: PrepaymentService;
  /** Events, alarms and command progress for the live stream. */
  readonly bus: Bus;
  /** The system's time (the fleet's simulated time in the demo). */
  readonly clock: Clock;
}
