/**
 * Issue 6 evidence, crash safety: SIGKILL at random moments during ingest, many times, loses no
 * acknowledged reading and stores none twice. A child (crash-ingest-child.ts) ingests a
 * deterministic stream through the MDM pipeline and acknowledges each `ingestBlocks` call over
 * IPC; the parent kills it at a random moment, checks the store, and restarts it a few blocks
 * before the last acknowledged block, so every restart redelivers.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReadingStore } from '@gridmeter/domain';
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
    ackedTo = Math.max(ackedTo, run.ackedTo);
    const store = await open();
    try {
      const v = await verify(store, run, ackedTo, present);
      expect(v.problems, `after kill ${i + 1}`).toEqual([]);
      present = v.present;
    } finally {
      await store.close();
    }
    log.push(
      `kill ${i + 1}: from block ${run.first}, ${run.acks} batches acked, killed ${run.killedAfterMs} ms after ready, acked up to ${ackedTo}, ${present.size} blocks stored`,
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
  it(`DuckDB: ${KILLS} SIGKILLs during pipeline ingest lose no acknowledged reading and store none twice`, {
    timeout: 60_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridmeter-crash-ingest-'));
    const path = join(dir, 'crash.duckdb');
    try {
      await crashLoop(`duckdb:${path}`, () => DuckDbReadingStore.open({ path }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`PostgreSQL: ${KILLS} SIGKILLs during pipeline ingest lose no acknowledged reading and store none twice`, {
    timeout: 60_000,
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
