/**
 * The API's response and request shapes, as the web uses them. Until `@gridmeter/api` ships its
 * schemas in `dist/`, these mirror `packages/api/src/schemas/*.ts` by hand; they are then
 * replaced by type-only re-exports from `@gridmeter/api`.
 */

export type Role = 'admin' | 'operator' | 'viewer' | 'customer';

export interface UserDto {
  id: string;
  username: string;
  role: Role;
  displayName?: string;
  servicePointIds: string[];
  createdAt: string;
}

export interface LoginResponseDto {
  token: string;
  expiresAt: string;
  user: UserDto;
}

export interface PageDto<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  next: string | null;
}

export type SupplyDto = 'connected' | 'disconnected' | 'ready-for-reconnection' | 'unknown';
export type MeterKind = 'electricity' | 'water' | 'gas';

export interface MeterDto {
  id: string;
  kind: MeterKind;
  role: 'customer' | 'check';
  servicePointId?: string;
  accountId?: string;
  customerName?: string;
  feederId?: string;
  transformerId?: string;
  address: string;
  protocol: 'dlms-wrapper' | 'dlms-hdlc' | 'dlt645';
  supply: SupplyDto;
  firmwareVersion?: string;
  tariffId?: string;
  prepaid: boolean;
  lastReadAt?: string;
  lastFailure?: string;
  openAlarms: number;
}

export interface ChannelDto {
  channel: string;
  unit: number;
  unitSymbol: string;
  intervalSeconds?: number;
}

export interface MeterDetailDto extends MeterDto {
  medium?: string;
  manufacturer?: string;
  model?: string;
  phases?: string;
  channels: ChannelDto[];
  installations: { meterId: string; servicePointId: string; installedAt: string; removedAt?: string }[];
}

export type QualityName =
  | 'missing'
  | 'estimated'
  | 'edited'
  | 'failedValidation'
  | 'suspect'
  | 'clockAdjusted'
  | 'powerOutage'
  | 'partialInterval'
  | 'overflow'
  | 'reverseFlow'
  | 'duplicate'
  | 'deviceInvalid'
  | 'registerMismatch'
  | 'tamper';

export interface IntervalDto {
  start: string;
  end: string;
  value: number | null;
  quality: QualityName[];
  kind: 'raw' | 'validated' | 'estimated' | 'edited';
  version: number;
  source: string;
}

export interface IntervalSeriesDto {
  meterId: string;
  channel: string;
  unit: number;
  unitSymbol: string;
  intervalSeconds: number | null;
  from: string;
  to: string;
  intervals: IntervalDto[];
}

export interface RegisterReadDto {
  register: string;
  readAt: string;
  value: string;
  scaler: number;
  unit: number;
  unitSymbol: string;
  capturedAt?: string;
  billingPeriod?: number;
  quality: QualityName[];
}

export interface RegistersDto {
  meterId: string;
  latest: RegisterReadDto[];
  history: RegisterReadDto[];
}

export interface MeterEventDto {
  meterId: string;
  occurredAt: string;
  code: number;
  name: string;
  log: string;
  severity: 'info' | 'warning' | 'alarm';
  source: string;
  details?: Record<string, string | number | boolean>;
}

export type CommandStateDto = 'queued' | 'in-progress' | 'succeeded' | 'failed' | 'expired' | 'cancelled';
export type FirmwareModule = 'metrology' | 'communication' | 'application';

export type CommandActionDto =
  | { kind: 'read-now'; what: 'registers' | 'instantaneous' | 'load-profile' | 'events' }
  | { kind: 'disconnect' }
  | { kind: 'reconnect' }
  | { kind: 'set-limiter'; thresholdW: number }
  | { kind: 'set-clock'; to?: string }
  | { kind: 'program-calendar'; tariffId: string; activateAt: string }
  | { kind: 'top-up'; amountMinor: number; currency: string }
  | { kind: 'firmware-upgrade'; imageId: string; module: FirmwareModule; activateAt?: string };

export interface CommandDto {
  id: string;
  meterId: string;
  action: CommandActionDto;
  state: CommandStateDto;
  priority: number;
  idempotencyKey?: string;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  expiresAt?: string;
  attempts: number;
  result?: string;
}

export interface CreateCommandBodyDto {
  meterId: string;
  action: CommandActionDto;
  priority?: number;
  expiresAt?: string;
}

export interface FirmwareImageDto {
  id: string;
  version: string;
  bytes: number;
}

export interface CampaignDto {
  id: string;
  imageId: string;
  module: FirmwareModule;
  state: string;
  meters: number;
  succeeded: number;
  failed: number;
  pending: number;
  createdAt: string;
}

export interface CreateCampaignBodyDto {
  imageId: string;
  module: FirmwareModule;
  meterIds: string[];
  activateAt?: string;
  maxFailureRate?: number;
}

export interface VeeExceptionDto {
  runId: string;
  ruleId: string;
  meterId: string;
  channel: string;
  from: string;
  to: string;
  outcome: string;
  details?: Record<string, string | number | boolean>;
  changeId?: string;
  at: string;
}

export interface TransformerNodeDto {
  id: string;
  feederId: string;
  ratedKva: number;
  checkMeterId?: string;
  meters: number;
  energyWh?: number;
  checkEnergyWh?: number;
}

export interface FeederNodeDto {
  id: string;
  meters: number;
  energyWh?: number;
  transformers: TransformerNodeDto[];
}

export interface TopologyDto {
  day: string;
  feeders: FeederNodeDto[];
}

export interface KpisDto {
  at: string;
  meters: number;
  yesterday: { dayStart: string; completeness: number; readSuccess: number };
  today: { dayStart: string; sessions: number; readSuccess: number };
  latencyMs: { p50: number; p95: number; p99: number };
  failuresByReason: Record<string, number>;
  backfill?: { done: number; total: number };
  supply: { connected: number; disconnected: number; readyForReconnection: number; unknown: number };
  openAlarms: number;
}

export interface TariffDto {
  tariffId: string;
  version: number;
  effectiveFrom: string;
  commodity: MeterKind;
  currency: string;
  minorDigits: number;
  utcOffsetMinutes: number;
  tou?: {
    periods: string[];
    seasons: { name: string; from: string; weekProfile: string }[];
    weekProfiles: Record<string, string[]>;
    dayProfiles: Record<string, { startMinute: number; period: string }[]>;
    specialDays?: { date: string; dayProfile: string }[];
  };
  energy:
    | { kind: 'flat'; priceMicro: number }
    | { kind: 'tou'; pricesMicro: Record<string, number> }
    | {
        kind: 'tiered';
        basis: 'monthly' | 'annual';
        tiers: { upTo?: number; priceMicro: number }[];
        touAddersMicro?: Record<string, number>;
      }
    | { kind: 'dynamic'; hourlyPricesMicro: { hour: string; priceMicro: number }[] };
  demand?: { priceMicroPerKw?: number; pricesMicroPerKwByPeriod?: Record<string, number> };
  fixedPerBillMinor?: number;
  perDayMicro?: number;
  export?: { kind: 'net-metering' } | { kind: 'net-billing'; priceMicro: number };
  taxes?: (
    | { kind: 'percent'; code: string; name: string; basisPoints: number }
    | { kind: 'levy'; code: string; name: string; priceMicro: number }
  )[];
}

export interface BillLineDto {
  code: string;
  description: string;
  quantity: number;
  unit: string;
  unitPriceMicro?: number;
  rateBasisPoints?: number;
  amountMinor: number;
  isTax: boolean;
  tariffVersion: number;
}

export interface BillDeterminantsDto {
  from: string;
  to: string;
  days: number;
  periods: string[];
  importWh: number;
  importWhByPeriod: number[];
  exportWh: number;
  exportWhByPeriod: number[];
  maxDemandW: number;
  estimatedWh: number;
  intervals: number;
  missingIntervals: number;
}

export interface BillSummaryDto {
  id: string;
  kind: 'bill' | 'cancellation';
  accountId: string;
  tariffId: string;
  period: { from: string; to: string };
  currency: string;
  minorDigits: number;
  subtotalMinor: number;
  taxesMinor: number;
  totalMinor: number;
  billedUsageWh: number;
  estimatedWh: number;
  estimatedShare: number;
}

export interface BillDto extends BillSummaryDto {
  carryOverWh: number;
  lines: BillLineDto[];
  determinants: BillDeterminantsDto[];
  explanation: string[];
}

export interface BillRunDto {
  id: string;
  period: { from: string; to: string };
  at: string;
  accounts: number;
  billed: number;
  failed: number;
  totalMinor: number;
  currency: string;
  elapsedMs: number;
  failures: { accountId: string; reason: string }[];
}

export type Granularity = 'day' | 'week' | 'month';

export interface UsageBucketDto {
  start: string;
  end: string;
  importWh: number;
  exportWh: number;
  byPeriod: Record<string, number>;
  estimatedShare: number;
}

export interface UsageDto {
  servicePointId: string;
  granularity: Granularity;
  from: string;
  to: string;
  buckets: UsageBucketDto[];
}

export interface PricesDto {
  servicePointId: string;
  tariffId: string;
  currency: string;
  period: string;
  pricePerKwhMinor: number;
  until: string;
  today: { from: string; to: string; period: string; pricePerKwhMinor: number }[];
}

export interface PrepaymentAccountDto {
  accountId: string;
  servicePointId: string;
  meterId: string;
  currency: string;
  balanceMinor: number;
  emergencyCreditMinor: number;
  emergencyCreditInUse: boolean;
  lowCredit: boolean;
  supply: 'connected' | 'disconnect-pending' | 'disconnected';
  events: { at: string; type: string; balanceMinor: number; detail?: string }[];
}

export interface ServicePointDto {
  id: string;
  transformerId?: string;
  feederId?: string;
  hasGeneration: boolean;
  accountId?: string;
  customerName?: string;
  tariffId?: string;
  prepaid: boolean;
  meterIds: string[];
}

/** Messages of `GET /api/stream`; the SSE event name is the `type`. */
export type StreamMessageDto =
  | { type: 'meter-event'; event: MeterEventDto }
  | { type: 'alarm'; event: MeterEventDto }
  | {
      type: 'command-result';
      commandId: string;
      meterId: string;
      state: CommandStateDto;
      detail?: string;
      at: string;
    };
