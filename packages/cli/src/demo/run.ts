/**
 * `gridmeter demo`: the whole chain in one process — a simulated fleet, the head-end reading it,
 * the MDM, billing and prepayment, and the console, portal and API on http://127.0.0.1:8080.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Api, AuditLog, createApi, UserStore } from '@gridmeter/api';
import { progress } from '../headend/progress.js';
import { reasons } from '../headend/round-report.js';
import { percent } from '../headend/table.js';
import { type Platform, startPlatform } from '../platform/platform.js';
import { prepaymentLedgerFor } from '../platform/prepayment.js';
import { historyStartOf } from '../simulate/options.js';
import { DemoCounters } from './counters.js';
import { initialScenarios, liveScenarios } from './scenarios.js';
import { type DemoSettings, ROUND_EVERY_MS } from './settings.js';
import { formatReady, formatStatus } from './status.js';
import { type DemoLogin, demoLogins, seedUsers } from './users.js';
import { listenWeb } from './web-listen.js';
import { webRoot } from './web-root.js';

const DAY_MS = 86_400_000;
const ROUND_JOBS = ['clock', 'profile', 'registers', 'events'] as const;

/** Resolves after `ms` real milliseconds or when `stopped` resolves, leaving no timer behind. */
async function wait(ms: number, stopped: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([stopped, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/**
 * A stop signal from SIGINT/SIGTERM, `signal`, the duration, or — when npm started the demo
 * (`npx gridmeter demo`: npm sets `npm_command`) — npm going away: npm exits on SIGTERM without
 * passing it on, and the demo would otherwise keep serving as an orphan. Started any other way
 * (`node …/gridmeter.js demo` under nohup, a service manager) it outlives its parent as usual.
 */
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
  const parent = process.ppid;
  const orphaned =
    process.env.npm_command === undefined
      ? undefined
      : setInterval(() => {
          if (process.ppid !== parent) resolve();
        }, 1000);
  orphaned?.unref();
  if (signal?.aborted) resolve();
  else signal?.addEventListener('abort', resolve, { once: true });
  return {
    stopped,
    dispose() {
      if (timer) clearTimeout(timer);
      clearInterval(orphaned);
      process.off('SIGINT', resolve);
      process.off('SIGTERM', resolve);
      signal?.removeEventListener('abort', resolve);
    },
  };
}

function formatWeb(
  url: string,
  fallbackFrom: number | undefined,
  logins: readonly DemoLogin[],
  web: boolean,
): string {
  const width = Math.max(...logins.map((l) => `${l.username} / ${l.password}`.length));
  return [
    `  console:        ${url}${fallbackFrom === undefined ? '' : ` (port ${fallbackFrom} is in use; took a free port instead)`}`,
    web ? '' : '                  (the web build is missing: run `npm run build`; the API is served alone)',
    `  API:            ${url}/api  (OpenAPI at ${url}/docs)`,
    '  logins:',
    ...logins.map(
      (l) => `    ${`${l.username} / ${l.password}`.padEnd(width)}  ${l.role.padEnd(8)}  ${l.note}`,
    ),
    '',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}

/**
 * Runs the demo until SIGINT/SIGTERM, `signal` aborts, or `durationSeconds` pass: starts the
 * platform (fleet with a theft from the start, head-end, MDM, billing, prepayment) and the web
 * server, prints the URL and the logins, backfills the history with a progress bar, bills the
 * history, injects a tamper and a transformer outage, then collects every simulated 15 minutes
 * (or back to back when slower) with a status line every `statusIntervalSeconds`.
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
  let platform: Platform | undefined;
  let app: Api | undefined;
  let status: NodeJS.Timeout | undefined;
  try {
    const dataDir = settings.dataDir ?? (await mkdtemp(join(tmpdir(), 'gridmeter-demo-')));
    const historyStart = historyStartOf(start, settings.historyDays);
    const theft = initialScenarios({ seed: settings.seed, meters: settings.meters, historyStart });
    platform = await startPlatform({
      meters: settings.meters,
      seed: settings.seed,
      speed: settings.speed,
      historyDays: settings.historyDays,
      dlmsHost: settings.dlmsHost,
      dlmsPort: settings.dlmsPort,
      dataDir,
      concurrency: settings.concurrency,
      scenarios: theft.map((s) => s.scenario),
      startAt: start,
      prepayment: (parts) => prepaymentLedgerFor(parts, historyStart),
    });
    const live = platform;
    const counters = new DemoCounters(live.services.bus);
    const users = await UserStore.open({ file: join(dataDir, 'users.json') });
    const logins = demoLogins(live.catalogue);
    await seedUsers(users, logins);
    const audit = await AuditLog.open({ file: join(dataDir, 'audit.ndjson') });
    const root = webRoot();
    app = await createApi({ services: live.services, users, audit, ...(root ? { webRoot: root } : {}) });
    const web = await listenWeb(app, settings.host, settings.port);
    const url = `http://${settings.host}:${web.port}`;
    write(
      formatReady({
        fleet: live.fleet,
        host: settings.dlmsHost,
        listening: live.listening,
        pushPort: live.pushPort,
        scenarios: theft,
        historyDays: settings.historyDays,
      }),
    );
    write(`  data:           ${dataDir}\n`);
    write(formatWeb(url, web.fallbackFrom, logins, root !== undefined));
    // Stopping closes the pool: queued reads are cancelled and the round in progress ends.
    void stop.stopped.then(() => live.headEnd.close());

    const ids = live.catalogue.map((e) => e.meterId);
    write(`backfilling ${settings.historyDays} days of load profile from ${ids.length} meters\n`);
    const bar = progress(write, 'backfill', settings.tty);
    live.progress = { done: 0, total: ids.length };
    const backfill = await live.headEnd.collect(ids, ['profile', 'registers', 'events'], (done, total) => {
      live.progress = { done, total };
      bar(done, total);
    });
    await live.pipeline.flush();
    live.progress = undefined;
    const yesterday = Math.floor(live.headEnd.clock.now() / DAY_MS) * DAY_MS - DAY_MS;
    write(
      `backfill done in ${(backfill.elapsedMs / 1000).toFixed(1)} s: ${backfill.intervals} intervals from ` +
        `${backfill.succeeded} meters, ${backfill.failed} failed (${reasons(backfill.failuresByReason)}); ` +
        `yesterday ${percent(live.headEnd.kpis.completeness(yesterday, ids))} complete\n`,
    );
    const mdm = live.pipeline.stats;
    write(
      `mdm: ${mdm.ingest.inserted} intervals stored in ${mdm.ingest.batches} batches (raw writes ` +
        `${(mdm.ingest.writeMs / 1000).toFixed(1)} s), ${mdm.vee.validatedVersions} validated and ` +
        `${mdm.vee.estimatedVersions} estimated versions, ${mdm.vee.findings} VEE findings ` +
        `(VEE ${(mdm.vee.ms / 1000).toFixed(1)} s, rollups ${(mdm.rollups.ms / 1000).toFixed(1)} s)\n`,
    );
    if (!stopping) {
      const run = await live.services.billing.runBills(
        { from: historyStart, to: yesterday + DAY_MS },
        'demo',
      );
      write(
        `bill run ${run.id}: ${run.billed} bills for the ${settings.historyDays} days of history, ` +
          `${run.failed} failed, in ${run.elapsedMs} ms\n`,
      );
    }
    for (const s of liveScenarios(live.fleet.spec, live.fleet.clock.now())) {
      live.fleet.injectScenario(s.scenario);
      write(`scenario: ${s.description}\n`);
    }
    let rounds = 0;
    const tick = () => write(formatStatus(live.headEnd, ids, counters, rounds));
    tick();
    status = setInterval(tick, settings.statusIntervalSeconds * 1000);
    while (!stopping) {
      await live.headEnd.collect(ids, ROUND_JOBS);
      if (stopping) break;
      rounds++;
      const next = (Math.floor(live.fleet.clock.now() / ROUND_EVERY_MS) + 1) * ROUND_EVERY_MS;
      await wait(live.fleet.clock.realDelayUntil(next), stop.stopped);
    }
    tick();
  } finally {
    stop.dispose();
    if (status) clearInterval(status);
    await app?.close();
    await platform?.close();
  }
  write('stopped\n');
}
