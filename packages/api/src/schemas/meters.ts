import { type Static, Type } from '@sinclair/typebox';
import { IsoTimeSchema, Page, PageQuerySchema } from './common.js';

export const MeterKindSchema = Type.Union([
  Type.Literal('electricity'),
  Type.Literal('water'),
  Type.Literal('gas'),
]);
export const MeterRoleSchema = Type.Union([Type.Literal('customer'), Type.Literal('check')]);
export const SupplySchema = Type.Union([
  Type.Literal('connected'),
  Type.Literal('disconnected'),
  Type.Literal('ready-for-reconnection'),
  Type.Literal('unknown'),
]);
export type SupplyDto = Static<typeof SupplySchema>;

/** A meter as the operator sees it (the head-end's live view). */
export const MeterSchema = Type.Object(
  {
    id: Type.String(),
    kind: MeterKindSchema,
    role: MeterRoleSchema,
    servicePointId: Type.Optional(Type.String()),
    accountId: Type.Optional(Type.String()),
    customerName: Type.Optional(Type.String()),
    feederId: Type.Optional(Type.String()),
    transformerId: Type.Optional(Type.String()),
    address: Type.String(),
    protocol: Type.Union([Type.Literal('dlms-wrapper'), Type.Literal('dlms-hdlc'), Type.Literal('dlt645')]),
    supply: SupplySchema,
    firmwareVersion: Type.Optional(Type.String()),
    tariffId: Type.Optional(Type.String()),
    prepaid: Type.Boolean(),
    lastReadAt: Type.Optional(IsoTimeSchema),
    lastFailure: Type.Optional(Type.String()),
    openAlarms: Type.Integer({ minimum: 0 }),
  },
  { title: 'Meter' },
);
export type MeterDto = Static<typeof MeterSchema>;

/** A channel (OBIS code) a meter records, with its unit and interval length. */
export const ChannelSchema = Type.Object({
  channel: Type.String({ description: 'OBIS code, e.g. 1-0:1.8.0*255' }),
  unit: Type.Integer({ description: 'DLMS unit code (30 = Wh)' }),
  unitSymbol: Type.String(),
  intervalSeconds: Type.Optional(Type.Integer()),
});
export type ChannelDto = Static<typeof ChannelSchema>;

export const InstallationSchema = Type.Object({
  meterId: Type.String(),
  servicePointId: Type.String(),
  installedAt: IsoTimeSchema,
  removedAt: Type.Optional(IsoTimeSchema),
});
export type InstallationDto = Static<typeof InstallationSchema>;

/** A meter with its registry record, channels and installation history. */
export const MeterDetailSchema = Type.Composite(
  [
    MeterSchema,
    Type.Object({
      medium: Type.Optional(Type.String()),
      manufacturer: Type.Optional(Type.String()),
      model: Type.Optional(Type.String()),
      phases: Type.Optional(Type.String()),
      channels: Type.Array(ChannelSchema),
      installations: Type.Array(InstallationSchema),
    }),
  ],
  { title: 'MeterDetail' },
);
export type MeterDetailDto = Static<typeof MeterDetailSchema>;

export const MeterListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    q: Type.Optional(
      Type.String({ maxLength: 100, description: 'Substring of id, service point, customer, address' }),
    ),
    kind: Type.Optional(MeterKindSchema),
    role: Type.Optional(MeterRoleSchema),
    feederId: Type.Optional(Type.String({ maxLength: 64 })),
    transformerId: Type.Optional(Type.String({ maxLength: 64 })),
    supply: Type.Optional(SupplySchema),
  }),
]);
export type MeterListQueryDto = Static<typeof MeterListQuerySchema>;

export const MeterPageSchema = Page(MeterSchema);
export type MeterPageDto = Static<typeof MeterPageSchema>;

/** A point of delivery with its place in the grid and the meters installed there. */
export const ServicePointSchema = Type.Object(
  {
    id: Type.String(),
    transformerId: Type.Optional(Type.String()),
    feederId: Type.Optional(Type.String()),
    hasGeneration: Type.Boolean(),
    accountId: Type.Optional(Type.String()),
    customerName: Type.Optional(Type.String()),
    tariffId: Type.Optional(Type.String()),
    prepaid: Type.Boolean(),
    meterIds: Type.Array(Type.String()),
  },
  { title: 'ServicePoint' },
);
export type ServicePointDto = Static<typeof ServicePointSchema>;

export const ServicePointPageSchema = Page(ServicePointSchema);
export type ServicePointPageDto = Static<typeof ServicePointPageSchema>;

export const ServicePointListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }),
]);
export type ServicePointListQueryDto = Static<typeof ServicePointListQuerySchema>;
