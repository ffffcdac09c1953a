import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from './audit.js';
import type { Access } from './auth/roles.js';
import type { User, UserStore } from './auth/user-store.js';
import type { ApiMetrics } from './metrics.js';
import type { GridmeterServices } from './ports.js';
import { HttpProblem } from './problems.js';

/** The Fastify instance the API builds, typed by its TypeBox schemas. */
export type Api = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Who is calling, and how they proved it. */
export interface Principal {
  readonly user: User;
  readonly via: 'session' | 'token';
  readonly tokenId?: string;
  /** The session token or API token presented. */
  readonly secret: string;
}

/** What every route module gets. */
export interface ApiContext {
  readonly services: GridmeterServices;
  readonly users: UserStore;
  readonly audit: AuditLog;
  readonly metrics: ApiMetrics;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; null on public routes without credentials. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route (default `public`); checked before validation. */
    access?: Access;
  }
}

/** The caller of a route that requires a login (the auth hook has already refused anonymous calls). */
export function callerOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpProblem(401, 'Log in or send an API token');
  return request.principal;
}
