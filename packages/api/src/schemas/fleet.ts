import { type Static, Type } from '@sinclair/typebox';
import { IsoTimeSchema } from './common.js';

export const TransformerNodeSchema = Type.Object({
  id: Type.String(),
  feederId: Type.String(),
  ratedKva: Type.Number(),
  checkMeterId: Type.Optional(Type.String()),
  meters: Type.Integer(),
  /** Import energy of its meters on `day` (from rollups), when rollups exist. */
  energyWh: Type.Optional(Type.Integer()),
  /** Energy the check meter measured on `day`, when it has rollups. */
  checkEnergyWh: Type.Optional(Type.Integer()),
});
export type TransformerNodeDto = Static<typeof TransformerNodeSchema>;

export const FeederNodeSchema = Type.Object({
  id: Type.String(),
  meters: Type.Integer(),
  energyWh: Type.Optional(Type.Integer()),
  transformers: Type.Array(TransformerNodeSchema),
});
export type FeederNodeDto = Static<typeof FeederNodeSchema>;

/** Feeders → transformers with meter counts and, when rollups exist, a day's energy. */
export const TopologySchema = Type.Object(
  { day: IsoTimeSchema, feeders: Type.Array(FeederNodeSchema) },
  { title: 'Topology' },
);
export type TopologyDto = Static<typeof TopologySchema>;

export const TopologyQuerySchema = Type.Object({ day: Type.Optional(IsoTimeSchema) });

/** Collection KPIs at an instant; shares are 0..1. */
export const KpisSchema = Type.Object(
  {
    at: IsoTimeSchema,
    meters: Type.Integer(),
    yesterday: Type.Object({
      dayStart: IsoTimeSchema,
      completeness: Type.Number(),
      readSuccess: Type.Number(),
    }),
    today: Type.Object({ dayStart: IsoTimeSchema, sessions: Type.Integer(), readSuccess: Type.Number() }),
    latencyMs: Type.Object({ p50: Type.Number(), p95: Type.Number(), p99: Type.Number() }),
    failuresByReason: Type.Record(Type.String(), Type.Integer()),
    backfill: Type.Optional(Type.Object({ done: Type.Integer(), total: Type.Integer() })),
    supply: Type.Object({
      connected: Type.Integer(),
      disconnected: Type.Integer(),
      readyForReconnection: Type.Integer(),
      unknown: Type.Integer(),
    }),
    openAlarms: Type.Integer(),
  },
  { title: 'Kpis' },
);
export type KpisDto = Static<typeof KpisSchema>;

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  at: IsoTimeSchema,
  uptimeSeconds: Type.Number(),
});
export type HealthDto = Static<typeof HealthSchema>;
