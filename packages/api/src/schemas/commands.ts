import { type Static, Type } from '@sinclair/typebox';
import { IsoTimeSchema, Page, PageQuerySchema } from './common.js';

export const FirmwareModuleSchema = Type.Union([
  Type.Literal('metrology'),
  Type.Literal('communication'),
  Type.Literal('application'),
]);

const commandActions = Type.Union(
  [
    Type.Object({
      kind: Type.Literal('read-now'),
      what: Type.Union([
        Type.Literal('registers'),
        Type.Literal('instantaneous'),
        Type.Literal('load-profile'),
        Type.Literal('events'),
      ]),
    }),
    Type.Object({ kind: Type.Literal('disconnect') }),
    Type.Object({ kind: Type.Literal('reconnect') }),
    Type.Object({
      kind: Type.Literal('set-limiter'),
      thresholdW: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    }),
    Type.Object({ kind: Type.Literal('set-clock'), to: Type.Optional(IsoTimeSchema) }),
    Type.Object({
      kind: Type.Literal('program-calendar'),
      tariffId: Type.String({ minLength: 1, maxLength: 64 }),
      activateAt: IsoTimeSchema,
    }),
    Type.Object({
      kind: Type.Literal('top-up'),
      amountMinor: Type.Integer({ minimum: 1 }),
      currency: Type.String({ minLength: 1, maxLength: 8 }),
    }),
    Type.Object({
      kind: Type.Literal('firmware-upgrade'),
      imageId: Type.String({ minLength: 1, maxLength: 128 }),
      module: FirmwareModuleSchema,
      activateAt: Type.Optional(IsoTimeSchema),
    }),
  ],
  { title: 'CommandAction' },
);
/**
 * What a command asks a meter to do (`@gridmeter/domain` CommandAction; instants as ISO-8601). A
 * `oneOf` discriminated by `kind`, so that a bad action is reported against its own kind only.
 */
export const CommandActionSchema = Type.Unsafe<Static<typeof commandActions>>({
  title: 'CommandAction',
  type: 'object',
  oneOf: commandActions.anyOf,
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
});
export type CommandActionDto = Static<typeof CommandActionSchema>;

export const CommandStateSchema = Type.Union([
  Type.Literal('queued'),
  Type.Literal('in-progress'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('expired'),
  Type.Literal('cancelled'),
]);
export type CommandStateDto = Static<typeof CommandStateSchema>;

export const CommandSchema = Type.Object(
  {
    id: Type.String(),
    meterId: Type.String(),
    action: CommandActionSchema,
    state: CommandStateSchema,
    priority: Type.Integer(),
    idempotencyKey: Type.Optional(Type.String()),
    requestedBy: Type.String(),
    createdAt: IsoTimeSchema,
    updatedAt: IsoTimeSchema,
    expiresAt: Type.Optional(IsoTimeSchema),
    attempts: Type.Integer({ minimum: 0 }),
    result: Type.Optional(Type.String()),
  },
  { title: 'Command' },
);
export type CommandDto = Static<typeof CommandSchema>;

export const CommandStepSchema = Type.Object({
  at: IsoTimeSchema,
  state: CommandStateSchema,
  by: Type.String(),
  detail: Type.Optional(Type.String()),
});
export type CommandStepDto = Static<typeof CommandStepSchema>;

/** A command with its audit trail. */
export const CommandDetailSchema = Type.Composite(
  [CommandSchema, Type.Object({ history: Type.Array(CommandStepSchema) })],
  {
    title: 'CommandDetail',
  },
);
export type CommandDetailDto = Static<typeof CommandDetailSchema>;

/** `POST /api/commands`; send an `Idempotency-Key` header to make a retry safe. */
export const CreateCommandBodySchema = Type.Object({
  meterId: Type.String({ minLength: 1, maxLength: 64 }),
  action: CommandActionSchema,
  priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  expiresAt: Type.Optional(IsoTimeSchema),
});
export type CreateCommandBodyDto = Static<typeof CreateCommandBodySchema>;

export const CommandListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    meterId: Type.Optional(Type.String({ maxLength: 64 })),
    state: Type.Optional(CommandStateSchema),
  }),
]);
export type CommandListQueryDto = Static<typeof CommandListQuerySchema>;

export const CommandPageSchema = Page(CommandSchema);
export type CommandPageDto = Static<typeof CommandPageSchema>;

export const FirmwareImageSchema = Type.Object({
  id: Type.String(),
  version: Type.String(),
  bytes: Type.Integer(),
});
export type FirmwareImageDto = Static<typeof FirmwareImageSchema>;

export const CampaignSchema = Type.Object(
  {
    id: Type.String(),
    imageId: Type.String(),
    module: FirmwareModuleSchema,
    state: Type.String(),
    meters: Type.Integer(),
    succeeded: Type.Integer(),
    failed: Type.Integer(),
    pending: Type.Integer(),
    createdAt: IsoTimeSchema,
  },
  { title: 'Campaign' },
);
export type CampaignDto = Static<typeof CampaignSchema>;

export const CreateCampaignBodySchema = Type.Object({
  imageId: Type.String({ minLength: 1, maxLength: 128 }),
  module: FirmwareModuleSchema,
  meterIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 100_000 }),
  activateAt: Type.Optional(IsoTimeSchema),
  maxFailureRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
});
export type CreateCampaignBodyDto = Static<typeof CreateCampaignBodySchema>;
