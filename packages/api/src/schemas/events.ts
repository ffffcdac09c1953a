import { type Static, Type } from '@sinclair/typebox';
import { IsoTimeSchema, Page, PageQuerySchema } from './common.js';

/** A meter event, with the name and severity of its code. */
export const MeterEventSchema = Type.Object(
  {
    meterId: Type.String(),
    occurredAt: IsoTimeSchema,
    code: Type.Integer(),
    name: Type.String(),
    log: Type.String(),
    severity: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('alarm')]),
    source: Type.String(),
    details: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
    ),
  },
  { title: 'MeterEvent' },
);
export type MeterEventDto = Static<typeof MeterEventSchema>;

export const EventQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    from: Type.Optional(IsoTimeSchema),
    to: Type.Optional(IsoTimeSchema),
    severity: Type.Optional(
      Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('alarm')]),
    ),
  }),
]);
export type EventQueryDto = Static<typeof EventQuerySchema>;

export const EventPageSchema = Page(MeterEventSchema);
export type EventPageDto = Static<typeof EventPageSchema>;
