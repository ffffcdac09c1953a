/**
 * GridmeterServices over a real DuckDB ReadingStore (':memory:') filled with seven weeks of
 * interval data, a real InProcessBus, and small stateful in-memory head-end, billing and
 * prepayment services — for the API's route tests and for the web console's dev server
 * (`integration/api/dev-server.ts`).
 *
 * @example
 * const fx = await createFixture();
 * const app = await createApi({ services: fx.services, users: fx.users, audit: fx.audit });
 */
import { AuditLog, type GridmeterServices, type KpiView, UserStore } from '@gridmeter/api';
import { type Clock, InProcessBus, TestClock } from '@gridmeter/domain';
import { DuckDbReadingStore } from '@gridmeter/store';
import { FixtureBilling, FixturePrepayment } from './fixture-billing.js';
import { FixtureCommandGateway } from './fixture-commands.js';
import { DATA_START, DAY_MS, FIXTURE_NOW, FixtureFleet, seedStore } from './fixture-fleet.js';

export {
  DATA_START,
  FIXTURE_NOW,
  GAP_FROM,
  GAP_INTERVALS,
  IMPORT,
  METERS,
  SPIKE_AT,
} from './fixture-fleet.js';

/** Demo logins: username, password, role and (customers) service points. */
export const DEMO_USERS = [
  { username: 'admin', password: 'admin-demo', role: 'admin' },
  { username: 'operator', password: 'operator-demo', role: 'operator' },
  { username: 'viewer', password: 'viewer-demo', role: 'viewer' },
  {
    username: 'alice',
    password: 'alice-demo',
    role: 'customer',
    displayName: 'Alice Example',
    servicePointIds: ['SP-A1', 'SP-A2'],
  },
  {
    username: 'bob',
    password: 'bob-demo',
    role: 'customer',
    displayName: 'Bob Example',
    servicePointIds: ['SP-B1', 'SP-B2'],
  },
] as const;

export interface FixtureOptions {
  /** The services' clock (default a TestClock at FIXTURE_NOW). */
  readonly clock?: Clock;
  /** Commands run by themselves after this many real ms (see FixtureCommandGateway); off by default. */
  readonly autoRunMs?: number;
  /** Seed DEMO_USERS (default true). */
  readonly seedUsers?: boolean;
}

export interface Fixture {
  readonly services: GridmeterServices;
  readonly store: DuckDbReadingStore;
  readonly bus: InProcessBus;
  readonly clock: Clock;
  readonly fleet: FixtureFleet;
  readonly gateway: FixtureCommandGateway;
  readonly billing: FixtureBilling;
  readonly prepayment: FixturePrepayment;
  readonly users: UserStore;
  readonly audit: AuditLog;
  close(): Promise<void>;
}

/** Builds the fixture; December 2025 is already billed (bill run RUN-001). */
export async function createFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const clock = options.clock ?? new TestClock(FIXTURE_NOW);
  const now = clock.now();
  const store = await DuckDbReadingStore.open({ path: ':memory:' });
  const bus = new InProcessBus();
  const series = await seedStore(store, now);
  const fleet = new FixtureFleet(now);
  const gateway = new FixtureCommandGateway(bus, clock, fleet, {
    ...(options.autoRunMs === undefined ? {} : { autoRunMs: options.autoRunMs }),
  });
  const billing = new FixtureBilling(store, clock);
  const prepayment = await FixturePrepayment.open(clock, gateway, series, DATA_START);
  await billing.runBills({ from: Date.UTC(2025, 11, 1), to: Date.UTC(2026, 0, 1) }, 'fixture');
  const kpis: KpiView = {
    snapshot: () => {
      const at = clock.now();
      const today = Math.floor(at / DAY_MS) * DAY_MS;
      return {
        at,
        meters: fleet.meters().length,
        yesterday: { dayStart: today - DAY_MS, completeness: 0.987, readSuccess: 0.995 },
        today: { dayStart: today, sessions: 412, readSuccess: 0.993 },
        latencyMs: { p50: 180, p95: 620, p99: 1450 },
        failuresByReason: { timeout: 3, 'association-refused': 1 },
      };
    },
  };
  const services: GridmeterServices = {
    store,
    fleet,
    kpis,
    commands: gateway,
    billing,
    prepayment,
    bus,
    clock,
  };
  const users = new UserStore();
  if (options.seedUsers ?? true) {
    for (const u of DEMO_USERS)
      await users.addUser({
        ...u,
        ...('servicePointIds' in u ? { servicePointIds: [...u.servicePointIds] } : {}),
      });
  }
  const audit = new AuditLog();
  return {
    services,
    store,
    bus,
    clock,
    fleet,
    gateway,
    billing,
    prepayment,
    users,
    audit,
    async close() {
      gateway.close();
      await bus.close();
      await store.close();
    },
  };
}
