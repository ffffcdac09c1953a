import type { ServicePointId } from '@gridmeter/domain';
import { Type } from '@sinclair/typebox';
import { Visibility } from '../access.js';
import { SESSION_COOKIE, sessionCookie } from '../auth/credentials.js';
import { type Api, type ApiContext, callerOf } from '../context.js';
import { toServicePointDto } from '../dto/meters.js';
import { iso } from '../dto/time.js';
import { toUserDto } from '../dto/users.js';
import { HttpProblem } from '../problems.js';
import {
  ChangePasswordBodySchema,
  LoginBodySchema,
  LoginResponseSchema,
  UserSchema,
} from '../schemas/auth.js';
import { OkSchema } from '../schemas/common.js';
import { ServicePointSchema } from '../schemas/meters.js';
import { replies } from './responses.js';

export interface LoginLimit {
  readonly max: number;
  readonly timeWindowMs: number;
}

/** Login, logout and who am I. */
export function authRoutes(app: Api, ctx: ApiContext, loginLimit: LoginLimit | false): void {
  app.post(
    '/api/auth/login',
    {
      config: {
        access: 'public',
        // Keyed by client IP alone: a login presents no token worth a bucket of its own.
        ...(loginLimit
          ? {
              rateLimit: {
                max: loginLimit.max,
                timeWindow: loginLimit.timeWindowMs,
                keyGenerator: (request: { ip: string }) => `login:${request.ip}`,
              },
            }
          : {}),
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in: a session token, also set as the HttpOnly cookie gm_session',
        security: [],
        body: LoginBodySchema,
        response: replies(LoginResponseSchema),
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const user = await ctx.users.verifyLogin(username, password);
      if (!user) {
        ctx.audit.record({
          user: username,
          action: 'login.failed',
          target: 'session',
          result: 'failed',
          detail: `from ${request.ip}`,
        });
        throw new HttpProblem(401, 'Wrong username or password');
      }
      const { token, expiresAt } = ctx.users.createSession(user.id);
      ctx.audit.record({ user: user.username, action: 'login', target: 'session', result: 'ok' });
      const secure = request.protocol === 'https';
      reply.header('set-cookie', sessionCookie(token, (expiresAt - Date.now()) / 1000, secure));
      return { token, expiresAt: iso(expiresAt), user: toUserDto(user) };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'any' },
      schema: {
        tags: ['auth'],
        summary: 'End the session and clear its cookie',
        response: replies(OkSchema),
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (caller.via === 'session') ctx.users.endSession(caller.secret);
      reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
      return { ok: true };
    },
  );

  app.get(
    '/api/me',
    {
      config: { access: 'any' },
      schema: { tags: ['auth'], summary: 'The logged-in user', response: replies(UserSchema) },
    },
    async (request) => toUserDto(callerOf(request).user),
  );

  app.post(
    '/api/me/password',
    {
      config: { access: 'any' },
      schema: {
        tags: ['auth'],
        summary: "Change the caller's password (the current one is required)",
        body: ChangePasswordBodySchema,
        response: replies(OkSchema),
      },
    },
    async (request) => {
      const { user } = callerOf(request);
      if (!(await ctx.users.checkPassword(user.id, request.body.currentPassword))) {
        ctx.audit.record({
          user: user.username,
          action: 'user.password',
          target: user.username,
          result: 'failed',
          detail: 'wrong current password',
        });
        throw new HttpProblem(400, 'The current password is wrong');
      }
      await ctx.users.updateUser(user.id, { password: request.body.newPassword });
      ctx.audit.record({ user: user.username, action: 'user.password', target: user.username, result: 'ok' });
      return { ok: true };
    },
  );

  app.get(
    '/api/me/service-points',
    {
      config: { access: 'any' },
      schema: {
        tags: ['auth'],
        summary: "A customer's own service points (empty for staff)",
        response: replies(Type.Array(ServicePointSchema)),
      },
    },
    async (request) => {
      const caller = callerOf(request);
      if (caller.user.role !== 'customer') return [];
      const view = new Visibility(ctx.services, caller);
      const ids = view.servicePointIds();
      const stored = new Map(
        (await ctx.services.store.readServicePoints(ids as ServicePointId[])).map((p) => [p.id as string, p]),
      );
      const meters = view.meters();
      return ids.map((id) =>
        toServicePointDto(
          id,
          stored.get(id),
          meters.filter((m) => m.servicePointId === id),
        ),
      );
    },
  );
}
