/**
 * Issue 6 evidence, crash safety: SIGKILL at random moments during ingest, many times, loses no
 * acknowledged reading and stores none twice. A child (crash-ingest-child.ts) ingests a
 * deterministic stream through the MDM pipeline and acknowledges each `ingestBlocks` call over
 * IPC; the parent kills it at a random moment, checks the store, and restarts it a few blocks
 * before the last acknowledged block, so every restart redelivers.
 *
 * Rollups: the pipeline stores a batch's VEE versions, its rollup deltas and its checkpoint in one
 * transaction. After every kill the test checks that each meter-day with VEE versions has meter
 * day and month rollups equal to the sums of its latest stored intervals and that no other
 * meter-day has one; then it runs the recovery a restart runs (`MdmPipeline.recover`: VEE for
 * the raw changes after the checkpoint) and checks every stored meter-day that way.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InProcessBus, type ReadingStore } from '@gridmeter/domain';
import { MdmPipeline } from '@gridmeter/mdm';
import { DuckDbReadingStore, PostgresReadingStore } from '@gridmeter/store';
import { describe, expect, it } from 'vitest';
import {
  CRASH_BATCH_BLOCKS,
  CRASH_BLOCK_INTERVALS,
  CRASH_CHANNEL,
  CRASH_METERS,
  CRASH_T0,
  crashBlockOf,
  crashMeter,
  crashValue,
} from './support/crash-stream.js';

const KILLS = 12;
/** Blocks before the last acknowledged one a restart begins at. */
const REDELIVER = 5;
const DAY_MS = 86_400_000;
const child = fileURLToPath(new URL('./crash-ingest-child.ts', import.meta.url));

interface Run {
  readonly first: number;
  /** End (exclusive) of the last batch the child acknowledged, or `first`. */
  readonly ackedTo: number;
  readonly acks: number;
  readonly killedAfterMs: number;
}

/** Starts the child at block `first`, SIGKILLs it at a random moment after it is ready. */
function runAndKill(spec: string, first: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    let ackedTo = first;
    let acks = 0;
    let killedAfterMs = 0;
    const proc: ChildProcess = fork(child, [spec, String(first)], {
      execArgv: ['--conditions=source', '--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    proc.on('message', (m: { type: string; from?: number; to?: number }) => {
      if (m.type === 'ready') {
        killedAfterMs = 150 + Math.floor(Math.random() * 1_350);
        setTimeout(() => proc.kill('SIGKILL'), killedAfterMs);
      } else if (m.type === 'ack' && m.from === ackedTo && m.to !== undefined) {
        ackedTo = m.to;
        acks++;
      }
    });
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ first, ackedTo, acks, killedAfterMs });
      else reject(new Error(`Crash child exited on its own (code ${String(code)}): ${stderr}`));
    });
  });
}

/** Raw versions per block: block → interval index → values of its raw versions. */
async function rawVersions(store: ReadingStore, blocks: number): Promise<Map<number, (number | null)[][]>> {
  const days = Math.ceil(blocks / CRASH_METERS) + 1;
  const out = new Map<number, (number | null)[][]>();
  for (let m = 0; m < CRASH_METERS; m++) {
    const versions = await store.readIntervalVersions({
      meterId: crashMeter(m),
      channel: CRASH_CHANNEL,
      from: CRASH_T0,
      to: CRASH_T0 + days * DAY_MS,
    });
    for (const v of versions) {
      if (v.kind !== 'raw') continue;
      const k = crashBlockOf(m, v.start);
      let block = out.get(k);
      if (!block) {
        block = Array.from({ length: CRASH_BLOCK_INTERVALS }, () => []);
        out.set(k, block);
      }
      block[((v.start - CRASH_T0) % DAY_MS) / 900_000]!.push(v.value);
    }
  }
  return out;
}

interface Verified {
  /** Blocks present in full (all raw intervals), acknowledged or not. */
  readonly present: Set<number>;
  readonly problems: string[];
}

/**
 * Checks the store after a kill: every block below `ackedTo` is there with exactly one raw version
 * per interval and the generator's values; no interval anywhere has two raw versions; each block
 * is whole or absent; the blocks stored since the last check beyond `ackedTo` form whole batches
 * of the run that was killed (its in-flight batch, and the next one in case an ack was lost).
 */
async function verify(
  store: ReadingStore,
  run: Run,
  ackedTo: number,
  before: ReadonlySet<number>,
): Promise<Verified> {
  const horizon = run.ackedTo + 2 * CRASH_BATCH_BLOCKS;
  const raw = await rawVersions(store, Math.max(horizon, ...before) + 1);
  const problems: string[] = [];
  const present = new Set<number>();
  for (const [k, intervals] of raw) {
    let n = 0;
    intervals.forEach((vals, i) => {
      if (vals.length > 1) problems.push(`block ${k} interval ${i}: ${vals.length} raw versions`);
      if (vals.length > 0) n++;
      if (vals.some((v) => v !== crashValue(k, i)))
        problems.push(`block ${k} interval ${i}: values ${vals.join(',')}`);
    });
    if (n !== 0 && n !== CRASH_BLOCK_INTERVALS)
      problems.push(`block ${k}: ${n} of ${CRASH_BLOCK_INTERVALS} intervals`);
    if (n === CRASH_BLOCK_INTERVALS) present.add(k);
  }
  for (let k = 0; k < ackedTo; k++) if (!present.has(k)) problems.push(`acknowledged block ${k} is missing`);
  const inFlight = [0, 1].map((j) => run.ackedTo + j * CRASH_BATCH_BLOCKS);
  for (const k of present) {
    if (k < ackedTo || before.has(k)) continue;
    if (!inFlight.some((a) => k >= a && k < a + CRASH_BATCH_BLOCKS)) {
      problems.push(`block ${k} stored but never in flight`);
    }
  }
  for (const a of inFlight) {
    const fresh = Array.from({ length: CRASH_BATCH_BLOCKS }, (_, j) => a + j).filter(
      (k) => k >= ackedTo && !before.has(k),
    );
    const stored = fresh.filter((k) => present.has(k)).length;
    if (stored !== 0 && stored !== fresh.length) {
      problems.push(`unacknowledged batch at ${a}: ${stored} of ${fresh.length} new blocks stored`);
    }
  }
  return { present, problems };
}

/** The crash child's pipeline configuration (recovery must validate as the child does). */
const CHILD_VEE = { historyDays: 7 } as const;

/**
 * Meter-day and meter-month rollups against the latest stored intervals. `everyDay`: each stored
 * meter-day must be rolled up; otherwise exactly the meter-days with VEE (validated or estimated)
 * versions must be. Returns the problems and how many meter-days were rolled up.
 */
async function checkRollups(
  store: ReadingStore,
  blocks: number,
  everyDay: boolean,
): Promise<{ problems: string[]; days: number }> {
  const days = Math.ceil(blocks / CRASH_METERS) + 1;
  const to = CRASH_T0 + days * DAY_MS;
  const problems: string[] = [];
  const rows = await store.readRollups({ scope: 'meter', period: 'day', from: CRASH_T0, to });
  const rolled = new Map(rows.map((r) => [`${r.scopeId}@${r.periodStart}`, r]));
  const months = await store.readRollups({
    scope: 'meter',
    period: 'month',
    from: CRASH_T0 - 31 * DAY_MS,
    to,
  });
  let rolledDays = 0;
  for (let m = 0; m < CRASH_METERS; m++) {
    const meter = crashMeter(m);
    const versions = await store.readIntervalVersions({
      meterId: meter,
      channel: CRASH_CHANNEL,
      from: CRASH_T0,
      to,
    });
    const latest = new Map<number, (typeof versions)[number]>();
    const veeDays = new Set<number>();
    for (const v of versions) {
      latest.set(v.start, v); // by start then version: the last one is the latest
      if (v.kind === 'validated' || v.kind === 'estimated')
        veeDays.add(v.start - ((v.start - CRASH_T0) % DAY_MS));
    }
    const sums = new Map<number, { energy: number; intervals: number; missing: number }>();
    for (const v of latest.values()) {
      const day = v.start - ((v.start - CRASH_T0) % DAY_MS);
      const s = sums.get(day) ?? { energy: 0, intervals: 0, missing: 0 };
      if (v.value === null) s.missing++;
      else {
        s.energy += v.value;
        s.intervals++;
      }
      sums.set(day, s);
    }
    const monthSums = new Map<number, number>();
    for (const [day, s] of sums) {
      const r = rolled.get(`${meter}@${day}`);
      const expected = everyDay || veeDays.has(day);
      if (!expected) {
        if (r) problems.push(`meter ${meter} day ${day}: rollup without VEE versions`);
        continue;
      }
      if (!r) {
        problems.push(`meter ${meter} day ${day}: VEE versions or raw data but no rollup`);
        continue;
      }
      rolledDays++;
      if (r.energy !== s.energy || r.intervals !== s.intervals || r.missing !== s.missing) {
        problems.push(
          `meter ${meter} day ${day}: rollup ${r.energy} Wh/${r.intervals}/${r.missing}, intervals ${s.energy} Wh/${s.intervals}/${s.missing}`,
        );
      }
      const month = Date.UTC(new Date(day).getUTCFullYear(), new Date(day).getUTCMonth(), 1);
      monthSums.set(month, (monthSums.get(month) ?? 0) + r.energy);
    }
    for (const [month, energy] of monthSums) {
      const r = months.find((x) => x.scopeId === meter && x.periodStart === month);
      if (r?.energy !== energy)
        problems.push(`meter ${meter} month ${month}: rollup ${r?.energy}, days ${energy}`);
    }
  }
  for (const r of rows) {
    if (!r.scopeId.startsWith('GMK')) problems.push(`unexpected rollup of ${r.scopeId}`);
  }
  return { problems, days: rolledDays };
}

async function crashLoop(spec: string, open: () => Promise<ReadingStore>): Promise<void> {
  const started = Date.now();
  let ackedTo = 0;
  let present = new Set<number>();
  const log: string[] = [];
  let redelivered = 0;
  for (let i = 0; i < KILLS; i++) {
    const first = Math.max(0, ackedTo - REDELIVER);
    redelivered += ackedTo - first;
    const run = await runAndKill(spec, first);
    let rollupLog = '';
    ackedTo = Math.max(ackedTo, run.ackedTo);
    const store = await open();
    try {
      const v = await verify(store, run, ackedTo, present);
      expect(v.problems, `after kill ${i + 1}`).toEqual([]);
      present = v.present;
      const horizon = Math.max(run.ackedTo + 2 * CRASH_BATCH_BLOCKS, ...present) + 1;
      const atomic = await checkRollups(store, horizon, false);
      expect(atomic.problems, `rollups after kill ${i + 1}`).toEqual([]);
      const recovered = await new MdmPipeline({ store, bus: new InProcessBus(), vee: CHILD_VEE }).recover();
      const all = await checkRollups(store, horizon, true);
      expect(all.problems, `rollups after kill ${i + 1} and recovery`).toEqual([]);
      rollupLog = `${atomic.days} meter-days rolled up at the kill, ${all.days} after recovery (${recovered.reduce((n, r) => n + r.windows, 0)} days validated again)`;
    } finally {
      await store.close();
    }
    log.push(
      `kill ${i + 1}: from block ${run.first}, ${run.acks} batches acked, killed ${run.killedAfterMs} ms after ready, acked up to ${ackedTo}, ${present.size} blocks stored; ${rollupLog}`,
    );
  }
  console.log(
    `${spec.split(':')[0]}: ${KILLS} SIGKILLs in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
      `${ackedTo} blocks (${ackedTo * CRASH_BLOCK_INTERVALS} intervals) acknowledged, ${redelivered} blocks redelivered\n  ${log.join('\n  ')}`,
  );
  expect(ackedTo).toBeGreaterThan(KILLS * 2);
  expect(redelivered).toBeGreaterThan(0);
}

describe('MDM ingest crash safety', () => {
  it(`DuckDB: ${KILLS} SIGKILLs during pipeline ingest lose no acknowledged reading, store none twice, keep rollups equal to the stored intervals`, {
    timeout: 300_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridmeter-crash-ingest-'));
    const path = join(dir, 'crash.duckdb');
    try {
      await crashLoop(`duckdb:${path}`, () => DuckDbReadingStore.open({ path }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`PostgreSQL: ${KILLS} SIGKILLs during pipeline ingest lose no acknowledged reading, store none twice, keep rollups equal to the stored intervals`, {
    timeout: 300_000,
  }, async () => {
    const url = 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `crash_${randomBytes(4).toString('hex')}`;
    try {
      await crashLoop(`postgres:${url}#${schema}`, () =>
        PostgresReadingStore.open({ connectionString: url, schema, poolSize: 2 }),
      );
    } finally {
      const store = await PostgresReadingStore.open({ connectionString: url, schema });
      await store.drop();
    }
  });
});
