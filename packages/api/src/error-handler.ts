import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Api } from './context.js';
import { HttpProblem, PROBLEM_TYPE, toProblem } from './problems.js';

/** Sends a problem+json reply for any thrown error. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const { headers, ...problem } = toProblem(err, request.url.split('?')[0]);
  if (problem.status >= 500) request.log.error({ err }, 'request failed');
  for (const [k, v] of Object.entries(headers ?? {})) reply.header(k, v);
  return reply.code(problem.status).type(PROBLEM_TYPE).send(problem);
}

/**
 * The one error handler: every error (validation, auth, rate limit, domain errors, bugs) leaves
 * as `application/problem+json`. Unknown paths are 404 problems, except that `fallback` (the
 * SPA's index.html) may answer GETs outside `/api`.
 */
export function installErrorHandling(
  app: Api,
  fallback?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined,
): void {
  app.setErrorHandler((err, request, reply) => sendProblem(request, reply, err));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const api = path === '/api' || path.startsWith('/api/');
    if (!api && fallback && (request.method === 'GET' || request.method === 'HEAD')) {
      const sent = fallback(request, reply);
      if (sent) return sent;
    }
    return sendProblem(request, reply, new HttpProblem(404, `No route ${request.method} ${path}`));
  });
}
