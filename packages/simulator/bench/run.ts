/**
 * Fleet benchmark: meters held, RSS per meter, sessions served per second, sessions held at once.
 *
 *   npm run bench -w packages/simulator
 *
 * 1. Memory (a fresh process each, --expose-gc): a fleet of 1,000,000 customer meters on a frozen
 *    clock with three days of history; RSS before and after creating it (the idle cost), then
 *    after materialising 10,000 and 50,000 meters (runtime(i) + a register read, so each catches
 *    up ~300 intervals) with a cache that holds them all, and with the default cache (5,000).
 * 2. Sessions over real TCP on loopback: a server process runs a 100,000-meter fleet on
 *    0.0.0.0:<random port>; two client processes dial distinct meter addresses (127.1.x.y), each
 *    session connect → AARQ (reader, LLS) → GET register → RLRQ → close, 500 at a time per client:
 *    first contact with 20,000 meters (each materialised and caught up by its session), then
 *    10,000 sessions to 2,000 meters already materialised. Then the clients open sessions and
 *    keep them until 20,000 are open at once (or the server's open-file limit stops them) while
 *    the server reports its RSS and CPU.
 *
 * Everything is bounded: fixed counts, a 240 s deadline after which every child is killed.
 */
import { cpus, totalmem } from 'node:os';
import type { ClientRunResult } from './client.js';
import { Child, type ProcessSample } from './ipc.js';
import type { MemoryResult } from './memory.js';

const quick = process.argv.includes('--quick');
const MEMORY_METERS = 1_000_000;
const MEMORY_SAMPLES = quick ? [2_000, 5_000] : [10_000, 50_000];
const DEFAULT_CACHE_TOUCHES = quick ? [3_000, 6_000] : [5_000, 15_000];
const SERVER_METERS = 100_000;
const CLIENTS = 2;
const CONCURRENCY = 500;
const COLD_SESSIONS = quick ? 2_000 : 20_000;
const WARM_METERS = quick ? 500 : 2_000;
const WARM_SESSIONS = quick ? 2_000 : 10_000;
const HOLD_TARGET = quick ? 2_000 : 20_000;
const DEADLINE_MS = 240_000;

const children = new Set<Child>();
function spawn(name: string, script: string, nodeFlags: string[] = []): Child {
  const c = new Child(name, script, [], nodeFlags);
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
const deadline = setTimeout(() => {
  console.error(`Benchmark exceeded ${DEADLINE_MS / 1000} s; stopping every child.`);
  killAll();
  process.exit(2);
}, DEADLINE_MS);
deadline.unref();

const MB = 1024 * 1024;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / MB).toFixed(0)} MiB`;
const rows: [string, string][] = [];
function row(name: string, value: string): void {
  rows.push([name, value]);
  console.log(`  ${name}: ${value}`);
}

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

async function memory(maxCachedMeters: number | undefined, samples: number[]): Promise<MemoryResult> {
  const child = spawn('memory', './memory.ts', ['--expose-gc']);
  try {
    const r = await child.call<{ result: MemoryResult }>(
      { cmd: 'memory', meters: MEMORY_METERS, samples, maxCachedMeters },
      150_000,
    );
    return r.result;
  } finally {
    child.kill();
  }
}

function ranges(first: number, count: number, clients: number) {
  return Array.from({ length: clients }, (_, k) => ({
    first: first + k,
    step: clients,
    count: Math.floor(count / clients) + (k < count % clients ? 1 : 0),
  }));
}

type ServerSample = {
  sample: ProcessSample;
  stats: { materialised: number; sessionsOpen: number; connectionsAccepted: number };
  errors: { count: number; last: string };
};

async function sessionsPhase(
  server: Child,
  clients: Child[],
  cmd: 'sessions' | 'hold',
  first: number,
  count: number,
) {
  const before = await server.call<ServerSample>({ cmd: 'sample' });
  const t0 = performance.now();
  const results = await Promise.all(
    ranges(first, count, clients.length).map((range, k) =>
      clients[k]!.call<{ result: ClientRunResult; sample?: ProcessSample }>(
        { cmd, range, concurrency: CONCURRENCY },
        150_000,
      ),
    ),
  );
  const wallMs = performance.now() - t0;
  const after = await server.call<ServerSample>({ cmd: 'sample' });
  const ok = results.reduce((a, r) => a + r.result.ok, 0);
  const failed = results.reduce((a, r) => a + r.result.failed, 0);
  const firstError = results.find((r) => r.result.firstError)?.result.firstError;
  const p50 = Math.max(...results.map((r) => r.result.p50Ms));
  const p99 = Math.max(...results.map((r) => r.result.p99Ms));
  const serverCpuMs = (after.sample.cpuMicros - before.sample.cpuMicros) / 1000;
  return { ok, failed, firstError, wallMs, p50, p99, serverCpuMs, before, after, results };
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(
    `Gridmeter fleet benchmark — ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.versions.node}${quick ? ' (quick)' : ''}`,
  );

  console.log(`\n[${elapsed()}] Memory: ${int(MEMORY_METERS)} meters, 3 days of history, frozen clock`);
  const big = await memory(MEMORY_SAMPLES.at(-1)! + 10_000, MEMORY_SAMPLES);
  row('meters held (customer + check meters)', `${int(big.meters)} + ${int(big.fleetSize - big.meters)}`);
  row('fleet creation', `${big.createMs.toFixed(0)} ms`);
  row(
    'RSS empty process → fleet created',
    `${mib(big.baselineRssBytes)} → ${mib(big.createdRssBytes)} (heap ${mib(big.baselineHeapBytes)} → ${mib(big.createdHeapBytes)})`,
  );
  row(
    'RSS per idle meter',
    `${((big.createdRssBytes - big.baselineRssBytes) / big.fleetSize).toFixed(1)} B (heap ${((big.createdHeapBytes - big.baselineHeapBytes) / big.fleetSize).toFixed(1)} B)`,
  );
  for (const s of big.steps) {
    row(
      `${int(s.materialised)} materialised (cache ${int(Number(big.maxCachedMeters))})`,
      `RSS ${mib(s.rssBytes)}, ${int((s.rssBytes - big.createdRssBytes) / s.materialised)} B RSS / ${int((s.heapUsedBytes - big.createdHeapBytes) / s.materialised)} B heap per materialised meter, ${s.msPerMaterialisation.toFixed(2)} ms per materialisation`,
    );
  }
  const last = big.steps.at(-1)!;
  row(
    `RSS, ${int(big.meters)}-meter fleet with ${int(last.materialised)} materialised`,
    `${mib(last.rssBytes)} (target ≤ 2 GB: ${last.rssBytes <= 2e9 ? 'met' : 'NOT met'})`,
  );

  console.log(`\n[${elapsed()}] Memory with the default cache`);
  const dflt = await memory(undefined, DEFAULT_CACHE_TOUCHES);
  for (const s of dflt.steps) {
    row(
      `${int(s.touched)} meters touched, default cache`,
      `${int(s.materialised)} materialised, RSS ${mib(s.rssBytes)} (heap ${mib(s.heapUsedBytes)}), ${s.msPerMaterialisation.toFixed(2)} ms per touch`,
    );
  }

  console.log(
    `\n[${elapsed()}] Sessions: server with ${int(SERVER_METERS)} meters, ${CLIENTS} client processes × ${CONCURRENCY} concurrent`,
  );
  const server = spawn('server', './server.ts');
  const { port } = await server.call<{ port: number }>({ cmd: 'listen', meters: SERVER_METERS });
  const clients = Array.from({ length: CLIENTS }, (_, k) => spawn(`client ${k + 1}`, './client.ts'));
  await Promise.all(clients.map((c) => c.call({ cmd: 'init', port, meters: SERVER_METERS })));
  const idle = await server.call<ServerSample>({ cmd: 'sample' });
  row('server RSS, listening', mib(idle.sample.rssBytes));

  const cold = await sessionsPhase(server, clients, 'sessions', 0, COLD_SESSIONS);
  row(
    `sessions, first contact (${int(COLD_SESSIONS)} distinct meters)`,
    `${int(cold.ok / (cold.wallMs / 1000))} sessions/s (${int(cold.ok)} ok, ${int(cold.failed)} failed in ${(cold.wallMs / 1000).toFixed(1)} s; p50 ${cold.p50.toFixed(0)} ms, p99 ${cold.p99.toFixed(0)} ms; server CPU ${(cold.serverCpuMs / Math.max(1, cold.ok)).toFixed(2)} ms/session)`,
  );
  if (cold.firstError) row('  first error', cold.firstError);

  const warmFirst = 90_000;
  await sessionsPhase(server, clients, 'sessions', warmFirst, WARM_METERS); // materialise them
  const warm = await (async () => {
    const runs = [];
    for (let i = 0; i < WARM_SESSIONS / WARM_METERS; i++)
      runs.push(await sessionsPhase(server, clients, 'sessions', warmFirst, WARM_METERS));
    return {
      ok: runs.reduce((a, r) => a + r.ok, 0),
      failed: runs.reduce((a, r) => a + r.failed, 0),
      wallMs: runs.reduce((a, r) => a + r.wallMs, 0),
      serverCpuMs: runs.reduce((a, r) => a + r.serverCpuMs, 0),
      p50: Math.max(...runs.map((r) => r.p50)),
      p99: Math.max(...runs.map((r) => r.p99)),
      firstError: runs.find((r) => r.firstError)?.firstError,
    };
  })();
  row(
    `sessions, meters materialised (${int(WARM_SESSIONS)} to ${int(WARM_METERS)} meters)`,
    `${int(warm.ok / (warm.wallMs / 1000))} sessions/s (${int(warm.ok)} ok, ${int(warm.failed)} failed in ${(warm.wallMs / 1000).toFixed(1)} s; p50 ${warm.p50.toFixed(0)} ms, p99 ${warm.p99.toFixed(0)} ms; server CPU ${(warm.serverCpuMs / Math.max(1, warm.ok)).toFixed(2)} ms/session)`,
  );
  if (warm.firstError) row('  first error', warm.firstError);

  // Hold: as many open sessions as asked, unless the server's descriptor limit stops it first.
  const pre = await server.call<ServerSample>({ cmd: 'sample' });
  const fdRoom =
    pre.sample.openFileLimit > 0 ? pre.sample.openFileLimit - pre.sample.openFiles - 16 : HOLD_TARGET;
  const holdCount = Math.min(HOLD_TARGET, fdRoom);
  const limitNote =
    holdCount < HOLD_TARGET
      ? ` (server open-file limit ${int(pre.sample.openFileLimit)} with ${pre.sample.openFiles} descriptors in use allows ${int(fdRoom)})`
      : '';
  const hold = await sessionsPhase(server, clients, 'hold', 40_000, holdCount);
  const t = performance.now();
  await new Promise((r) => setTimeout(r, 3_000));
  const later = await server.call<ServerSample>({ cmd: 'sample' });
  const idleCpu = (later.sample.cpuMicros - hold.after.sample.cpuMicros) / 1000 / (performance.now() - t);
  row(
    'sessions open at once',
    `${int(hold.after.stats.sessionsOpen)} of ${int(HOLD_TARGET)} asked${limitNote}; ${int(hold.failed)} failed; opened in ${(hold.wallMs / 1000).toFixed(1)} s (${int(hold.ok / (hold.wallMs / 1000))} /s)`,
  );
  if (hold.firstError) row('  first error', hold.firstError);
  row(
    'server while holding them',
    `RSS ${mib(later.sample.rssBytes)} (${int((later.sample.rssBytes - pre.sample.rssBytes) / Math.max(1, hold.ok))} B per open session over ${mib(pre.sample.rssBytes)} before), heap ${mib(later.sample.heapUsedBytes)}, ${int(later.stats.materialised)} meters materialised, ${later.sample.openFiles} open files, CPU ${(idleCpu * 100).toFixed(1)} % idle-holding, ${((hold.serverCpuMs / Math.max(1, hold.ok)) * 1).toFixed(2)} ms CPU per session opened`,
  );
  row(
    'client processes while holding',
    hold.results
      .map((r, k) => `#${k + 1} ${int(r.result.ok)} open, RSS ${mib(r.sample!.rssBytes)}`)
      .join('; '),
  );
  if (later.errors.count > 0)
    row('server socket errors', `${later.errors.count} (last: ${later.errors.last})`);
  await Promise.all(clients.map((c) => c.call({ cmd: 'drop' })));
  await server.call({ cmd: 'close' });

  console.log(`\nSummary (${elapsed()} in all)`);
  const w = Math.max(...rows.map(([n]) => n.length));
  console.log(`| ${'measure'.padEnd(w)} | value |`);
  console.log(`|${'-'.repeat(w + 2)}|-------|`);
  for (const [n, v] of rows) console.log(`| ${n.padEnd(w)} | ${v} |`);
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
