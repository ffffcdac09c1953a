import { type Static, Type } from '@sinclair/typebox';
import { IsoTimeSchema, Page, PageQuerySchema } from './common.js';

const MicroRecord = Type.Record(Type.String(), Type.Integer());

/** A tariff version (`@gridmeter/mdm` TariffVersion); prices in micro-units per kWh (m³, kW, day). */
export const TariffSchema = Type.Object(
  {
    tariffId: Type.String(),
    version: Type.Integer(),
    effectiveFrom: IsoTimeSchema,
    commodity: Type.Union([Type.Literal('electricity'), Type.Literal('water'), Type.Literal('gas')]),
    currency: Type.String(),
    minorDigits: Type.Integer(),
    utcOffsetMinutes: Type.Integer(),
    tou: Type.Optional(
      Type.Object({
        periods: Type.Array(Type.String()),
        seasons: Type.Array(
          Type.Object({ name: Type.String(), from: Type.String(), weekProfile: Type.String() }),
        ),
        weekProfiles: Type.Record(Type.String(), Type.Array(Type.String())),
        dayProfiles: Type.Record(
          Type.String(),
          Type.Array(Type.Object({ startMinute: Type.Integer(), period: Type.String() })),
        ),
        specialDays: Type.Optional(
          Type.Array(Type.Object({ date: Type.String(), dayProfile: Type.String() })),
        ),
      }),
    ),
    energy: Type.Union([
      Type.Object({ kind: Type.Literal('flat'), priceMicro: Type.Integer() }),
      Type.Object({ kind: Type.Literal('tou'), pricesMicro: MicroRecord }),
      Type.Object({
        kind: Type.Literal('tiered'),
        basis: Type.Union([Type.Literal('monthly'), Type.Literal('annual')]),
        tiers: Type.Array(Type.Object({ upTo: Type.Optional(Type.Integer()), priceMicro: Type.Integer() })),
        touAddersMicro: Type.Optional(MicroRecord),
      }),
      Type.Object({
        kind: Type.Literal('dynamic'),
        hourlyPricesMicro: Type.Array(Type.Object({ hour: IsoTimeSchema, priceMicro: Type.Integer() })),
      }),
    ]),
    demand: Type.Optional(
      Type.Object({
        priceMicroPerKw: Type.Optional(Type.Integer()),
        pricesMicroPerKwByPeriod: Type.Optional(MicroRecord),
      }),
    ),
    fixedPerBillMinor: Type.Optional(Type.Integer()),
    perDayMicro: Type.Optional(Type.Integer()),
    export: Type.Optional(
      Type.Union([
        Type.Object({ kind: Type.Literal('net-metering') }),
        Type.Object({ kind: Type.Literal('net-billing'), priceMicro: Type.Integer() }),
      ]),
    ),
    taxes: Type.Optional(
      Type.Array(
        Type.Union([
          Type.Object({
            kind: Type.Literal('percent'),
            code: Type.String(),
            name: Type.String(),
            basisPoints: Type.Integer(),
          }),
          Type.Object({
            kind: Type.Literal('levy'),
            code: Type.String(),
            name: Type.String(),
            priceMicro: Type.Integer(),
          }),
        ]),
      ),
    ),
  },
  { title: 'Tariff' },
);
export type TariffDto = Static<typeof TariffSchema>;

/** A tariff with all its versions, oldest first. */
export const TariffDetailSchema = Type.Object({
  tariffId: Type.String(),
  versions: Type.Array(TariffSchema),
});
export type TariffDetailDto = Static<typeof TariffDetailSchema>;

export const BillLineSchema = Type.Object({
  code: Type.String(),
  description: Type.String(),
  quantity: Type.Integer(),
  unit: Type.String({ description: 'Wh, L, W (thousandths of kWh, m³, kW), day, bill or minor' }),
  unitPriceMicro: Type.Optional(Type.Integer()),
  rateBasisPoints: Type.Optional(Type.Integer()),
  amountMinor: Type.Integer(),
  isTax: Type.Boolean(),
  tariffVersion: Type.Integer(),
});
export type BillLineDto = Static<typeof BillLineSchema>;

export const BillDeterminantsSchema = Type.Object({
  from: IsoTimeSchema,
  to: IsoTimeSchema,
  days: Type.Integer(),
  periods: Type.Array(Type.String()),
  importWh: Type.Integer(),
  importWhByPeriod: Type.Array(Type.Integer()),
  exportWh: Type.Integer(),
  exportWhByPeriod: Type.Array(Type.Integer()),
  maxDemandW: Type.Integer(),
  estimatedWh: Type.Integer(),
  intervals: Type.Integer(),
  missingIntervals: Type.Integer(),
});
export type BillDeterminantsDto = Static<typeof BillDeterminantsSchema>;

/** A bill without lines, for lists. Money in integer minor units of `currency`. */
export const BillSummarySchema = Type.Object(
  {
    id: Type.String({ description: 'Unique per account and period start, e.g. A000012:2026-10-01' }),
    kind: Type.Union([Type.Literal('bill'), Type.Literal('cancellation')]),
    accountId: Type.String(),
    servicePointId: Type.String(),
    runId: Type.String(),
    issuedAt: IsoTimeSchema,
    tariffId: Type.String(),
    period: Type.Object({ from: IsoTimeSchema, to: IsoTimeSchema }),
    currency: Type.String(),
    minorDigits: Type.Integer(),
    subtotalMinor: Type.Integer(),
    taxesMinor: Type.Integer(),
    totalMinor: Type.Integer(),
    billedUsageWh: Type.Integer(),
    estimatedWh: Type.Integer(),
    estimatedShare: Type.Number(),
  },
  { title: 'BillSummary' },
);
export type BillSummaryDto = Static<typeof BillSummarySchema>;

/** A bill with its lines, determinants and a plain-language explanation. */
export const BillSchema = Type.Composite(
  [
    BillSummarySchema,
    Type.Object({
      carryOverWh: Type.Integer(),
      lines: Type.Array(BillLineSchema),
      determinants: Type.Array(BillDeterminantsSchema),
      explanation: Type.Array(Type.String()),
    }),
  ],
  { title: 'Bill' },
);
export type BillDto = Static<typeof BillSchema>;

export const BillListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    accountId: Type.Optional(Type.String({ maxLength: 64 })),
    servicePointId: Type.Optional(Type.String({ maxLength: 64 })),
  }),
]);
export type BillListQueryDto = Static<typeof BillListQuerySchema>;

export const BillPageSchema = Page(BillSummarySchema);
export type BillPageDto = Static<typeof BillPageSchema>;

export const BillRunSchema = Type.Object(
  {
    id: Type.String(),
    period: Type.Object({ from: IsoTimeSchema, to: IsoTimeSchema }),
    at: IsoTimeSchema,
    accounts: Type.Integer(),
    billed: Type.Integer(),
    failed: Type.Integer(),
    totalMinor: Type.Integer(),
    currency: Type.String(),
    elapsedMs: Type.Number(),
    failures: Type.Array(Type.Object({ accountId: Type.String(), reason: Type.String() })),
  },
  { title: 'BillRun' },
);
export type BillRunDto = Static<typeof BillRunSchema>;

/** `POST /api/bill-runs`: bill every account for `[from, to)` (local midnights of the tariffs). */
export const BillRunBodySchema = Type.Object({ from: IsoTimeSchema, to: IsoTimeSchema });
export type BillRunBodyDto = Static<typeof BillRunBodySchema>;

/** Energy of one bucket (day, week or month), split by TOU period. */
export const UsageBucketSchema = Type.Object({
  start: IsoTimeSchema,
  end: IsoTimeSchema,
  importWh: Type.Integer(),
  exportWh: Type.Integer(),
  byPeriod: Type.Record(Type.String(), Type.Integer()),
  estimatedShare: Type.Number(),
});
export type UsageBucketDto = Static<typeof UsageBucketSchema>;

export const GranularitySchema = Type.Union([
  Type.Literal('day'),
  Type.Literal('week'),
  Type.Literal('month'),
]);

export const UsageQuerySchema = Type.Object({
  from: Type.Optional(IsoTimeSchema),
  to: Type.Optional(IsoTimeSchema),
  granularity: Type.Optional(GranularitySchema),
});
export type UsageQueryDto = Static<typeof UsageQuerySchema>;

export const UsageSchema = Type.Object(
  {
    servicePointId: Type.String(),
    granularity: GranularitySchema,
    from: IsoTimeSchema,
    to: IsoTimeSchema,
    buckets: Type.Array(UsageBucketSchema),
  },
  { title: 'Usage' },
);
export type UsageDto = Static<typeof UsageSchema>;

/** The price now and the rest of today's periods, in minor units per kWh. */
export const PricesSchema = Type.Object(
  {
    servicePointId: Type.String(),
    tariffId: Type.String(),
    currency: Type.String(),
    period: Type.String(),
    pricePerKwhMinor: Type.Number(),
    until: IsoTimeSchema,
    today: Type.Array(
      Type.Object({
        from: IsoTimeSchema,
        to: IsoTimeSchema,
        period: Type.String(),
        pricePerKwhMinor: Type.Number(),
      }),
    ),
  },
  { title: 'Prices' },
);
export type PricesDto = Static<typeof PricesSchema>;

export const PrepaymentEventSchema = Type.Object({
  at: IsoTimeSchema,
  type: Type.String(),
  balanceMinor: Type.Integer(),
  detail: Type.Optional(Type.String()),
});

export const PrepaymentAccountSchema = Type.Object(
  {
    accountId: Type.String(),
    servicePointId: Type.String(),
    meterId: Type.String(),
    currency: Type.String(),
    balanceMinor: Type.Integer(),
    emergencyCreditMinor: Type.Integer(),
    emergencyCreditInUse: Type.Boolean(),
    lowCredit: Type.Boolean(),
    supply: Type.Union([
      Type.Literal('connected'),
      Type.Literal('disconnect-pending'),
      Type.Literal('disconnected'),
    ]),
    events: Type.Array(PrepaymentEventSchema),
  },
  { title: 'PrepaymentAccount' },
);
export type PrepaymentAccountDto = Static<typeof PrepaymentAccountSchema>;

export const PrepaymentPageSchema = Page(PrepaymentAccountSchema);
export type PrepaymentPageDto = Static<typeof PrepaymentPageSchema>;
export const PrepaymentListQuerySchema = PageQuerySchema;

/** `reference` makes the top-up idempotent: the same reference twice credits once. */
export const TopUpBodySchema = Type.Object({
  amountMinor: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
  reference: Type.String({ minLength: 1, maxLength: 128 }),
});
export type TopUpBodyDto = Static<typeof TopUpBodySchema>;
