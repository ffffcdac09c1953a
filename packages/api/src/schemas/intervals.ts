import { type Static, Type } from '@sinclair/typebox';
import { IsoTimeSchema, Page, PageQuerySchema } from './common.js';

/** Names of the quality flags (`@gridmeter/domain` QualityFlag), decoded from the stored bitset. */
export const QualityNameSchema = Type.Union(
  [
    'missing',
    'estimated',
    'edited',
    'failedValidation',
    'suspect',
    'clockAdjusted',
    'powerOutage',
    'partialInterval',
    'overflow',
    'reverseFlow',
    'duplicate',
    'deviceInvalid',
    'registerMismatch',
    'tamper',
  ].map((n) => Type.Literal(n)),
);

/** What produced a version: as received, after validation, estimated, or edited by a person. */
export const ReadingKindSchema = Type.Union([
  Type.Literal('raw'),
  Type.Literal('validated'),
  Type.Literal('estimated'),
  Type.Literal('edited'),
]);
export type ReadingKindDto = Static<typeof ReadingKindSchema>;

/** One interval: its latest version's value (integer Wh for energy channels) and quality. */
export const IntervalSchema = Type.Object(
  {
    start: IsoTimeSchema,
    end: IsoTimeSchema,
    /** Integer in the channel's unit (Wh); null when missing. */
    value: Type.Union([Type.Integer(), Type.Null()]),
    quality: Type.Array(QualityNameSchema),
    kind: ReadingKindSchema,
    version: Type.Integer({ minimum: 1 }),
    source: Type.String(),
  },
  { title: 'Interval' },
);
export type IntervalDto = Static<typeof IntervalSchema>;

export const IntervalSeriesSchema = Type.Object(
  {
    meterId: Type.String(),
    channel: Type.String(),
    unit: Type.Integer(),
    unitSymbol: Type.String(),
    intervalSeconds: Type.Union([Type.Integer(), Type.Null()]),
    from: IsoTimeSchema,
    to: IsoTimeSchema,
    intervals: Type.Array(IntervalSchema),
  },
  { title: 'IntervalSeries' },
);
export type IntervalSeriesDto = Static<typeof IntervalSeriesSchema>;

/** Every stored version of one interval value, oldest first. */
export const IntervalVersionSchema = Type.Object({
  start: IsoTimeSchema,
  version: Type.Integer({ minimum: 1 }),
  kind: ReadingKindSchema,
  value: Type.Union([Type.Integer(), Type.Null()]),
  quality: Type.Array(QualityNameSchema),
  source: Type.String(),
  changeId: Type.String(),
  recordedAt: IsoTimeSchema,
});
export type IntervalVersionDto = Static<typeof IntervalVersionSchema>;

export const IntervalQuerySchema = Type.Object({
  from: Type.Optional(IsoTimeSchema),
  to: Type.Optional(IsoTimeSchema),
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 64, default: '1-0:1.8.0*255' })),
  /** Include every version of each interval (`versions` in the response). */
  versions: Type.Optional(Type.Boolean()),
});
export type IntervalQueryDto = Static<typeof IntervalQuerySchema>;

export const IntervalSeriesWithVersionsSchema = Type.Composite([
  IntervalSeriesSchema,
  Type.Object({ versions: Type.Optional(Type.Array(IntervalVersionSchema)) }),
]);
export type IntervalSeriesWithVersionsDto = Static<typeof IntervalSeriesWithVersionsSchema>;

/** A manual edit of interval values (operator). The reason is kept in the audit. */
export const IntervalEditBodySchema = Type.Object({
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 64, default: '1-0:1.8.0*255' })),
  reason: Type.String({ minLength: 3, maxLength: 500 }),
  intervals: Type.Array(
    Type.Object({ start: IsoTimeSchema, value: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }) }),
    { minItems: 1, maxItems: 2976 },
  ),
});
export type IntervalEditBodyDto = Static<typeof IntervalEditBodySchema>;

export const IntervalEditResultSchema = Type.Object({
  changeId: Type.Union([Type.String(), Type.Null()]),
  inserted: Type.Integer(),
  corrected: Type.Integer(),
  duplicates: Type.Integer(),
});
export type IntervalEditResultDto = Static<typeof IntervalEditResultSchema>;

/** A register read; `value` is an exact decimal string (value × 10^scaler of `unit`). */
export const RegisterReadSchema = Type.Object({
  register: Type.String(),
  readAt: IsoTimeSchema,
  value: Type.String({ description: 'Exact integer as a decimal string' }),
  scaler: Type.Integer(),
  unit: Type.Integer(),
  unitSymbol: Type.String(),
  capturedAt: Type.Optional(IsoTimeSchema),
  billingPeriod: Type.Optional(Type.Integer()),
  quality: Type.Array(QualityNameSchema),
});
export type RegisterReadDto = Static<typeof RegisterReadSchema>;

export const RegistersSchema = Type.Object(
  {
    meterId: Type.String(),
    /** The newest current-value read of each register. */
    latest: Type.Array(RegisterReadSchema),
    /** Every read in `[from, to)`, oldest first. */
    history: Type.Array(RegisterReadSchema),
  },
  { title: 'Registers' },
);
export type RegistersDto = Static<typeof RegistersSchema>;

export const RegisterQuerySchema = Type.Object({
  from: Type.Optional(IsoTimeSchema),
  to: Type.Optional(IsoTimeSchema),
  register: Type.Optional(Type.String({ maxLength: 64 })),
});
export type RegisterQueryDto = Static<typeof RegisterQuerySchema>;

/** A VEE finding that needs attention (failed, suspect or estimated). */
export const VeeExceptionSchema = Type.Object({
  runId: Type.String(),
  ruleId: Type.String(),
  meterId: Type.String(),
  channel: Type.String(),
  from: IsoTimeSchema,
  to: IsoTimeSchema,
  outcome: Type.String(),
  details: Type.Optional(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  ),
  changeId: Type.Optional(Type.String()),
  at: IsoTimeSchema,
});
export type VeeExceptionDto = Static<typeof VeeExceptionSchema>;

export const VeeExceptionQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    from: Type.Optional(IsoTimeSchema),
    to: Type.Optional(IsoTimeSchema),
    meterId: Type.Optional(Type.String({ maxLength: 64 })),
    outcome: Type.Optional(
      Type.Union([
        Type.Literal('passed'),
        Type.Literal('failed'),
        Type.Literal('suspect'),
        Type.Literal('estimated'),
        Type.Literal('skipped'),
      ]),
    ),
  }),
]);
export type VeeExceptionQueryDto = Static<typeof VeeExceptionQuerySchema>;

export const VeeExceptionPageSchema = Page(VeeExceptionSchema);
export type VeeExceptionPageDto = Static<typeof VeeExceptionPageSchema>;
