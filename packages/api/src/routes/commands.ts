import { Type } from '@sinclair/typebox';
import { Visibility } from '../access.js';
import { type Api, type ApiContext, callerOf } from '../context.js';
import { toCampaignDto, toCommandAction, toCommandDto, toCommandStepDto } from '../dto/commands.js';
import { parseTime } from '../dto/time.js';
import { paginate } from '../pagination.js';
import { badRequest, HttpProblem, notFound } from '../problems.js';
import {
  CampaignSchema,
  CommandDetailSchema,
  CommandListQuerySchema,
  CommandPageSchema,
  CommandSchema,
  CreateCampaignBodySchema,
  CreateCommandBodySchema,
  FirmwareImageSchema,
} from '../schemas/commands.js';
import { IdParamsSchema } from '../schemas/common.js';
import { replies } from './responses.js';

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
});

/** Commands (create with an idempotency key, list, detail with history, cancel) and firmware campaigns. */
export function commandRoutes(app: Api, ctx: ApiContext): void {
  const { services } = ctx;
  const gateway = services.commands;

  app.post(
    '/api/commands',
    {
      config: { access: 'ops' },
      schema: {
        tags: ['commands'],
        summary: 'Send a command to a meter; the same Idempotency-Key returns the same command (200)',
        headers: IdempotencyHeaders,
        body: CreateCommandBodySchema,
        response: { ...replies(CommandSchema, 201), 200: CommandSchema },
      },
    },
    async (request, reply) => {
      const { user } = callerOf(request);
      const b = request.body;
      const meter = new Visibility(services, callerOf(request)).meter(b.meterId);
      const key = request.headers['idempotency-key'];
      const known = key === undefined ? undefined : gateway.list().find((c) => c.idempotencyKey === key);
      if (known) {
        // The same key for another request is a client bug, not a repeat (IETF Idempotency-Key draft §2.7).
        if (known.meterId !== meter.id || known.action.kind !== b.action.kind) {
          throw new HttpProblem(
            422,
            `Idempotency-Key "${key}" was used for a ${known.action.kind} command to ${known.meterId}`,
            {
              type: 'urn:gridmeter:problem:idempotency-key-reused',
            },
          );
        }
        return reply.code(200).send(toCommandDto(known));
      }
      const target = meter.id;
      try {
        const command = await gateway.submit({
          meterId: meter.id,
          action: toCommandAction(b.action),
          requestedBy: user.username,
          ...(b.priority === undefined ? {} : { priority: b.priority }),
          ...(key === undefined ? {} : { idempotencyKey: key }),
          ...(b.expiresAt === undefined ? {} : { expiresAt: parseTime(b.expiresAt, 'expiresAt') }),
        });
        ctx.audit.record({
          user: user.username,
          action: 'command.create',
          target,
          result: 'ok',
          detail: `${b.action.kind} as ${command.id}`,
        });
        return reply.code(201).send(toCommandDto(command));
      } catch (err) {
        ctx.audit.record({
          user: user.username,
          action: 'command.create',
          target,
          result: 'failed',
          detail: `${b.action.kind}: ${(err as Error).message}`,
        });
        throw err;
      }
    },
  );

  app.get(
    '/api/commands',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['commands'],
        summary: 'Commands, newest first',
        querystring: CommandListQuerySchema,
        response: replies(CommandPageSchema),
      },
    },
    async (request) => {
      const { meterId, state } = request.query;
      const commands = gateway
        .list({ ...(meterId === undefined ? {} : { meterId }), ...(state === undefined ? {} : { state }) })
        .slice()
        .sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
      return paginate(commands.map(toCommandDto), request.query, request.url);
    },
  );

  app.get(
    '/api/commands/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['commands'],
        summary: 'A command with its history',
        params: IdParamsSchema,
        response: replies(CommandDetailSchema),
      },
    },
    async (request) => {
      const c = gateway.get(request.params.id);
      if (!c) throw notFound(`Command ${request.params.id}`);
      return { ...toCommandDto(c), history: gateway.history(c.id).map(toCommandStepDto) };
    },
  );

  app.post(
    '/api/commands/:id/cancel',
    {
      config: { access: 'ops' },
      schema: {
        tags: ['commands'],
        summary: 'Cancel a queued command (409 once it has started)',
        params: IdParamsSchema,
        response: replies(CommandSchema),
      },
    },
    async (request) => {
      const { user } = callerOf(request);
      const c = gateway.get(request.params.id);
      if (!c) throw notFound(`Command ${request.params.id}`);
      try {
        const cancelled = await gateway.cancel(c.id, user.username);
        ctx.audit.record({
          user: user.username,
          action: 'command.cancel',
          target: c.id,
          result: 'ok',
          detail: `${c.action.kind} on ${c.meterId}`,
        });
        return toCommandDto(cancelled);
      } catch (err) {
        ctx.audit.record({
          user: user.username,
          action: 'command.cancel',
          target: c.id,
          result: 'failed',
          detail: (err as Error).message,
        });
        throw err;
      }
    },
  );

  app.get(
    '/api/firmware/images',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['commands'],
        summary: 'Firmware images the head-end holds',
        response: replies(Type.Array(FirmwareImageSchema)),
      },
    },
    async () => gateway.images().map((i) => ({ ...i })),
  );

  app.get(
    '/api/firmware/campaigns',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['commands'],
        summary: 'Firmware campaigns, newest first',
        response: replies(Type.Array(CampaignSchema)),
      },
    },
    async () =>
      gateway
        .campaigns()
        .slice()
        .sort((a, b) => b.createdAt - a.createdAt)
        .map(toCampaignDto),
  );

  app.post(
    '/api/firmware/campaigns',
    {
      config: { access: 'ops' },
      // Up to 100,000 meter ids.
      bodyLimit: 4 << 20,
      schema: {
        tags: ['commands'],
        summary: 'Start a firmware campaign over meters',
        body: CreateCampaignBodySchema,
        response: replies(CampaignSchema, 201),
      },
    },
    async (request, reply) => {
      const { user } = callerOf(request);
      const b = request.body;
      if (!gateway.images().some((i) => i.id === b.imageId)) throw notFound(`Firmware image ${b.imageId}`);
      const unknown = b.meterIds.filter((id) => !services.fleet.meter(id));
      if (unknown.length > 0)
        throw badRequest(
          `Unknown meters: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ' …' : ''}`,
        );
      try {
        const campaign = await gateway.startCampaign({
          imageId: b.imageId,
          module: b.module,
          meterIds: b.meterIds,
          requestedBy: user.username,
          ...(b.activateAt === undefined ? {} : { activateAt: parseTime(b.activateAt, 'activateAt') }),
          ...(b.maxFailureRate === undefined ? {} : { maxFailureRate: b.maxFailureRate }),
        });
        ctx.audit.record({
          user: user.username,
          action: 'campaign.create',
          target: campaign.id,
          result: 'ok',
          detail: `${b.imageId} on ${b.meterIds.length} meters`,
        });
        return reply.code(201).send(toCampaignDto(campaign));
      } catch (err) {
        ctx.audit.record({
          user: user.username,
          action: 'campaign.create',
          target: b.imageId,
          result: 'failed',
          detail: (err as Error).message,
        });
        throw err;
      }
    },
  );
}
