import { Type } from '@sinclair/typebox';
import { Visibility } from '../access.js';
import { type Api, type ApiContext, callerOf } from '../context.js';
import { toBillDto, toBillRunDto, toBillSummaryDto, toTariffDto } from '../dto/billing.js';
import { DAY_MS, iso, parseTime } from '../dto/time.js';
import { paginate } from '../pagination.js';
import { badRequest, notFound } from '../problems.js';
import {
  BillListQuerySchema,
  BillPageSchema,
  BillRunBodySchema,
  BillRunSchema,
  BillSchema,
  TariffDetailSchema,
  TariffSchema,
} from '../schemas/billing.js';
import { IdParamsSchema } from '../schemas/common.js';
import { replies } from './responses.js';

/** The longest billing period a run may cover: a year (annual bills). */
const MAX_BILL_PERIOD_MS = 366 * DAY_MS;

/** Tariffs, bills and bill runs. */
export function billingRoutes(app: Api, ctx: ApiContext): void {
  const { services } = ctx;
  const billing = services.billing;

  app.get(
    '/api/tariffs',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['billing'],
        summary: 'Tariffs, the latest version of each',
        response: replies(Type.Array(TariffSchema)),
      },
    },
    async () => {
      const latest = new Map<string, ReturnType<typeof billing.tariffs>[number]>();
      for (const t of billing.tariffs()) {
        const seen = latest.get(t.tariffId);
        if (!seen || t.version > seen.version) latest.set(t.tariffId, t);
      }
      return [...latest.values()].sort((a, b) => a.tariffId.localeCompare(b.tariffId)).map(toTariffDto);
    },
  );

  app.get(
    '/api/tariffs/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['billing'],
        summary: 'A tariff with all its versions',
        params: IdParamsSchema,
        response: replies(TariffDetailSchema),
      },
    },
    async (request) => {
      const versions = billing
        .tariffs()
        .filter((t) => t.tariffId === request.params.id)
        .sort((a, b) => a.version - b.version);
      if (versions.length === 0) throw notFound(`Tariff ${request.params.id}`);
      return { tariffId: request.params.id, versions: versions.map(toTariffDto) };
    },
  );

  app.get(
    '/api/bills',
    {
      config: { access: 'own' },
      schema: {
        tags: ['billing'],
        summary: 'Bills, newest first (customers: their own)',
        querystring: BillListQuerySchema,
        response: replies(BillPageSchema),
      },
    },
    async (request) => {
      const view = new Visibility(services, callerOf(request));
      const { accountId, servicePointId } = request.query;
      if (servicePointId !== undefined) view.servicePoint(servicePointId);
      if (accountId !== undefined && !view.ownsAccount(accountId)) throw notFound(`Account ${accountId}`);
      const bills = billing
        .bills({
          ...(accountId === undefined ? {} : { accountId }),
          ...(servicePointId === undefined ? {} : { servicePointId }),
        })
        .filter((b) => view.ownsServicePoint(b.servicePointId))
        .slice()
        .sort((a, b) => b.period.start - a.period.start || a.accountId.localeCompare(b.accountId));
      return paginate(bills.map(toBillSummaryDto), request.query, request.url);
    },
  );

  app.get(
    '/api/bills/:id',
    {
      config: { access: 'own' },
      schema: {
        tags: ['billing'],
        summary: 'A bill with its lines, determinants and explanation',
        params: IdParamsSchema,
        response: replies(BillSchema),
      },
    },
    async (request) => {
      const view = new Visibility(services, callerOf(request));
      const bill = billing.bill(request.params.id);
      if (!bill || !view.ownsServicePoint(bill.servicePointId)) throw notFound(`Bill ${request.params.id}`);
      return toBillDto(bill);
    },
  );

  app.post(
    '/api/bill-runs',
    {
      config: { access: 'ops' },
      schema: {
        tags: ['billing'],
        summary: 'Bill every account for a period [from, to)',
        body: BillRunBodySchema,
        response: replies(BillRunSchema, 201),
      },
    },
    async (request, reply) => {
      const { user } = callerOf(request);
      const from = parseTime(request.body.from, 'from');
      const to = parseTime(request.body.to, 'to');
      if (from >= to) throw badRequest(`from (${iso(from)}) must be before to (${iso(to)})`);
      if (to - from > MAX_BILL_PERIOD_MS) {
        throw badRequest(`A bill run covers at most 366 days, not ${iso(from)} to ${iso(to)}`);
      }
      const target = `${iso(from)}..${iso(to)}`;
      try {
        const run = await billing.runBills({ from, to }, user.username);
        ctx.audit.record({
          user: user.username,
          action: 'bill-run.create',
          target: run.id,
          result: 'ok',
          detail: `${target}: ${run.billed} billed, ${run.failed} failed`,
        });
        return reply.code(201).send(toBillRunDto(run));
      } catch (err) {
        ctx.audit.record({
          user: user.username,
          action: 'bill-run.create',
          target,
          result: 'failed',
          detail: (err as Error).message,
        });
        throw err;
      }
    },
  );

  app.get(
    '/api/bill-runs',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['billing'],
        summary: 'Bill runs, newest first',
        response: replies(Type.Array(BillRunSchema)),
      },
    },
    async () =>
      billing
        .billRuns()
        .slice()
        .reverse()
        .sort((a, b) => b.at - a.at)
        .map(toBillRunDto),
  );
}
