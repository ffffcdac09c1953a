/**
 * MDM ingest + VEE benchmark: validated readings per second end to end (raw write, VEE, validated
 * and estimated writes, findings), rollups measured separately, into DuckDB (file) and PostgreSQL.
 * Data: METERS meters (default 2,000) × DAYS days (default 7) × 96 intervals, a synthetic
 * household-shaped load (deterministic hash noise), delivered day by day across the fleet as
 * collection would, one block per meter and day.
 * Usage: npm run bench -w packages/mdm  (GRIDMETER_BENCH_PG overrides the PostgreSQL URL).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InProcessBus,
  type IntervalBlock,
  meterId,
  type ReadingStore,
  type RegisterRead,
} from '@gridmeter/domain';
import { MdmPipeline, type MdmPipelineOptions } from '@gridmeter/mdm';
import { DuckDbReadingStore, PostgresReadingStore } from '@gridmeter/store';

const PG_URL = process.env.GRIDMETER_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const METERS = Number(process.env.METERS ?? 2_000);
const DAYS = Number(process.env.DAYS ?? 7);
const T0 = Date.UTC(2026, 2, 2);
const DAY = 86_400_000;
const HISTORY_DAYS = 28;

const hash = (a: number, b: number) => {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return ((h ^ (h >>> 12)) >>> 0) / 4_294_967_296;
};
// Night low, morning and evening peaks: Wh per 15 min for a household of `base` Wh average.
const SHAPE = Array.from({ length: 96 }, (_, i) => {
  const h = i / 4;
  return 0.5 + 0.8 * Math.exp(-((h - 8) ** 2) / 4) + 1.4 * Math.exp(-((h - 19) ** 2) / 6);
});

function dayBlocks(day: number): IntervalBlock[] {
  return Array.from({ length: METERS }, (_, m) => {
    const base = 40 + Math.floor(hash(m, 7) * 160);
    return {
      meterId: meterId(`GMB${String(m).padStart(7, '0')}`),
      channel: '1-0:1.8.0*255',
      unit: 30,
      start: T0 + day * DAY,
      intervalSeconds: 900,
      source: 'meter' as const,
      values: SHAPE.map((s, i) => ({
        value: Math.round(base * s * (0.7 + 0.6 * hash(m * 997 + day, i))),
        quality: 0,
      })),
    };
  });
}

/** Daily register reads at midnight of days 0…DAYS: each meter's cumulative energy of the blocks. */
function registerReads(days: readonly IntervalBlock[][]): RegisterRead[] {
  const reads: RegisterRead[] = [];
  for (let m = 0; m < METERS; m++) {
    let cum = 1_000_000n;
    for (let d = 0; d <= days.length; d++) {
      const b = days[0]![m]!;
      reads.push({
        meterId: b.meterId,
        register: b.channel,
        readAt: T0 + d * DAY,
        value: cum,
        unit: 30,
        quality: 0,
      });
      if (d < days.length) for (const v of days[d]![m]!.values) cum += BigInt(v.value ?? 0);
    }
  }
  return reads;
}

interface Run {
  readonly label: string;
  readonly vee: boolean;
  readonly options?: Pick<MdmPipelineOptions, 'vee' | 'rollups'>;
  /** Store 28 days of raw history before T0 first (not measured), so history reads find data. */
  readonly preload?: boolean;
}

async function measure(store: ReadingStore, run: Run, batch: number) {
  const days = Array.from({ length: DAYS }, (_, d) => dayBlocks(d));
  // Not measured: what the store holds before the run (register reads, older history).
  await store.writeRegisterReads(registerReads(days));
  if (run.preload) {
    const { Ingestor } = await import('@gridmeter/mdm');
    const pre = new Ingestor({ store, bus: new InProcessBus(), batchIntervals: batch, flushMs: 1_000 });
    const perBatch = Math.max(1, Math.floor(batch / 96));
    for (let d = -HISTORY_DAYS; d < 0; d++) {
      const blocks = dayBlocks(d);
      for (let i = 0; i < blocks.length; i += perBatch) await pre.ingestBlocks(blocks.slice(i, i + perBatch));
    }
    await pre.flush();
  }
  const bus = new InProcessBus();
  const base = { store, bus, batchIntervals: batch, flushMs: 1_000 };
  const pipeline = run.vee
    ? new MdmPipeline({ ...base, ...run.options, vee: { now: () => T0 + 30 * DAY, ...run.options?.vee } })
    : undefined;
  const { Ingestor } = await import('@gridmeter/mdm');
  const ingestor = pipeline ? pipeline.ingestor : new Ingestor(base);
  let rss = 0;
  const sampler = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
  }, 200);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const perBatch = Math.max(1, Math.floor(batch / 96));
  const acks: Promise<void>[] = [];
  for (const blocks of days) {
    for (let i = 0; i < blocks.length; i += perBatch)
      acks.push(ingestor.ingestBlocks(blocks.slice(i, i + perBatch)));
  }
  await Promise.all(acks);
  await (pipeline ?? ingestor).flush();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  rss = Math.max(rss, process.memoryUsage().rss);
  const readings = METERS * DAYS * 96;
  const s = pipeline?.stats;
  const veeS = (s?.vee.ms ?? 0) / 1000;
  const rollS = (s?.rollups.ms ?? 0) / 1000;
  return {
    readings,
    seconds,
    endToEnd: readings / seconds,
    raw: readings / (ingestor.stats.writeMs / 1000),
    vee: veeS > 0 ? readings / veeS : undefined,
    rollups: rollS > 0 ? readings / rollS : undefined,
    cpu: (cpu.user + cpu.system) / 1e6 / seconds,
    rssMb: rss / 2 ** 20,
    validated: s?.vee.validatedVersions ?? 0,
    inMemory: s ? `${s.vee.inMemory}/${s.vee.windows}` : '-',
  };
}

const fmt = (x: number | undefined) => (x === undefined ? '-' : Math.round(x).toLocaleString('en-US'));
const inMemoryVee = { historyDays: 0, registerReads: false } as const;
// History runs cache every series (historyCacheSeries = METERS: one worker serving the fleet).
const history = { historyCacheSeries: METERS } as const;
const places = {
  placeOf: (id: string) => ({ transformerId: `T${id.slice(-3, -1)}`, feederId: `F${id.slice(-3, -2)}` }),
};
const runs: Run[] = [
  { label: 'raw ingest only', vee: false },
  {
    label: 'ingest + VEE, validated all, history 28 d + register reads',
    vee: true,
    options: { rollups: false, vee: { ...history } },
  },
  {
    label: 'ingest + VEE, validated changed, history 28 d + register reads',
    vee: true,
    options: { rollups: false, vee: { ...history, validatedVersions: 'changed' } },
  },
  {
    label: 'ingest + VEE, validated changed, history 28 d, no register reads',
    vee: true,
    options: { rollups: false, vee: { ...history, validatedVersions: 'changed', registerReads: false } },
  },
  {
    label: 'ingest + VEE, validated changed, batch only (no history/register reads)',
    vee: true,
    options: { rollups: false, vee: { validatedVersions: 'changed', ...inMemoryVee } },
  },
  {
    label: 'ingest + VEE + rollups, validated changed, batch only',
    vee: true,
    options: { rollups: places, vee: { validatedVersions: 'changed', ...inMemoryVee } },
  },
  {
    label: 'ingest + VEE + rollups, validated changed, history 28 d + register reads',
    vee: true,
    options: { rollups: places, vee: { ...history, validatedVersions: 'changed' } },
  },
  {
    label: 'ingest + VEE, validated changed, 28 d of history stored before the run + register reads',
    vee: true,
    preload: true,
    options: { rollups: false, vee: { ...history, validatedVersions: 'changed' } },
  },
];
const only = process.env.RUNS?.split(',').map(Number);
const stores = (process.env.STORES ?? 'duckdb,postgres').split(',');
const batches = (process.env.BATCHES ?? '96000').split(',').map(Number);

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node.js ${process.version}; ${METERS} meters × ${DAYS} days × 96 = ${fmt(METERS * DAYS * 96)} readings`,
);
console.log(
  'store | batch | run | end-to-end/s | raw stage/s | VEE stage/s | rollups/s | s | validated versions | in-memory days | CPU | RSS MB',
);
const dir = mkdtempSync(join(tmpdir(), 'gridmeter-mdm-bench-'));
try {
  for (const kind of stores) {
    for (const batch of batches) {
      for (const [i, run] of runs.entries()) {
        if (only && !only.includes(i)) continue;
        const store =
          kind === 'duckdb'
            ? await DuckDbReadingStore.open({ path: join(dir, `b-${batch}-${i}.duckdb`) })
            : await PostgresReadingStore.open({
                connectionString: PG_URL,
                schema: `gm_bench_${randomBytes(4).toString('hex')}`,
              });
        try {
          const r = await measure(store, run, batch);
          console.log(
            [
              kind,
              batch,
              run.label,
              fmt(r.endToEnd),
              fmt(r.raw),
              fmt(r.vee),
              fmt(r.rollups),
              r.seconds.toFixed(1),
              fmt(r.validated),
              r.inMemory,
              `${Math.round(r.cpu * 100)} %`,
              Math.round(r.rssMb),
            ].join(' | '),
          );
        } finally {
          if (store instanceof PostgresReadingStore) await store.drop();
          else await store.close();
        }
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
