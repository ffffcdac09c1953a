/**
 * Head-end collection benchmark: a day's collection from a simulated fleet over real TCP.
 *
 *   npm run bench -w packages/headend                       # 100,000 meters
 *   npm run bench -w packages/headend -- --quick            # 2,000 meters (smoke run)
 *   npm run bench -w packages/headend -- --meters 20000 --concurrency 300 --cpu-prof
 *   npm run bench -w packages/headend -- --sim-processes 1   # the whole fleet in one process
 *
 * Child processes on this machine, talking over loopback only:
 * - simulator: a fleet of N customer meters (seed 42, history from two days back, clock frozen at
 *   00:20 UTC so yesterday is complete), every meter on its own address 127.1.x.y, served by
 *   `--sim-processes` processes (default 2, one per core) that each own the meters
 *   `Fleet.shardOf` gives them (whole transformers) and listen on one socket 0.0.0.0:<random port>;
 * - head-end: a registry built from the fleet's identities (the simulator's keys derive from the
 *   seed), a HeadEnd with a pool of `--concurrency` sessions (default 400) and an InProcessBus
 *   that counts what is published; one round of jobs profile, registers, billing, events for every
 *   meter, the profile backfilled from the start of yesterday. Each session: connect, AARQ with
 *   HLS-GMAC and suite 0 authenticated encryption, HLS pass 3/4, one GET-Request-With-List of
 *   the load profile (range), the registers, daily billing (range) and six event logs (range),
 *   RLRQ, close.
 *
 * Prints meters, sessions/s, readings/s, intervals/s, elapsed, completeness of yesterday, failures
 * by reason, session latency percentiles, CPU and peak RSS of both sides (the simulator's summed
 * over its processes), and where a session's wall time goes. Both sides run with a larger young
 * generation (`--semi-space MB`, default 64: V8's --max-semi-space-size), as a server would. Bounded: after 6 minutes every child is killed and what was done so
 * far is reported. `--cpu-prof` writes V8 CPU profiles of each child (main thread and tsx's loader thread) to
 * integration/bench/.prof/<child>/. `--dist` runs both children on the packages' built dist/
 * (run `npm run build` first) instead of their TypeScript sources.
 */
import { cpus, totalmem } from 'node:os';
import type { BusCounts, CollectReport } from './headend-child.js';
import { Child, openFileLimit, type ProcessSample } from './ipc.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function positiveInt(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw.replaceAll('_', '').replaceAll(',', ''));
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

const quick = process.argv.includes('--quick');
const METERS = positiveInt('--meters', quick ? 2_000 : 100_000);
const CONCURRENCY = positiveInt('--concurrency', 400);
const CPU_PROF = process.argv.includes('--cpu-prof');
const SIM_PROCESSES = positiveInt('--sim-processes', 2);
const SEMI_SPACE_MB = positiveInt('--semi-space', 64);
const JOBS = ['profile', 'registers', 'billing', 'events'] as const;
const DEADLINE_MS = 6 * 60_000;
const TARGET_MS = 2 * 60_000;
const PROGRESS_EVERY_MS = 10_000;

const children = new Set<Child>();
function spawn(name: string, script: string): Child {
  const flags = [
    `--max-semi-space-size=${SEMI_SPACE_MB}`,
    ...(CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${new URL(`./.prof/${name}/`, import.meta.url).pathname}`]
      : []),
  ];
  const c = new Child(name, script, flags);
  children.add(c);
  c.process.on('exit', () => children.delete(c));
  return c;
}
function killAll(): void {
  for (const c of children) c.kill();
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

const MB = 1024 * 1024;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${int(bytes / MB)} MiB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const rows: [string, string][] = [];
function row(name: string, value: string): void {
  rows.push([name, value]);
  console.log(`  ${name}: ${value}`);
}

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s`;

interface Progress {
  done: number;
  running: number;
  retries: number;
  failed: number;
  intervalValues: number;
  sample: ProcessSample;
}
type SimSample = {
  sample: ProcessSample;
  stats: {
    materialised: number;
    sessionsOpen: number;
    connectionsAccepted: number;
    connectionsRefused: number;
  };
  errors: { count: number; last: string };
};

/** The simulator processes as one: CPU, RSS and counters summed, peak RSS summed over processes. */
function sumSamples(samples: readonly SimSample[]): SimSample {
  const sum = (f: (s: SimSample) => number) => samples.reduce((a, s) => a + f(s), 0);
  return {
    sample: {
      rssBytes: sum((s) => s.sample.rssBytes),
      maxRssBytes: sum((s) => s.sample.maxRssBytes),
      heapUsedBytes: sum((s) => s.sample.heapUsedBytes),
      cpuMicros: sum((s) => s.sample.cpuMicros),
      systemMicros: sum((s) => s.sample.systemMicros),
      openFiles: sum((s) => s.sample.openFiles),
    },
    stats: {
      materialised: sum((s) => s.stats.materialised),
      sessionsOpen: sum((s) => s.stats.sessionsOpen),
      connectionsAccepted: sum((s) => s.stats.connectionsAccepted),
      connectionsRefused: sum((s) => s.stats.connectionsRefused),
    },
    errors: {
      count: sum((s) => s.errors.count),
      last: samples.map((s) => s.errors.last).find((l) => l !== '') ?? '',
    },
  };
}

function cpuLine(cpuMicros: number, wallMs: number, systemMicros: number): string {
  return `${(cpuMicros / 1e6).toFixed(1)} s (${((cpuMicros / 1000 / wallMs) * 100).toFixed(0)} % of a core; ${((systemMicros / Math.max(1, cpuMicros)) * 100).toFixed(0)} % of it in the kernel)`;
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(
    `Gridmeter head-end collection benchmark — ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.versions.node}, open-file limit ${int(openFileLimit())}${quick ? ' (quick)' : ''}`,
  );
  console.log(
    `${int(METERS)} meters, jobs ${JOBS.join(', ')}, profile backfill from the start of yesterday, pool ${CONCURRENCY} sessions at once, simulator in ${SIM_PROCESSES} process${SIM_PROCESSES === 1 ? '' : 'es'}, semi-space ${SEMI_SPACE_MB} MB, code from ${process.argv.includes('--dist') ? 'dist/ (tsc)' : 'src/ (tsx)'}`,
  );

  const sims = Array.from({ length: SIM_PROCESSES }, (_, i) =>
    spawn(SIM_PROCESSES === 1 ? 'simulator' : `simulator-${i}`, './simulator-child.ts'),
  );
  const he = spawn('headend', './headend-child.ts');
  const simSample = async (timeoutMs?: number) =>
    sumSamples(await Promise.all(sims.map((s) => s.call<SimSample>({ cmd: 'sample' }, timeoutMs))));

  console.log(`\n[${elapsed()}] Setup`);
  const shards = await Promise.all(
    sims.map((sim, index) =>
      sim.call<{ port: number; fleetSize: number; sample: ProcessSample }>({
        cmd: 'listen',
        meters: METERS,
        concurrency: CONCURRENCY,
        ...(SIM_PROCESSES > 1 ? { shard: { index, count: SIM_PROCESSES } } : {}),
      }),
    ),
  );
  const listening = shards[0]!;
  const ports = shards.map((s) => s.port);
  const setup = await he.call<{ meters: number; setupMs: number; sample: ProcessSample }>(
    { cmd: 'setup', ports, meters: METERS, concurrency: CONCURRENCY },
    120_000,
  );
  row(
    'meters',
    `${int(setup.meters)} customer meters (fleet of ${int(listening.fleetSize)} with check meters)`,
  );
  row(
    'setup',
    `simulator listening on 0.0.0.0:${ports.join(', ')} (RSS ${shards.map((l) => mib(l.sample.rssBytes)).join(', ')}); head-end registry sealed and HeadEnd built in ${secs(setup.setupMs)} (RSS ${mib(setup.sample.rssBytes)})`,
  );

  console.log(`\n[${elapsed()}] Collecting`);
  const sim0 = await simSample();
  const t0 = performance.now();
  const collecting = he.call<{ report: CollectReport }>({ cmd: 'collect', jobs: JOBS }, DEADLINE_MS);
  let last: Progress | undefined;
  let simLast = sim0;
  let finished = false;
  void collecting.finally(() => {
    finished = true;
  });
  const progress = setInterval(async () => {
    try {
      const [p, s] = await Promise.all([he.call<Progress>({ cmd: 'progress' }, 5_000), simSample(5_000)]);
      if (finished) return;
      const wall = performance.now() - t0;
      const simCpu = (s.sample.cpuMicros - simLast.sample.cpuMicros) / 1000 / PROGRESS_EVERY_MS;
      const heCpu = last
        ? (p.sample.cpuMicros - last.sample.cpuMicros) / 1000 / PROGRESS_EVERY_MS
        : undefined;
      console.log(
        `  [${elapsed()}] ${int(p.done)} / ${int(METERS)} meters (${int(p.done / (wall / 1000))} /s), ${p.running} sessions open, ${int(p.retries)} retries, ${int(p.failed)} failed; CPU simulator ${(simCpu * 100).toFixed(0)} %, head-end ${heCpu === undefined ? '–' : `${(heCpu * 100).toFixed(0)} %`}; RSS simulator ${mib(s.sample.rssBytes)}, head-end ${mib(p.sample.rssBytes)}`,
      );
      last = p;
      simLast = s;
    } catch {
      // A child busy for 5 s: skip this line.
    }
  }, PROGRESS_EVERY_MS);

  const deadline = new Promise<'deadline'>((resolve) =>
    setTimeout(() => resolve('deadline'), DEADLINE_MS - (performance.now() - started)).unref(),
  );
  const outcome = await Promise.race([collecting, deadline]);
  clearInterval(progress);
  const wallMs = performance.now() - t0;
  if (outcome === 'deadline') {
    console.error(`\nBenchmark exceeded ${DEADLINE_MS / 60_000} minutes; stopping every child.`);
    if (last) {
      row(
        'stopped after',
        `${secs(wallMs)}: ${int(last.done)} of ${int(METERS)} meters done (${int(last.done / (wallMs / 1000))} /s at the last progress report), ${int(last.failed)} failed`,
      );
    }
    killAll();
    process.exit(2);
  }
  const r = outcome.report;
  const simEnd = await simSample();
  printReport(r, wallMs, sim0, simEnd);
  if (CPU_PROF)
    await Promise.all([he.stop(), ...sims.map((sim) => sim.call({ cmd: 'close' }).then(() => sim.stop()))]);
  else await Promise.all(sims.map((sim) => sim.call({ cmd: 'close' })));

  console.log(`\nSummary (${elapsed().trim()} in all)`);
  const w = Math.max(...rows.map(([n]) => n.length));
  console.log(`| ${'measure'.padEnd(w)} | value |`);
  console.log(`|${'-'.repeat(w + 2)}|-------|`);
  for (const [n, v] of rows) console.log(`| ${n.padEnd(w)} | ${v} |`);
  if (CPU_PROF) console.log(`\nCPU profiles: ${new URL('./.prof/', import.meta.url).pathname}`);
}

function printReport(r: CollectReport, wallMs: number, sim0: SimSample, simEnd: SimSample): void {
  const { round } = r;
  const s = round.elapsedMs / 1000;
  const b: BusCounts = r.bus;
  const readings = b.intervalValues + b.registerReads + b.billingReads + b.events;
  console.log(`\n[${elapsed()}] Results`);
  row(
    'elapsed',
    `${secs(round.elapsedMs)} for ${int(round.meters)} meters (target ≤ ${secs(TARGET_MS)}: ${round.elapsedMs <= TARGET_MS ? 'met' : 'NOT met'})`,
  );
  row(
    'sessions/s',
    `${int(round.succeeded / s)} (${int(round.succeeded)} meters read, ${int(round.failed)} failed; ${int(r.attempts)} sessions attempted, ${int(r.retries)} retries)`,
  );
  row(
    'readings/s',
    `${int(readings / s)} (${int(readings)}: ${int(b.intervalValues)} interval values, ${int(b.registerReads)} register reads, ${int(b.billingReads)} billing values, ${int(b.events)} events)`,
  );
  row(
    'intervals/s',
    `${int(round.intervals / s)} (${int(round.intervals)} intervals, ${int(b.blocks)} blocks)`,
  );
  row('bus messages/s', `${int(b.messages / s)} (${int(b.messages)})`);
  row(
    'completeness of yesterday',
    `${pct(r.completenessYesterday)} (${int(r.metersComplete)} of ${int(round.meters)} meters with all 96 intervals)`,
  );
  const reasons = Object.entries(round.failuresByReason);
  row(
    'failures by reason',
    reasons.length === 0 ? 'none' : reasons.map(([k, v]) => `${k} ${int(v)}`).join(', '),
  );
  row(
    'session latency (one attempt: connect … close)',
    `p50 ${int(r.sessionMs.p50Ms)} ms, p95 ${int(r.sessionMs.p95Ms)} ms, p99 ${int(r.sessionMs.p99Ms)} ms, max ${int(r.sessionMs.maxMs)} ms`,
  );
  const simCpu = simEnd.sample.cpuMicros - sim0.sample.cpuMicros;
  const simSystem = simEnd.sample.systemMicros - sim0.sample.systemMicros;
  row(
    'CPU, simulator',
    `${cpuLine(simCpu, wallMs, simSystem)}${SIM_PROCESSES > 1 ? ` over ${SIM_PROCESSES} processes` : ''}, ${(simCpu / 1000 / Math.max(1, round.succeeded)).toFixed(2)} ms per session`,
  );
  row(
    'CPU, head-end',
    `${cpuLine(r.cpuMicros, wallMs, r.systemMicros)}, ${(r.cpuMicros / 1000 / Math.max(1, round.succeeded)).toFixed(2)} ms per session`,
  );
  row(
    'RSS peak, simulator',
    `${mib(simEnd.sample.maxRssBytes)}${SIM_PROCESSES > 1 ? ` summed over ${SIM_PROCESSES} processes` : ''} (now ${mib(simEnd.sample.rssBytes)}, ${int(simEnd.stats.materialised)} meters materialised, ${int(simEnd.stats.connectionsAccepted)} connections accepted)`,
  );
  row('RSS peak, head-end', `${mib(r.sample.maxRssBytes)} (now ${mib(r.sample.rssBytes)})`);
  if (simEnd.errors.count > 0)
    row('simulator socket errors', `${simEnd.errors.count} (last: ${simEnd.errors.last})`);
  const sessions = Math.max(1, r.attempts);
  const steps = Object.entries(r.phases)
    .sort((a, c) => c[1].ms - a[1].ms)
    .map(
      ([name, p]) =>
        `${name} ${(p.ms / sessions).toFixed(1)} ms${p.count > sessions * 1.5 ? ` (${(p.count / sessions).toFixed(0)} GETs)` : ''}`,
    );
  const perSession = Object.values(r.phases).reduce((a, p) => a + p.ms, 0) / sessions;
  row('session wall time by step (mean per session)', `${perSession.toFixed(0)} ms: ${steps.join('; ')}`);
}

main().then(
  () => {
    killAll();
    process.exit(0);
  },
  (e: unknown) => {
    console.error(e);
    killAll();
    process.exit(1);
  },
);
