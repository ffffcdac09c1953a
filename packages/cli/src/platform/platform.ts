/**
 * The whole chain in one process, as `gridmeter demo` and the browser tests run it: a simulated
 * fleet on its DLMS port, the head-end reading it (sessions, pushes, commands, firmware
 * campaigns), the MDM (raw ingest → VEE → rollups into a DuckDB store), billing and prepayment —
 * exposed as the API's {@link GridmeterServices}. Everything meets on one in-process bus; the
 * head-end and the fleet meet only on the wire.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { GridmeterServices, PrepaymentService } from '@gridmeter/api';
import { type Bus, type Clock, InProcessBus, type ReadingStore, systemClock } from '@gridmeter/domain';
import {
  CommandJournal,
  CommandService,
  FirmwareCampaigns,
  type HeadEnd,
  type MeterRegistry,
  PushListener,
  type PushRegistry,
  touCalendarFor,
} from '@gridmeter/headend';
import { MdmPipeline } from '@gridmeter/mdm';
import { buildFirmwareImage, Fleet, type Scenario, SimClock } from '@gridmeter/simulator';
import { DuckDbReadingStore } from '@gridmeter/store';
import { type FleetListening, listenWithFallback } from '../demo/listen.js';
import { simulatorRegistry } from '../headend/target.js';
import { createHeadEnd, sessionsOf } from '../headend/wire.js';
import { PlatformBilling } from './billing-service.js';
import { type CatalogueEntry, catalogueOf, seedStore } from './catalogue.js';
import { type HeldImage, PlatformCommandGateway } from './command-gateway.js';
import { PlatformFleetView } from './fleet-view.js';
import { PlatformKpiView, type Progress } from './kpi-view.js';
import { DEMO_TOU_CALENDAR, demoTariffs, TariffIds } from './tariffs.js';

const DAY_MS = 86_400_000;

export interface PlatformSettings {
  readonly meters: number;
  readonly seed: number;
  /** Simulated seconds per real second. */
  readonly speed: number;
  /** Days of history before today (UTC) the fleet holds and the head-end backfills. */
  readonly historyDays: number;
  /** Where the fleet's DLMS/COSEM listener binds (port 0: any free port; taken: a free one). */
  readonly dlmsHost: string;
  readonly dlmsPort: number;
  /** Directory for the DuckDB store and the journals; absent = an in-memory store, journals in `tmpDir`. */
  readonly dataDir: string;
  /** `:memory:` keeps the MDM store in memory (tests). Default: `<dataDir>/mdm.duckdb`. */
  readonly storePath?: string;
  /** Sessions at once. */
  readonly concurrency: number;
  /** Scenarios from the start (the demo's theft), with those injected later through {@link Platform.fleet}. */
  readonly scenarios?: readonly Scenario[];
  /** Real-time start; default now. */
  readonly startAt?: number;
  /** Builds the prepayment service once the rest is wired. */
  readonly prepayment: (parts: PlatformParts) => Promise<PrepaymentService & { close?(): Promise<void> }>;
}

/** What the prepayment wiring (and tests) may use. */
export interface PlatformParts {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly store: ReadingStore;
  readonly catalogue: readonly CatalogueEntry[];
  readonly commands: CommandService;
  readonly dataDir: string;
}

/** A running platform. */
export interface Platform {
  readonly services: GridmeterServices;
  readonly fleet: Fleet;
  readonly headEnd: HeadEnd;
  readonly registry: MeterRegistry;
  readonly pipeline: MdmPipeline;
  readonly commandService: CommandService;
  readonly catalogue: readonly CatalogueEntry[];
  readonly listening: FleetListening;
  readonly pushPort: number;
  /** Backfill (or other long work) progress for the KPIs; cleared when done. */
  progress: Progress | undefined;
  /** Closes the head-end, the MDM, the fleet and the store, in that order. */
  close(): Promise<void>;
}

/** The fleet's simulated time for the head-end, with real waits (retries, backoff). */
function simulatedTime(fleet: Fleet): Clock {
  return { now: () => fleet.clock.now(), setTimeout: systemClock.setTimeout, sleep: systemClock.sleep };
}

/** The registry arrives after the push listener starts (the fleet needs its port first). */
function lateRegistry(get: () => MeterRegistry | undefined): PushRegistry {
  return {
    bySystemTitle: (title) => get()?.bySystemTitle(title),
    credentials: (id) => {
      const registry = get();
      if (!registry) throw new Error('the registry is not ready yet');
      return registry.credentials(id);
    },
  };
}

/** Firmware the head-end holds for campaigns: a metrology and a communication release. */
function heldImages(): HeldImage[] {
  return [
    {
      id: 'metrology-2.1.0',
      version: '2.1.0',
      image: buildFirmwareImage({ module: 'metrology', version: '2.1.0' }),
    },
    {
      id: 'communication-3.4.1',
      version: '3.4.1',
      image: buildFirmwareImage({ module: 'communication', version: '3.4.1' }),
    },
  ];
}

/**
 * Starts the platform: fleet listening, head-end with its push listener, command service and
 * campaigns running, the MDM pipeline subscribed. Collection is the caller's (see `runDemo`).
 */
export async function startPlatform(settings: PlatformSettings): Promise<Platform> {
  const startAt = settings.startAt ?? Date.now();
  await mkdir(settings.dataDir, { recursive: true });
  const bus = new InProcessBus();
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    let registry: MeterRegistry | undefined;
    const pushes = new PushListener({ registry: lateRegistry(() => registry), bus });
    const pushPort = (await pushes.start({ udp: { host: '127.0.0.1', port: 0 } })).udp!.port;
    closers.push(() => pushes.close());
    const historyStart = Math.floor(startAt / DAY_MS) * DAY_MS - settings.historyDays * DAY_MS;
    const fleet = new Fleet({
      spec: { seed: settings.seed, meters: settings.meters, historyStart },
      scenarios: settings.scenarios ?? [],
      clock: new SimClock(startAt, { speed: settings.speed }),
      push: { transport: 'udp', host: '127.0.0.1', port: pushPort },
      maxCachedMeters: settings.meters + 1_000,
    });
    closers.push(() => fleet.close());
    const listening = await listenWithFallback(fleet, settings.dlmsHost, settings.dlmsPort);
    registry = await simulatorRegistry(fleet.spec, listening.port);
    const clock = simulatedTime(fleet);

    const store = await DuckDbReadingStore.open({
      path: settings.storePath ?? join(settings.dataDir, 'mdm.duckdb'),
    });
    closers.push(() => store.close());
    const catalogue = catalogueOf(fleet);
    await seedStore(store, catalogue, historyStart);

    const headEnd = createHeadEnd(registry, {
      bus,
      clock,
      concurrency: settings.concurrency,
      backfillMs: settings.historyDays * DAY_MS,
      retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000, jitter: 0.5 },
    });
    closers.push(() => headEnd.close());
    const pipeline = new MdmPipeline({
      store,
      bus,
      // Large batches: the backfill delivers weeks per meter, and each batch costs a few queries.
      batchIntervals: 200_000,
      flushMs: 1_000,
      vee: { now: () => clock.now() },
      onError: (e) => console.error('mdm:', e instanceof Error ? e.message : e),
    });
    pipeline.start();
    closers.push(() => pipeline.stop());

    const pathOf = (id: string) => registry!.require(id).endpoint.host;
    const journal = await CommandJournal.open(join(settings.dataDir, 'commands.ndjson'));
    closers.push(() => journal.close());
    const images = heldImages();
    const commandService = new CommandService({
      journal,
      pool: headEnd.pool,
      sessionFor: sessionsOf(headEnd),
      bus,
      clock,
      pathOf,
      calendarFor: touCalendarFor(
        new Map([
          [TariffIds.residentialTou, DEMO_TOU_CALENDAR],
          [TariffIds.residentialTiered, DEMO_TOU_CALENDAR],
          [TariffIds.prosumer, DEMO_TOU_CALENDAR],
          [TariffIds.business, DEMO_TOU_CALENDAR],
        ]),
      ),
      imageFor: async (id) => images.find((i) => i.id === id),
      requeueDelayMs: 5_000,
    });
    commandService.start();
    closers.push(() => commandService.stop());
    const campaigns = await FirmwareCampaigns.open(join(settings.dataDir, 'campaigns.ndjson'), {
      pool: headEnd.pool,
      sessionFor: sessionsOf(headEnd),
      clock,
      pathOf,
    });
    campaigns.start();
    closers.push(() => campaigns.close());

    const platform: Platform = {
      progress: undefined,
    } as Platform;
    const prepayment = await settings.prepayment({
      bus,
      clock,
      store,
      catalogue,
      commands: commandService,
      dataDir: settings.dataDir,
    });
    if (prepayment.close) closers.push(() => prepayment.close!());
    const meterIds = catalogue.map((e) => e.meterId);
    const gateway = new PlatformCommandGateway(commandService, campaigns, images);
    const services: GridmeterServices = {
      store,
      bus,
      clock,
      fleet: new PlatformFleetView({
        catalogue,
        bus,
        clock,
        port: listening.port,
        ratedKva: (id) => fleet.topology.transformer(fleet.topology.transformerIndex(id) ?? 0).ratedKva,
        commandOf: (id) => gateway.get(id),
        lastFailureOf: (id) => headEnd.kpis.meter(id).lastReason,
      }),
      kpis: new PlatformKpiView(headEnd.kpis, meterIds, clock, () => platform.progress),
      commands: gateway,
      billing: new PlatformBilling({
        store,
        catalogue,
        tariffs: demoTariffs(historyStart - 365 * DAY_MS),
        now: () => clock.now(),
      }),
      prepayment,
    };
    return Object.assign(platform, {
      services,
      fleet,
      headEnd,
      registry,
      pipeline,
      commandService,
      catalogue,
      listening,
      pushPort,
      close,
    });
  } catch (e) {
    await close();
    throw e;
  }
}
