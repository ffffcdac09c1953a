import { type Static, Type } from '@sinclair/typebox';
import { CommandStateSchema } from './commands.js';
import { IsoTimeSchema } from './common.js';
import { MeterEventSchema } from './events.js';

/**
 * Messages of `GET /api/stream` (server-sent events). The SSE `event:` field is the `type`:
 * `meter-event` (every meter event), `alarm` (events of severity alarm, sent in addition),
 * `command-result` (command progress), `prepayment` (a prepaid account's top-ups, low credit,
 * emergency credit, disconnections and reconnections); the `data:` field is this JSON. Comments (`: heartbeat`)
 * keep the connection alive.
 */
export const StreamMessageSchema = Type.Union([
  Type.Object({ type: Type.Literal('meter-event'), event: MeterEventSchema }),
  Type.Object({ type: Type.Literal('alarm'), event: MeterEventSchema }),
  Type.Object({
    type: Type.Literal('command-result'),
    commandId: Type.String(),
    meterId: Type.String(),
    state: CommandStateSchema,
    detail: Type.Optional(Type.String()),
    at: IsoTimeSchema,
  }),
  Type.Object({
    type: Type.Literal('prepayment'),
    accountId: Type.String(),
    servicePointId: Type.String(),
    meterId: Type.String(),
    /** `topped-up`, `low-credit`, `emergency-credit`, `disconnect-due`, `disconnect-submitted`, … */
    event: Type.String(),
    balanceMinor: Type.Integer(),
    at: IsoTimeSchema,
  }),
]);
export type StreamMessageDto = Static<typeof StreamMessageSchema>;
