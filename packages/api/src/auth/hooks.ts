import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Api, ApiContext } from '../context.js';
import { HttpProblem } from '../problems.js';
import { presentedSecret } from './credentials.js';
import { allows } from './roles.js';

/**
 * Authenticates every request (bearer token or session cookie) and enforces the route's
 * `config.access` before its body is parsed: 401 without valid credentials, 403 for a role the
 * route does not admit (audited for requests that would change something).
 *
 * The check is a route-level hook added after the rate limiter's (both through `onRoute`), so
 * that refused requests count against the caller's rate limit too.
 */
export function installAuth(app: Api, ctx: ApiContext): void {
  app.decorateRequest('principal', null);

  const authenticate = async (request: FastifyRequest): Promise<void> => {
    const secret = presentedSecret(request);
    const found = secret === undefined ? undefined : ctx.users.authenticate(secret);
    request.principal =
      found && secret !== undefined
        ? { user: found.user, via: found.via, secret, ...(found.tokenId ? { tokenId: found.tokenId } : {}) }
        : null;
    const access = request.routeOptions.config.access ?? 'public';
    if (access === 'public') return;
    if (!request.principal) {
      throw new HttpProblem(
        401,
        secret === undefined ? 'Log in or send an API token' : 'Invalid or expired credentials',
        { headers: { 'www-authenticate': 'Bearer realm="gridmeter"' } },
      );
    }
    const { user } = request.principal;
    if (!allows(access, user.role)) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        ctx.audit.record({
          user: user.username,
          action: 'access.denied',
          target: `${request.method} ${request.url.split('?')[0]}`,
          result: 'denied',
          detail: `role ${user.role}`,
        });
      }
      throw new HttpProblem(403, `The ${user.role} role may not do this`);
    }
  };

  app.addHook('onRoute', (route) => {
    const hook = authenticate as onRequestHookHandler;
    const existing = route.onRequest;
    route.onRequest =
      existing === undefined ? [hook] : Array.isArray(existing) ? [...existing, hook] : [existing, hook];
  });
}
