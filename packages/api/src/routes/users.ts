import { type Api, type ApiContext, callerOf } from '../context.js';
import { toAuditDto, toUserDto } from '../dto/users.js';
import { paginate } from '../pagination.js';
import { HttpProblem, notFound } from '../problems.js';
import {
  AuditPageSchema,
  AuditQuerySchema,
  CreateUserBodySchema,
  UpdateUserBodySchema,
  UserListQuerySchema,
  UserPageSchema,
  UserSchema,
} from '../schemas/auth.js';
import { IdParamsSchema } from '../schemas/common.js';
import { NoContent, replies } from './responses.js';

/** Users (admin) and the audit log (admin, operator). */
export function userRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['auth'],
        summary: 'List users',
        querystring: UserListQuerySchema,
        response: replies(UserPageSchema),
      },
    },
    async (request) => {
      const users = ctx.users.users().sort((a, b) => a.username.localeCompare(b.username));
      return paginate(users.map(toUserDto), request.query, request.url);
    },
  );

  app.post(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['auth'],
        summary: 'Create a user',
        body: CreateUserBodySchema,
        response: replies(UserSchema, 201),
      },
    },
    async (request, reply) => {
      const { user: admin } = callerOf(request);
      const b = request.body;
      try {
        const user = await ctx.users.addUser({
          username: b.username,
          password: b.password,
          role: b.role,
          ...(b.displayName === undefined ? {} : { displayName: b.displayName }),
          ...(b.servicePointIds === undefined ? {} : { servicePointIds: b.servicePointIds }),
        });
        ctx.audit.record({
          user: admin.username,
          action: 'user.create',
          target: user.username,
          result: 'ok',
          detail: `role ${user.role}`,
        });
        return reply.code(201).send(toUserDto(user));
      } catch (err) {
        ctx.audit.record({
          user: admin.username,
          action: 'user.create',
          target: b.username,
          result: 'failed',
          detail: (err as Error).message,
        });
        throw err;
      }
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['auth'],
        summary: "Change a user's role, name, service points or password",
        params: IdParamsSchema,
        body: UpdateUserBodySchema,
        response: replies(UserSchema),
      },
    },
    async (request) => {
      const { user: admin } = callerOf(request);
      const b = request.body;
      const target = ctx.users.user(request.params.id);
      if (!target) throw notFound(`User ${request.params.id}`);
      if (target.id === admin.id && b.role !== undefined && b.role !== 'admin') {
        throw new HttpProblem(409, 'An admin cannot take the admin role from themselves');
      }
      const updated = await ctx.users.updateUser(target.id, {
        ...(b.role === undefined ? {} : { role: b.role }),
        ...(b.displayName === undefined ? {} : { displayName: b.displayName }),
        ...(b.servicePointIds === undefined ? {} : { servicePointIds: b.servicePointIds }),
        ...(b.password === undefined ? {} : { password: b.password }),
      });
      if (!updated) throw notFound(`User ${request.params.id}`);
      const changed = Object.keys(b).filter((k) => k !== 'password');
      ctx.audit.record({
        user: admin.username,
        action: 'user.update',
        target: updated.username,
        result: 'ok',
        detail: [
          ...changed.map((k) => (k === 'role' ? `role ${updated.role}` : k)),
          ...(b.password ? ['password'] : []),
        ].join(', '),
      });
      return toUserDto(updated);
    },
  );

  app.delete(
    '/api/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['auth'],
        summary: 'Delete a user with their sessions and API tokens',
        params: IdParamsSchema,
        response: replies(NoContent, 204),
      },
    },
    async (request, reply) => {
      const { user: admin } = callerOf(request);
      const target = ctx.users.user(request.params.id);
      if (!target) throw notFound(`User ${request.params.id}`);
      if (target.id === admin.id) throw new HttpProblem(409, 'An admin cannot delete themselves');
      await ctx.users.deleteUser(target.id);
      ctx.audit.record({
        user: admin.username,
        action: 'user.delete',
        target: target.username,
        result: 'ok',
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/audit',
    {
      config: { access: 'ops' },
      schema: {
        tags: ['auth'],
        summary: 'The audit log, newest first',
        querystring: AuditQuerySchema,
        response: replies(AuditPageSchema),
      },
    },
    async (request) => {
      const { user, action } = request.query;
      const records = ctx.audit.list({
        ...(user === undefined ? {} : { user }),
        ...(action === undefined ? {} : { action }),
      });
      return paginate(records.map(toAuditDto), request.query, request.url);
    },
  );
}
