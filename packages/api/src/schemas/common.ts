import { type Static, type TSchema, Type } from '@sinclair/typebox';

/** An instant as ISO-8601 in UTC, e.g. `2026-01-05T13:15:00.000Z`. */
export const IsoTimeSchema = Type.String({ format: 'date-time', description: 'ISO-8601, UTC (…Z)' });

/** RFC 9457 problem details, the body of every error response (`application/problem+json`). */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    /** Validation errors: where and what. */
    errors: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), { maxItems: 100 }),
    ),
  },
  { title: 'Problem' },
);
export type ProblemDto = Static<typeof ProblemSchema>;

/** Pagination query: `limit` with either an opaque `cursor` (from `next`) or an `offset`. */
export const PageQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
});
export type PageQueryDto = Static<typeof PageQuerySchema>;

/** A page of items: `total` matching items, and `next` the URL of the next page (null at the end). */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ minimum: 0 }),
    limit: Type.Integer({ minimum: 1 }),
    offset: Type.Integer({ minimum: 0 }),
    next: Type.Union([Type.String(), Type.Null()]),
  });
/** The shape of every paginated response. */
export interface PageDto<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  next: string | null;
}

/** A time range query `[from, to)`; both ISO-8601. */
export const RangeQuerySchema = Type.Object({
  from: Type.Optional(IsoTimeSchema),
  to: Type.Optional(IsoTimeSchema),
});

export const IdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
export type IdParamsDto = Static<typeof IdParamsSchema>;

export const OkSchema = Type.Object({ ok: Type.Boolean() });
export type OkDto = Static<typeof OkSchema>;
