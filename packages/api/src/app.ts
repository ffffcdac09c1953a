import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { AuditLog } from './audit.js';
import { presentedSecret } from './auth/credentials.js';
import { installAuth } from './auth/hooks.js';
import type { UserStore } from './auth/user-store.js';
import type { Api, ApiContext } from './context.js';
import { installDocs } from './docs.js';
import { installErrorHandling } from './error-handler.js';
import { ApiMetrics } from './metrics.js';
import type { GridmeterServices } from './ports.js';
import { HttpProblem } from './problems.js';
import { authRoutes } from './routes/auth.js';
import { billingRoutes } from './routes/billing.js';
import { commandRoutes } from './routes/commands.js';
import { intervalRoutes } from './routes/intervals.js';
import { meterRoutes } from './routes/meters.js';
import { operationsRoutes } from './routes/operations.js';
import { prepaymentRoutes } from './routes/prepayment.js';
import { servicePointRoutes } from './routes/service-points.js';
import { tokenRoutes } from './routes/tokens.js';
import { userRoutes } from './routes/users.js';
import { StreamHub } from './sse.js';
import { serveWebRoot } from './static.js';

export interface ApiOptions {
  readonly services: GridmeterServices;
  readonly users: UserStore;
  readonly audit: AuditLog;
  /** A built SPA to serve at `/`, with `index.html` for client-side routes outside `/api`. */
  readonly webRoot?: string;
  /** Requests per window per token (or IP); default 1,200 a minute. Login gets a tenth of it per IP (at most 30). */
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number } | false;
  readonly logger?: FastifyServerOptions['logger'];
  readonly trustProxy?: boolean;
  /** Live stream heartbeat period (real time), default 15 s. */
  readonly heartbeatMs?: number;
}

/**
 * The rate-limit key: a hash of a valid presented token (each token its own bucket), else the
 * client IP — so that made-up tokens do not buy fresh buckets.
 */
function rateKey(users: UserStore) {
  return (request: Parameters<typeof presentedSecret>[0]): string => {
    const secret = presentedSecret(request);
    if (secret === undefined || !users.authenticate(secret)) return `ip:${request.ip}`;
    return `t:${createHash('sha256').update(secret).digest('base64url').slice(0, 22)}`;
  };
}

/**
 * Builds the Gridmeter HTTP API over `services`: ready, not listening.
 *
 * @example
 * const app = await createApi({ services, users: new UserStore(), audit: new AuditLog() });
 * await app.listen({ host: '127.0.0.1', port: 8080 });
 */
export async function createApi(options: ApiOptions): Promise<Api> {
  const app: Api = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1 << 20,
    // Not removeAdditional 'all': Ajv would strip one union branch's fields while trying another.
    // Handlers pick the fields they use. `discriminator`: command actions are a oneOf on `kind`.
    ajv: {
      customOptions: { removeAdditional: true, coerceTypes: 'array', useDefaults: true, discriminator: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const metrics = new ApiMetrics();
  const ctx: ApiContext = { services: options.services, users: options.users, audit: options.audit, metrics };
  const startedAt = Date.now();

  const limits = options.rateLimit === undefined ? { max: 1200, timeWindowMs: 60_000 } : options.rateLimit;
  if (limits) {
    await app.register(rateLimit, {
      global: true,
      max: limits.max,
      timeWindow: limits.timeWindowMs,
      keyGenerator: rateKey(options.users),
      errorResponseBuilder: (_request, context) =>
        new HttpProblem(429, `Rate limit of ${context.max} requests exceeded; retry in ${context.after}`, {
          headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
        }),
    });
  }
  await installDocs(app);
  installAuth(app, ctx);

  // API answers hold customer data: never cached by browsers or proxies, never content-sniffed.
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  const fallback = options.webRoot === undefined ? undefined : await serveWebRoot(app, options.webRoot);
  installErrorHandling(app, fallback);

  const hub = new StreamHub(options.services, metrics, {
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });
  // preClose: the server waits for open connections before onClose, and streams never end by themselves.
  app.addHook('preClose', async () => hub.close());

  const loginLimit = limits
    ? { max: Math.max(1, Math.min(30, Math.floor(limits.max / 10))), timeWindowMs: limits.timeWindowMs }
    : false;
  authRoutes(app, ctx, loginLimit);
  tokenRoutes(app, ctx);
  userRoutes(app, ctx);
  meterRoutes(app, ctx);
  intervalRoutes(app, ctx);
  servicePointRoutes(app, ctx);
  commandRoutes(app, ctx);
  billingRoutes(app, ctx);
  prepaymentRoutes(app, ctx);
  operationsRoutes(app, ctx, hub, startedAt);

  await app.ready();
  return app;
}
