import type { ServicePointId } from '@gridmeter/domain';
import { Visibility } from '../access.js';
import { type Api, type ApiContext, callerOf } from '../context.js';
import { toBillSummaryDto, toPricesDto, toUsageBucketDto } from '../dto/billing.js';
import { toServicePointDto } from '../dto/meters.js';
import { DAY_MS, iso, timeRange } from '../dto/time.js';
import { paginate } from '../pagination.js';
import { notFound } from '../problems.js';
import { BillPageSchema, PricesSchema, UsageQuerySchema, UsageSchema } from '../schemas/billing.js';
import { IdParamsSchema, PageQuerySchema } from '../schemas/common.js';
import {
  ServicePointListQuerySchema,
  ServicePointPageSchema,
  ServicePointSchema,
} from '../schemas/meters.js';
import { replies } from './responses.js';

/** Service points and the customer views on them: usage, prices, bills. */
export function servicePointRoutes(app: Api, ctx: ApiContext): void {
  const { services } = ctx;

  const describe = async (view: Visibility, ids: readonly string[]) => {
    const stored = new Map(
      (await services.store.readServicePoints(ids as ServicePointId[])).map((p) => [p.id as string, p]),
    );
    const bySp = new Map<string, ReturnType<Visibility['meters']>>();
    for (const m of view.meters()) {
      if (!m.servicePointId) continue;
      const list = bySp.get(m.servicePointId) ?? [];
      list.push(m);
      bySp.set(m.servicePointId, list);
    }
    return ids.map((id) => toServicePointDto(id, stored.get(id), bySp.get(id) ?? []));
  };

  app.get(
    '/api/service-points',
    {
      config: { access: 'own' },
      schema: {
        tags: ['service-points'],
        summary: 'Service points (customers: their own)',
        querystring: ServicePointListQuerySchema,
        response: replies(ServicePointPageSchema),
      },
    },
    async (request) => {
      const view = new Visibility(services, callerOf(request));
      const q = request.query.q?.toLowerCase();
      let ids = view.servicePointIds();
      if (q) {
        // Searched over what the fleet knows (ids, account, customer, network, meters): no store reads.
        const hits = new Set<string>();
        for (const m of view.meters()) {
          const names = [m.servicePointId, m.accountId, m.customerName, m.transformerId, m.feederId, m.id];
          if (m.servicePointId && names.some((n) => n?.toLowerCase().includes(q))) hits.add(m.servicePointId);
        }
        ids = ids.filter((id) => hits.has(id));
      }
      // Only the page's service points are read from the store.
      const page = paginate(ids, request.query, request.url);
      return { ...page, items: await describe(view, page.items) };
    },
  );

  app.get(
    '/api/service-points/:id',
    {
      config: { access: 'own' },
      schema: {
        tags: ['service-points'],
        summary: 'A service point and its meters',
        params: IdParamsSchema,
        response: replies(ServicePointSchema),
      },
    },
    async (request) => {
      const view = new Visibility(services, callerOf(request));
      const [point] = await describe(view, [view.servicePoint(request.params.id)]);
      if (!point) throw notFound(`Service point ${request.params.id}`);
      return point;
    },
  );

  app.get(
    '/api/service-points/:id/usage',
    {
      config: { access: 'own' },
      schema: {
        tags: ['service-points'],
        summary: 'Energy by day, week or month, split by TOU period',
        params: IdParamsSchema,
        querystring: UsageQuerySchema,
        response: replies(UsageSchema),
      },
    },
    async (request) => {
      const id = new Visibility(services, callerOf(request)).servicePoint(request.params.id);
      const granularity = request.query.granularity ?? 'day';
      const { from, to } = timeRange(request.query, services.clock.now(), 30 * DAY_MS, 800 * DAY_MS);
      const buckets = await services.billing.usage(id, { from, to, granularity });
      return {
        servicePointId: id,
        granularity,
        from: iso(from),
        to: iso(to),
        buckets: buckets.map(toUsageBucketDto),
      };
    },
  );

  app.get(
    '/api/service-points/:id/prices',
    {
      config: { access: 'own' },
      schema: {
        tags: ['service-points'],
        summary: "The price in force now and today's periods",
        params: IdParamsSchema,
        response: replies(PricesSchema),
      },
    },
    async (request) => {
      const id = new Visibility(services, callerOf(request)).servicePoint(request.params.id);
      const price = services.billing.priceNow(id, services.clock.now());
      if (!price) throw notFound(`A tariff for service point ${id}`);
      return toPricesDto(id, price);
    },
  );

  app.get(
    '/api/service-points/:id/bills',
    {
      config: { access: 'own' },
      schema: {
        tags: ['service-points', 'billing'],
        summary: "A service point's bills, newest first",
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: replies(BillPageSchema),
      },
    },
    async (request) => {
      const view = new Visibility(services, callerOf(request));
      const id = view.servicePoint(request.params.id);
      const bills = services.billing
        .bills({ servicePointId: id })
        .filter((b) => b.servicePointId === id)
        .slice()
        .sort((a, b) => b.period.start - a.period.start || a.kind.localeCompare(b.kind));
      return paginate(bills.map(toBillSummaryDto), request.query, request.url);
    },
  );
}
