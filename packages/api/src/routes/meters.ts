import type { MeterId } from '@gridmeter/domain';
import { Visibility } from '../access.js';
import { type Api, type ApiContext, callerOf } from '../context.js';
import { toCommandDto } from '../dto/commands.js';
import { severityOf, toEventDto } from '../dto/intervals.js';
import { toMeterDetailDto, toMeterDto } from '../dto/meters.js';
import { DAY_MS, timeRange } from '../dto/time.js';
import { paginate } from '../pagination.js';
import type { MeterSummary } from '../ports.js';
import { CommandListQuerySchema, CommandPageSchema } from '../schemas/commands.js';
import { IdParamsSchema } from '../schemas/common.js';
import { EventPageSchema, EventQuerySchema } from '../schemas/events.js';
import {
  MeterDetailSchema,
  type MeterListQueryDto,
  MeterListQuerySchema,
  MeterPageSchema,
} from '../schemas/meters.js';
import { replies } from './responses.js';

/** Whether a meter matches the list filters (`q` is a case-insensitive substring of its names). */
export function meterMatches(m: MeterSummary, f: MeterListQueryDto): boolean {
  if (f.kind !== undefined && m.kind !== f.kind) return false;
  if (f.role !== undefined && m.role !== f.role) return false;
  if (f.feederId !== undefined && m.feederId !== f.feederId) return false;
  if (f.transformerId !== undefined && m.transformerId !== f.transformerId) return false;
  if (f.supply !== undefined && m.supply !== f.supply) return false;
  if (f.q !== undefined && f.q !== '') {
    const q = f.q.toLowerCase();
    const hay = [m.id, m.servicePointId, m.accountId, m.customerName, m.address, m.transformerId, m.feederId];
    if (!hay.some((s) => s?.toLowerCase().includes(q))) return false;
  }
  return true;
}

/** Meters: list with search and filters, detail, events, commands. */
export function meterRoutes(app: Api, ctx: ApiContext): void {
  const { services } = ctx;

  app.get(
    '/api/meters',
    {
      config: { access: 'own' },
      schema: {
        tags: ['meters'],
        summary: 'Meters, with search and filters (customers: their own)',
        querystring: MeterListQuerySchema,
        response: replies(MeterPageSchema),
      },
    },
    async (request) => {
      const view = new Visibility(services, callerOf(request));
      const meters = view
        .meters()
        .filter((m) => meterMatches(m, request.query))
        .sort((a, b) => a.id.localeCompare(b.id));
      return paginate(meters.map(toMeterDto), request.query, request.url);
    },
  );

  app.get(
    '/api/meters/:id',
    {
      config: { access: 'own' },
      schema: {
        tags: ['meters'],
        summary: 'A meter with its registry record, channels and installations',
        params: IdParamsSchema,
        response: replies(MeterDetailSchema),
      },
    },
    async (request) => {
      const view = new Visibility(services, callerOf(request));
      const m = view.meter(request.params.id);
      const id = m.id as MeterId;
      const [registry, channels, installations] = await Promise.all([
        services.store.readMeters([id]),
        services.store.readChannels(id),
        services.store.readInstallations({ meterId: id }),
      ]);
      // A customer sees the meter's time at its own service points only, not where it was before.
      const visible = installations.filter((i) => view.ownsServicePoint(i.servicePointId));
      return toMeterDetailDto(m, registry[0], channels, visible);
    },
  );

  app.get(
    '/api/meters/:id/events',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['meters'],
        summary: "A meter's events, newest first",
        params: IdParamsSchema,
        querystring: EventQuerySchema,
        response: replies(EventPageSchema),
      },
    },
    async (request) => {
      const m = new Visibility(services, callerOf(request)).meter(request.params.id);
      const { from, to } = timeRange(request.query, services.clock.now(), 7 * DAY_MS, 400 * DAY_MS);
      const events = await services.store.readEvents({ meterId: m.id as MeterId, from, to });
      const { severity } = request.query;
      const picked = events.filter((e) => severity === undefined || severityOf(e) === severity).reverse();
      return paginate(picked.map(toEventDto), request.query, request.url);
    },
  );

  app.get(
    '/api/meters/:id/commands',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['meters', 'commands'],
        summary: "A meter's commands, newest first",
        params: IdParamsSchema,
        querystring: CommandListQuerySchema,
        response: replies(CommandPageSchema),
      },
    },
    async (request) => {
      const m = new Visibility(services, callerOf(request)).meter(request.params.id);
      const { state } = request.query;
      const commands = services.commands
        .list({ meterId: m.id, ...(state === undefined ? {} : { state }) })
        .slice()
        .sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
      return paginate(commands.map(toCommandDto), request.query, request.url);
    },
  );
}
