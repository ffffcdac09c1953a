import { type Api, type ApiContext, callerOf } from '../context.js';
import { toAuditDto, toUserDto } from '../dto/users.js';
import { paginate } from '../pagination.js';
import {
  AuditPageSchema,
  AuditQuerySchema,
  CreateUserBodySchema,
  UserListQuerySchema,
  UserPageSchema,
  UserSchema,
} from '../schemas/auth.js';
import { replies } from './responses.js';

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
