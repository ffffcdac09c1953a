import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Api } from './context.js';

/** OpenAPI 3 from the routes' TypeBox schemas, with Swagger UI at `/docs` and the JSON at `/docs/json`. */
export async function installDocs(app: Api): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Gridmeter API',
        version: '0.1.0',
        description:
          'Meters, interval data with quality, registers, events, commands, tariffs, bills, prepayment, KPIs and a live stream. Times are ISO-8601 UTC, energy integer Wh, money integer minor units. Errors are application/problem+json.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A session token from /api/auth/login or an API token',
          },
          session: { type: 'apiKey', in: 'cookie', name: 'gm_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
      tags: [
        { name: 'auth', description: 'Login, sessions, API tokens, users, audit' },
        { name: 'meters', description: 'Meters, interval data, registers, events, edits' },
        { name: 'service-points', description: 'Service points, usage, prices' },
        { name: 'commands', description: 'Meter commands and firmware campaigns' },
        { name: 'billing', description: 'Tariffs, bills, bill runs' },
        { name: 'prepayment', description: 'Prepayment accounts and top-ups' },
        { name: 'operations', description: 'Topology, VEE exceptions, KPIs, alarms, live stream, health' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
