/**
 * The dev server proper (started by `dev-server.ts`, which makes the workspace packages load from
 * their TypeScript sources). Commands complete by themselves within seconds; the clock runs from
 * 2026-01-20 12:00 UTC.
 */
import { parseArgs } from 'node:util';
import { createApi } from '@gridmeter/api';
import { type Clock, systemClock } from '@gridmeter/domain';
import { createFixture, DEMO_USERS, FIXTURE_NOW } from './fixture.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8090' },
    host: { type: 'string', default: '127.0.0.1' },
    web: { type: 'string' },
  },
});

/** Real time, shifted so that the server starts at FIXTURE_NOW. */
const shift = FIXTURE_NOW - Date.now();
const clock: Clock = {
  now: () => Date.now() + shift,
  setTimeout: (fn, ms) => systemClock.setTimeout(fn, ms),
  sleep: (ms, signal) => systemClock.sleep(ms, signal),
};

const fx = await createFixture({ clock, autoRunMs: 1500 });
const app = await createApi({
  services: fx.services,
  users: fx.users,
  audit: fx.audit,
  ...(values.web === undefined ? {} : { webRoot: values.web }),
  rateLimit: false,
  logger: { level: 'info' },
});
const address = await app.listen({ host: values.host, port: Number(values.port) });
console.log(`Gridmeter API (fixture) at ${address} — docs at ${address}/docs`);
console.log('Logins:');
for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(9)} ${u.password.padEnd(14)} ${u.role}`);
const stop = async () => {
  await app.close();
  await fx.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
