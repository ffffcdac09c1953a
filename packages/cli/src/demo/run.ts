/** `gridmeter demo`: a simulated fleet and a head-end in one process, with live KPIs. */
import { type Clock, InProcessBus, systemClock } from '@gridmeter/domain';
import { type HeadEnd, type MeterRegistry, PushListener, type PushRegistry } from '@gridmeter/headend';
import { Fleet, SimClock } from '@gridmeter/simulator';
import { progress } from '../headend/progress.js';
import { reasons } from '../headend/round-report.js';
import { percent } from '../headend/table.js';
import { simulatorRegistry } from '../headend/target.js';
import { createHeadEnd } from '../headend/wire.js';
import { historyStartOf } from '../simulate/options.js';
import { DemoCounters } from './counters.js';
import { listenWithFallback } from './listen.js';
import { initialScenarios, liveScenarios } from './scenarios.js';
import { type DemoSettings, ROUND_EVERY_MS } from './settings.js';
import { formatReady, formatStatus } from './status.js';

const DAY_MS = 86_400_000;
const ROUND_JOBS = ['clock', 'profile', 'registers', 'events'] as const;

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

/** Resolves after `ms` real milliseconds or when `stopped` resolves, leaving no timer behind. */
async function wait(ms: number, stopped: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([stopped, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** A stop signal from SIGINT/SIGTERM, `signal`, or the duration. */
function stopSignal(
  settings: DemoSettings,
  signal: AbortSignal | undefined,
): { stopped: Promise<void>; dispose(): void } {
  let resolve!: () => void;
  const stopped = new Promise<void>((r) => {
    resolve = r;
  });
  const timer =
    settings.durationSeconds === undefined ? undefined : setTimeout(resolve, settings.durationSeconds * 1000);
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
  if (signal?.aborted) resolve();
  else signal?.addEventListener('abort', resolve, { once: true });
  return {
    stopped,
    dispose() {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', resolve);
      process.off('SIGTERM', resolve);
      signal?.removeEventListener('abort', resolve);
    },
  };
}

/**
 * Runs the demo until SIGINT/SIGTERM, `signal` aborts, or `durationSeconds` pass: a fleet
 * listening on `host:port` (a free port when taken) with a theft, a tamper and an outage ahead, a
 * head-end with an in-memory registry of the fleet and a UDP push listener, a backfill of the
 * history with a progress bar, then collection rounds every simulated 15 minutes (or back to back
 * when slower) and a status line every `statusIntervalSeconds`. Closes everything at the end.
 */
export async function runDemo(
  settings: DemoSettings,
  write: (text: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  const stop = stopSignal(settings, signal);
  let stopping = false;
  void stop.stopped.then(() => {
    stopping = true;
  });
  const start = Date.now();
  const bus = new InProcessBus();
  const counters = new DemoCounters(bus);
  let registry: MeterRegistry | undefined;
  const pushes = new PushListener({ registry: lateRegistry(() => registry), bus });
  let fleet: Fleet | undefined;
  let headEnd: HeadEnd | undefined;
  let status: NodeJS.Timeout | undefined;
  try {
    const pushPort = (await pushes.start({ udp: { host: '127.0.0.1', port: 0 } })).udp!.port;
    const spec = {
      seed: settings.seed,
      meters: settings.meters,
      historyStart: historyStartOf(start, settings.historyDays),
    };
    const theft = initialScenarios(spec);
    fleet = new Fleet({
      spec,
      scenarios: theft.map((s) => s.scenario),
      clock: new SimClock(start, { speed: settings.speed }),
      push: { transport: 'udp', host: '127.0.0.1', port: pushPort },
      maxCachedMeters: settings.meters + 1_000,
    });
    const listening = await listenWithFallback(fleet, settings.host, settings.port);
    registry = await simulatorRegistry(fleet.spec, listening.port);
    write(
      formatReady({
        fleet,
        host: settings.host,
        listening,
        pushPort,
        scenarios: theft,
        historyDays: settings.historyDays,
      }),
    );
    const live = createHeadEnd(registry, {
      bus,
      clock: simulatedTime(fleet),
      concurrency: settings.concurrency,
      backfillMs: settings.historyDays * DAY_MS,
      retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000, jitter: 0.5 },
    });
    headEnd = live;
    const ids = registry.list().map((m) => m.id);
    // Stopping closes the pool: queued reads are cancelled and the round in progress ends.
    void stop.stopped.then(() => live.close());

    write(`backfilling ${settings.historyDays} days of load profile from ${ids.length} meters\n`);
    const backfill = await live.collect(ids, ['profile'], progress(write, 'backfill', settings.tty));
    const yesterday = Math.floor(live.clock.now() / DAY_MS) * DAY_MS - DAY_MS;
    write(
      `backfill done in ${(backfill.elapsedMs / 1000).toFixed(1)} s: ${backfill.intervals} intervals from ` +
        `${backfill.succeeded} meters, ${backfill.failed} failed (${reasons(backfill.failuresByReason)}); ` +
        `yesterday ${percent(live.kpis.completeness(yesterday, ids))} complete\n`,
    );
    for (const s of liveScenarios(fleet.spec, fleet.clock.now())) {
      fleet.injectScenario(s.scenario);
      write(`scenario: ${s.description}\n`);
    }
    let rounds = 0;
    const tick = () => write(formatStatus(live, ids, counters, rounds));
    tick();
    status = setInterval(tick, settings.statusIntervalSeconds * 1000);
    const current = fleet;
    while (!stopping) {
      await live.collect(ids, ROUND_JOBS);
      if (stopping) break;
      rounds++;
      const next = (Math.floor(current.clock.now() / ROUND_EVERY_MS) + 1) * ROUND_EVERY_MS;
      await wait(current.clock.realDelayUntil(next), stop.stopped);
    }
    tick();
  } finally {
    stop.dispose();
    if (status) clearInterval(status);
    await headEnd?.close();
    await pushes.close();
    await fleet?.close();
  }
  write('stopped\n');
}
