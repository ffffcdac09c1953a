/** Shared set-up of the API route tests: the fixture, the app, and a session token per demo user. */
import { type Api, createApi } from '@gridmeter/api';
import { createFixture, DEMO_USERS, type Fixture, type FixtureOptions } from './fixture.js';

export type DemoUser = (typeof DEMO_USERS)[number]['username'];

export interface TestApi {
  readonly fx: Fixture;
  readonly app: Api;
  /** Session tokens by username. */
  readonly tokens: Readonly<Record<DemoUser, string>>;
  /** `Authorization` header of a demo user. */
  as(user: DemoUser): { authorization: string };
  close(): Promise<void>;
}

export async function startApi(
  options: { fixture?: FixtureOptions; api?: Partial<Parameters<typeof createApi>[0]> } = {},
): Promise<TestApi> {
  const fx = await createFixture(options.fixture);
  const app = await createApi({
    services: fx.services,
    users: fx.users,
    audit: fx.audit,
    rateLimit: false,
    ...options.api,
  });
  const tokens = {} as Record<DemoUser, string>;
  for (const u of DEMO_USERS) {
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: u.username, password: u.password },
    });
    if (r.statusCode !== 200) throw new Error(`login ${u.username}: ${r.statusCode} ${r.body}`);
    tokens[u.username] = (r.json() as { token: string }).token;
  }
  return {
    fx,
    app,
    tokens,
    as: (user) => ({ authorization: `Bearer ${tokens[user]}` }),
    async close() {
      await app.close();
      await fx.close();
    },
  };
}
