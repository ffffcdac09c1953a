import { Type } from '@sinclair/typebox';
import { type Api, type ApiContext, callerOf } from '../context.js';
import { parseTime } from '../dto/time.js';
import { toTokenDto } from '../dto/users.js';
import { notFound } from '../problems.js';
import { ApiTokenSchema, CreatedTokenSchema, CreateTokenBodySchema } from '../schemas/auth.js';
import { IdParamsSchema } from '../schemas/common.js';
import { NoContent, replies } from './responses.js';

/** API tokens: named, optionally expiring, acting as their user; the secret is shown once. */
export function tokenRoutes(app: Api, ctx: ApiContext): void {
  app.post(
    '/api/tokens',
    {
      config: { access: 'any' },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (the secret is returned only now)',
        body: CreateTokenBodySchema,
        response: replies(CreatedTokenSchema, 201),
      },
    },
    async (request, reply) => {
      const { user } = callerOf(request);
      const { name, expiresAt } = request.body;
      const { token, secret } = await ctx.users.createToken(
        user.id,
        name,
        expiresAt === undefined ? undefined : parseTime(expiresAt, 'expiresAt'),
      );
      ctx.audit.record({
        user: user.username,
        action: 'token.create',
        target: token.id,
        result: 'ok',
        detail: name,
      });
      return reply.code(201).send({ ...toTokenDto(token), secret });
    },
  );

  app.get(
    '/api/tokens',
    {
      config: { access: 'any' },
      schema: {
        tags: ['auth'],
        summary: "The caller's API tokens (an admin's: everyone's)",
        response: replies(Type.Array(ApiTokenSchema)),
      },
    },
    async (request) => {
      const { user } = callerOf(request);
      return ctx.users.tokens(user.role === 'admin' ? undefined : user.id).map(toTokenDto);
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { access: 'any' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: IdParamsSchema,
        response: replies(NoContent, 204),
      },
    },
    async (request, reply) => {
      const { user } = callerOf(request);
      const token = ctx.users.token(request.params.id);
      if (!token || (token.userId !== user.id && user.role !== 'admin'))
        throw notFound(`Token ${request.params.id}`);
      await ctx.users.deleteToken(token.id);
      ctx.audit.record({
        user: user.username,
        action: 'token.delete',
        target: token.id,
        result: 'ok',
        detail: token.name,
      });
      return reply.code(204).send(null);
    },
  );
}
