/**
 * Benchmark child (forked by run.ts with --expose-gc): the memory a fleet costs. Creates a fleet
 * of `meters`, then materialises meters spread over the fleet (runtime(i) and a read of the
 * active import register, so the meter catches up from historyStart) and reports RSS at each
 * step. Each run is a fresh process so its RSS baseline is clean.
 */
import { Fleet } from '../src/fleet/fleet.js';
import { SimClock } from '../src/fleet/sim-clock.js';
import { Quantity, slot } from '../src/meter/registers.js';
import { HISTORY_START, NOW, SEED, serveCommands } from './ipc.js';

export interface MemoryStep {
  /** Meters touched so far. */
  readonly touched: number;
  readonly materialised: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Mean wall time of one materialisation (construct + catch-up + read) in this step, ms. */
  readonly msPerMaterialisation: number;
}

export interface MemoryResult {
  readonly meters: number;
  readonly fleetSize: number;
  readonly maxCachedMeters: number | 'default';
  readonly baselineRssBytes: number;
  readonly createdRssBytes: number;
  readonly createdHeapBytes: number;
  readonly baselineHeapBytes: number;
  readonly createMs: number;
  readonly steps: readonly MemoryStep[];
  /** Sum of the active import registers read (keeps the reads from being optimised away). */
  readonly checksumWh: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
function settled(): NodeJS.MemoryUsage {
  gc();
  gc();
  return process.memoryUsage();
}

serveCommands(async (cmd) => {
  if (cmd.cmd !== 'memory') throw new Error(`unknown command ${cmd.cmd}`);
  const meters = cmd.meters as number;
  const samples = cmd.samples as number[];
  const maxCached = cmd.maxCachedMeters as number | undefined;
  const base = settled();
  const t0 = performance.now();
  const fleet = new Fleet({
    spec: { seed: SEED, meters, historyStart: HISTORY_START },
    clock: new SimClock(NOW, { frozen: true }),
    ...(maxCached === undefined ? {} : { maxCachedMeters: maxCached }),
  });
  const createMs = performance.now() - t0;
  const created = settled();
  const steps: MemoryStep[] = [];
  // Touch meters in a scattered order (a stride coprime with the fleet size) as clients would.
  const stride = 7_919;
  let touched = 0;
  let checksumWh = 0;
  const activeImport = slot(Quantity.activeImport, 0);
  for (const target of samples) {
    const t = performance.now();
    const from = touched;
    for (; touched < target; touched++) {
      const r = fleet.runtime((touched * stride) % meters);
      checksumWh += r.meter.registersAt(r.settle())[activeImport]!;
    }
    const ms = performance.now() - t;
    const m = settled();
    steps.push({
      touched,
      materialised: fleet.materialised,
      rssBytes: m.rss,
      heapUsedBytes: m.heapUsed,
      msPerMaterialisation: ms / Math.max(1, touched - from),
    });
  }
  const result: MemoryResult = {
    meters,
    fleetSize: fleet.size,
    maxCachedMeters: maxCached ?? 'default',
    baselineRssBytes: base.rss,
    baselineHeapBytes: base.heapUsed,
    createdRssBytes: created.rss,
    createdHeapBytes: created.heapUsed,
    createMs,
    steps,
    checksumWh,
  };
  return { result };
});
