import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Api } from './context.js';

/**
 * Serves the built web console from `webRoot` at `/`. Returns the fallback for client-side
 * routes: any other GET outside `/api` that accepts HTML gets `index.html`.
 */
export async function serveWebRoot(
  app: Api,
  webRoot: string,
): Promise<(request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined> {
  const root = resolve(webRoot);
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: true, index: ['index.html'] });
  return (request, reply) => {
    const accept = request.headers.accept ?? '*/*';
    if (!/text\/html|\*\/\*/.test(accept)) return undefined;
    if (!existsSync(join(root, 'index.html'))) return undefined;
    return reply.type('text/html; charset=utf-8').sendFile('index.html', root);
  };
}
