import { type MeterId, type Rollup, Subjects } from '@gridmeter/domain';
import { type Api, type ApiContext, callerOf } from '../context.js';
import { severityOf, toEventDto, toVeeExceptionDto } from '../dto/intervals.js';
import { DAY_MS, iso, parseTime, timeRange, utcDayStart } from '../dto/time.js';
import { paginate } from '../pagination.js';
import { EventPageSchema, EventQuerySchema } from '../schemas/events.js';
import { HealthSchema, KpisSchema, TopologyQuerySchema, TopologySchema } from '../schemas/fleet.js';
import { VeeExceptionPageSchema, VeeExceptionQuerySchema } from '../schemas/intervals.js';
import type { StreamHub } from '../sse.js';
import { DEFAULT_CHANNEL } from './intervals.js';
import { replies } from './responses.js';

const EXCEPTION_OUTCOMES = new Set(['failed', 'suspect', 'estimated']);

/** Topology, VEE exceptions, KPIs, alarms, the live stream, health and metrics. */
export function operationsRoutes(app: Api, ctx: ApiContext, hub: StreamHub, startedAt: number): void {
  const { services } = ctx;

  app.get(
    '/api/topology',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['operations'],
        summary: "Feeders → transformers with meter counts and a day's energy from rollups",
        querystring: TopologyQuerySchema,
        response: replies(TopologySchema),
      },
    },
    async (request) => {
      const day = utcDayStart(
        request.query.day === undefined ? services.clock.now() - DAY_MS : parseTime(request.query.day, 'day'),
      );
      const window = { period: 'day' as const, channel: DEFAULT_CHANNEL, from: day, to: day + DAY_MS };
      const [tRollups, fRollups, mRollups] = await Promise.all([
        services.store.readRollups({ scope: 'transformer', ...window }),
        services.store.readRollups({ scope: 'feeder', ...window }),
        services.store.readRollups({ scope: 'meter', ...window }),
      ]);
      const energy = (rows: readonly Rollup[]) => new Map(rows.map((r) => [r.scopeId as string, r.energy]));
      const [tEnergy, fEnergy, mEnergy] = [energy(tRollups), energy(fRollups), energy(mRollups)];
      const transformers = services.fleet.transformers();
      const meters = services.fleet.meters();
      const customerMeters = (t: { id: string; meterIds: readonly string[] }) =>
        t.meterIds.length > 0
          ? t.meterIds.length
          : meters.filter((m) => m.transformerId === t.id && m.role === 'customer').length;
      const feeders = services.fleet.feeders().map((f) => {
        const ts = transformers
          .filter((t) => t.feederId === f.id || f.transformerIds.includes(t.id))
          .map((t) => {
            const e = tEnergy.get(t.id);
            const check = t.checkMeterId === undefined ? undefined : mEnergy.get(t.checkMeterId);
            return {
              id: t.id,
              feederId: t.feederId,
              ratedKva: t.ratedKva,
              ...(t.checkMeterId === undefined ? {} : { checkMeterId: t.checkMeterId }),
              meters: customerMeters(t),
              ...(e === undefined ? {} : { energyWh: e }),
              ...(check === undefined ? {} : { checkEnergyWh: check }),
            };
          });
        const fe = fEnergy.get(f.id);
        return {
          id: f.id,
          meters: ts.reduce((a, t) => a + t.meters, 0),
          ...(fe === undefined ? {} : { energyWh: fe }),
          transformers: ts,
        };
      });
      return { day: iso(day), feeders };
    },
  );

  app.get(
    '/api/vee/exceptions',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['operations'],
        summary: 'VEE results that need attention (failed, suspect, estimated), newest first',
        querystring: VeeExceptionQuerySchema,
        response: replies(VeeExceptionPageSchema),
      },
    },
    async (request) => {
      const { from, to } = timeRange(request.query, services.clock.now(), 7 * DAY_MS, 93 * DAY_MS);
      const { meterId, outcome } = request.query;
      // One query for the fleet: the store reads every meter's results when no meter is given.
      const results = await services.store.readVeeResults({
        from,
        to,
        ...(meterId === undefined ? {} : { meterId: meterId as MeterId }),
      });
      const picked = results
        .filter((r) => (outcome === undefined ? EXCEPTION_OUTCOMES.has(r.outcome) : r.outcome === outcome))
        .sort(
          (a, b) => b.from - a.from || a.meterId.localeCompare(b.meterId) || a.ruleId.localeCompare(b.ruleId),
        );
      return paginate(picked.map(toVeeExceptionDto), request.query, request.url);
    },
  );

  app.get(
    '/api/kpis',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['operations'],
        summary: 'Collection KPIs and the fleet at a glance',
        response: replies(KpisSchema),
      },
    },
    async () => {
      const k = services.kpis.snapshot();
      const supply = { connected: 0, disconnected: 0, readyForReconnection: 0, unknown: 0 };
      let openAlarms = 0;
      for (const m of services.fleet.meters()) {
        openAlarms += m.openAlarms;
        if (m.supply === 'ready-for-reconnection') supply.readyForReconnection++;
        else supply[m.supply]++;
      }
      return {
        at: iso(k.at),
        meters: k.meters,
        yesterday: { ...k.yesterday, dayStart: iso(k.yesterday.dayStart) },
        today: { ...k.today, dayStart: iso(k.today.dayStart) },
        latencyMs: { ...k.latencyMs },
        failuresByReason: { ...k.failuresByReason },
        ...(k.backfill === undefined ? {} : { backfill: { ...k.backfill } }),
        supply,
        openAlarms,
      };
    },
  );

  app.get(
    '/api/alarms',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['operations'],
        summary: 'Recent alarm events of the whole fleet, newest first',
        querystring: EventQuerySchema,
        response: replies(EventPageSchema),
      },
    },
    async (request) => {
      const { from, to } = timeRange(request.query, services.clock.now(), DAY_MS, 93 * DAY_MS);
      const events = await services.store.readEvents({ from, to });
      const alarms = events.filter((e) => severityOf(e) === 'alarm').reverse();
      return paginate(alarms.map(toEventDto), request.query, request.url);
    },
  );

  app.get(
    '/api/stream',
    {
      config: { access: 'any', rateLimit: false },
      schema: {
        tags: ['operations'],
        summary: `Server-sent events: meter-event, alarm, command-result (from ${Subjects.allEvents} and ${Subjects.allCommandResults})`,
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      reply.hijack();
      hub.attach(reply.raw, caller, () => ctx.users.authenticate(caller.secret)?.user);
    },
  );

  app.get(
    '/healthz',
    {
      config: { access: 'public', rateLimit: false },
      schema: { tags: ['operations'], summary: 'Liveness', security: [], response: { 200: HealthSchema } },
    },
    async () => ({
      status: 'ok' as const,
      at: iso(services.clock.now()),
      uptimeSeconds: (Date.now() - startedAt) / 1000,
    }),
  );

  app.get(
    '/metrics',
    {
      config: { access: 'ops', rateLimit: false },
      schema: { tags: ['operations'], summary: 'Prometheus metrics', produces: ['text/plain'] },
    },
    async (request, reply) => {
      callerOf(request);
      const text = await ctx.metrics.registry.metrics();
      return reply.type(ctx.metrics.registry.contentType).send(text);
    },
  );
}
