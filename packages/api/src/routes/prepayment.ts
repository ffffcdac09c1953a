import { Visibility } from '../access.js';
import { type Api, type ApiContext, callerOf } from '../context.js';
import { toPrepaymentDto } from '../dto/billing.js';
import { paginate } from '../pagination.js';
import {
  PrepaymentAccountSchema,
  PrepaymentListQuerySchema,
  PrepaymentPageSchema,
  TopUpBodySchema,
} from '../schemas/billing.js';
import { IdParamsSchema } from '../schemas/common.js';
import { replies } from './responses.js';

/** Prepayment accounts and top-ups. */
export function prepaymentRoutes(app: Api, ctx: ApiContext): void {
  const { services } = ctx;

  app.get(
    '/api/prepayment/accounts',
    {
      config: { access: 'own' },
      schema: {
        tags: ['prepayment'],
        summary: 'Prepayment accounts (customers: their own)',
        querystring: PrepaymentListQuerySchema,
        response: replies(PrepaymentPageSchema),
      },
    },
    async (request) => {
      const view = new Visibility(services, callerOf(request));
      const accounts = services.prepayment
        .accounts()
        .filter((a) => view.ownsServicePoint(a.servicePointId))
        .slice()
        .sort((a, b) => a.accountId.localeCompare(b.accountId));
      return paginate(accounts.map(toPrepaymentDto), request.query, request.url);
    },
  );

  app.get(
    '/api/prepayment/accounts/:id',
    {
      config: { access: 'own' },
      schema: {
        tags: ['prepayment'],
        summary: 'A prepayment account with its balance and events',
        params: IdParamsSchema,
        response: replies(PrepaymentAccountSchema),
      },
    },
    async (request) =>
      toPrepaymentDto(new Visibility(services, callerOf(request)).prepaymentAccount(request.params.id)),
  );

  app.post(
    '/api/prepayment/accounts/:id/top-ups',
    {
      config: { access: 'ops-own' },
      schema: {
        tags: ['prepayment'],
        summary: 'Top up a prepayment account (the same reference credits once)',
        params: IdParamsSchema,
        body: TopUpBodySchema,
        response: replies(PrepaymentAccountSchema),
      },
    },
    async (request) => {
      const { user } = callerOf(request);
      const account = new Visibility(services, callerOf(request)).prepaymentAccount(request.params.id);
      const { amountMinor, reference } = request.body;
      const detail = `${amountMinor} ${account.currency} minor, reference ${reference}`;
      try {
        const after = await services.prepayment.topUp(
          account.accountId,
          amountMinor,
          reference,
          user.username,
        );
        ctx.audit.record({
          user: user.username,
          action: 'prepayment.top-up',
          target: account.accountId,
          result: 'ok',
          detail,
        });
        return toPrepaymentDto(after);
      } catch (err) {
        ctx.audit.record({
          user: user.username,
          action: 'prepayment.top-up',
          target: account.accountId,
          result: 'failed',
          detail: `${detail}: ${(err as Error).message}`,
        });
        throw err;
      }
    },
  );
}
