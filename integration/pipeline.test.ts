import { randomBytes } from 'node:crypto';
import {
  type BusMessage,
  feederId,
  InProcessBus,
  type IntervalBlock,
  type MeterEvent,
  type MeterId,
  meterId,
  QualityFlag,
  type ReadingStore,
  type RegisterRead,
  type Rollup,
  Subjects,
  servicePointId,
  transformerId,
} from '@gridmeter/domain';
import { MdmPipeline, type VeeBatchReport } from '@gridmeter/mdm';
import { Fleet, SimClock } from '@gridmeter/simulator';
import { DuckDbReadingStore, PostgresReadingStore } from '@gridmeter/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;
const Q = 900_000;
const CH = '1-0:1.8.0*255';
const WEEK = Date.UTC(2026, 2, 2);
const NOW = WEEK + 7 * DAY;
const PG_URL = process.env.GRIDMETER_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

// A 3 h supply interruption on transformer T00001 on day 3, and a meter registering half from day 2.
const OUTAGE = { start: WEEK + 2 * DAY + 14 * 3_600_000, end: WEEK + 2 * DAY + 17 * 3_600_000 };
const fleet = new Fleet({
  spec: {
    seed: 23,
    meters: 50,
    mix: { household: 1 },
    metersPerTransformer: 10,
    transformersPerFeeder: 3,
    historyStart: WEEK - 7 * DAY,
  },
  clock: new SimClock(NOW, { frozen: true }),
  scenarios: [
    { id: 'storm', type: 'outage', target: { transformer: 'T00001' }, ...OUTAGE },
    {
      id: 'bypass',
      type: 'theft',
      target: { meters: ['GM00000003'] },
      start: WEEK + DAY,
      model: { kind: 'constant-factor', factor: 0.5 },
    },
  ],
});

interface FleetMeter {
  readonly index: number;
  readonly id: MeterId;
  readonly transformer: string;
  readonly feeder: string;
}
const meters: FleetMeter[] = [];
for (let i = 0; i < fleet.size; i++) {
  if (fleet.topology.isCheckMeter(i)) continue;
  const p = fleet.topology.placeOf(i);
  meters.push({
    index: i,
    id: meterId(fleet.identity(i).id),
    transformer: p.transformerId,
    feeder: p.feederId,
  });
}
const onOutage = meters.filter((m) => m.transformer === 'T00001');
// 2 h gaps (8 intervals from 10:00) on day 4 of three meters away from the outage.
const gapMeters = meters.filter((m) => m.transformer === 'T00003').slice(0, 3);
const GAP_FROM = WEEK + 3 * DAY + 40 * Q;
const GAP_TO = GAP_FROM + 8 * Q;

/** One day of a meter's import channel from its load profile, with daily register reads. */
function dayOf(m: FleetMeter, day: number): { block: IntervalBlock; read: RegisterRead } {
  const from = WEEK + day * DAY;
  const entries = fleet.runtime(m.index).meter.profile(from - Q, from + DAY);
  const values = [];
  for (let k = 1; k < entries.length; k++) {
    const start = entries[k]!.end - Q;
    const gap = gapMeters.includes(m) && start >= GAP_FROM && start < GAP_TO;
    values.push(
      gap
        ? { value: null, quality: QualityFlag.missing }
        : {
            value: entries[k]!.activeImportWh - entries[k - 1]!.activeImportWh,
            quality: 0,
            deviceStatus: entries[k]!.status,
          },
    );
  }
  const last = entries[entries.length - 1]!;
  return {
    block: {
      meterId: m.id,
      channel: CH,
      unit: 30,
      start: from,
      intervalSeconds: 900,
      values,
      source: 'meter',
    },
    read: {
      meterId: m.id,
      register: CH,
      readAt: last.end,
      value: BigInt(last.activeImportWh),
      unit: 30,
      quality: 0,
    },
  };
}

function eventsOf(m: FleetMeter): MeterEvent[] {
  const meter = fleet.runtime(m.index).meter;
  return (['standard', 'power-failure'] as const).flatMap((log) =>
    meter
      .eventLog(log, WEEK - DAY, NOW)
      .map((e): MeterEvent => ({ meterId: m.id, occurredAt: e.meterTime, code: e.code, log, source: 'log' })),
  );
}

const days = Array.from({ length: 7 }, (_, d) => meters.map((m) => dayOf(m, d)));
const sumsFromIntervals = (blocks: readonly IntervalBlock[]) => {
  const byDay = new Map<number, { energy: number; intervals: number; estimated: number; missing: number }>();
  for (const b of blocks) {
    b.values.forEach((v, i) => {
      const d = Math.floor((b.start + i * Q) / DAY) * DAY;
      const s = byDay.get(d) ?? { energy: 0, intervals: 0, estimated: 0, missing: 0 };
      if (v.value === null) s.missing++;
      else {
        s.intervals++;
        s.energy += v.value;
        if (v.quality & QualityFlag.estimated) s.estimated++;
      }
      byDay.set(d, s);
    });
  }
  return byDay;
};
const pick = (r: Rollup) => ({
  energy: r.energy,
  intervals: r.intervals,
  estimated: r.estimated,
  missing: r.missing,
});

interface StoreKit {
  open(): Promise<ReadingStore>;
  dispose(store: ReadingStore): Promise<void>;
}

const kits: [string, StoreKit][] = [
  [
    'DuckDB',
    {
      open: () => DuckDbReadingStore.open({ path: ':memory:' }),
      dispose: (s) => s.close(),
    },
  ],
  [
    'PostgreSQL',
    {
      open: () =>
        PostgresReadingStore.open({
          connectionString: PG_URL,
          schema: `gm_pipe_${randomBytes(4).toString('hex')}`,
        }),
      dispose: (s) => (s as PostgresReadingStore).drop(),
    },
  ],
];

describe.each(kits)('MDM pipeline on a simulated fleet week into %s', (_name, kit) => {
  let store: ReadingStore;
  let pipeline: MdmPipeline;
  const reports: VeeBatchReport[] = [];
  const errors: unknown[] = [];

  beforeAll(async () => {
    store = await kit.open();
    await store.upsertServicePoints(
      meters.map((m) => ({
        id: servicePointId(fleet.topology.placeOf(m.index).servicePointId),
        transformerId: transformerId(m.transformer),
        feederId: feederId(m.feeder),
        hasGeneration: false,
      })),
    );
    await store.upsertInstallations(
      meters.map((m) => ({
        meterId: m.id,
        servicePointId: servicePointId(fleet.topology.placeOf(m.index).servicePointId),
        installedAt: WEEK - 30 * DAY,
      })),
    );
    const bus = new InProcessBus();
    pipeline = new MdmPipeline({
      store,
      bus,
      batchIntervals: 5_000,
      flushMs: 5,
      vee: { now: () => NOW },
      onBatch: (r) => reports.push(r),
      onError: (e) => errors.push(e),
    });
    pipeline.start();
    const publish = (m: BusMessage, id: string) =>
      bus.publish(
        m.type === 'interval-block'
          ? Subjects.intervalBlock(id)
          : m.type === 'register-read'
            ? Subjects.registerRead(id)
            : Subjects.meterEvent(id),
        m,
      );
    // Events and register reads first: VEE reads them when the intervals arrive.
    await Promise.all(
      meters.flatMap((m) => eventsOf(m).map((event) => publish({ type: 'meter-event', event }, m.id))),
    );
    for (const [d, list] of days.entries()) {
      await Promise.all(list.map(({ read }) => publish({ type: 'register-read', read }, read.meterId)));
      const blocks = list.map((x) => x.block);
      // Day 1 is delivered again alongside day 3 (a mixed batch), day 2 again on its own.
      const again = d === 2 ? days[0]!.map((x) => x.block) : [];
      await Promise.all(
        [...blocks, ...again].map((block) => publish({ type: 'interval-block', block }, block.meterId)),
      );
      await pipeline.flush();
    }
    await Promise.all(days[1]!.map(({ block }) => publish({ type: 'interval-block', block }, block.meterId)));
    await pipeline.stop();
  }, 240_000);

  afterAll(async () => {
    if (store) await kit.dispose(store);
  });

  it('stores each raw value once although part of the week was published twice', async () => {
    expect(errors).toEqual([]);
    expect(pipeline.stats.ingest).toMatchObject({
      inserted: 7 * 50 * 96,
      duplicates: 2 * 50 * 96,
      corrected: 0,
    });
    const versions = await store.readIntervalVersions({
      meterId: meters[0]!.id,
      channel: CH,
      from: WEEK,
      to: NOW,
    });
    expect(versions.filter((v) => v.kind === 'raw')).toHaveLength(7 * 96);
    // Whole days of new data were validated in memory; the mixed batch (day 1 again) was read back.
    const { vee } = pipeline.stats;
    expect(vee.inMemory).toBeGreaterThan(0);
    expect(vee.windows - vee.inMemory).toBeGreaterThanOrEqual(50);
  });

  it('stores a validated version of every clean interval', async () => {
    const clean = meters.find((m) => !onOutage.includes(m) && !gapMeters.includes(m))!;
    const versions = await store.readIntervalVersions({
      meterId: clean.id,
      channel: CH,
      from: WEEK,
      to: NOW,
    });
    const validated = versions.filter((v) => v.kind === 'validated');
    expect(validated).toHaveLength(7 * 96);
    const raw = new Map(versions.filter((v) => v.kind === 'raw').map((v) => [v.start, v.value]));
    for (const v of validated) expect(v.value).toBe(raw.get(v.start));
    expect(versions.some((v) => v.kind === 'estimated')).toBe(false);
  });

  it('flags the outage intervals powerOutage and estimates no consumption there', async () => {
    expect(onOutage.length).toBeGreaterThan(0);
    for (const m of onOutage) {
      const [block] = await store.readIntervals({
        meterId: m.id,
        channel: CH,
        from: OUTAGE.start,
        to: OUTAGE.end,
      });
      expect(block!.values).toHaveLength(12);
      for (const v of block!.values) {
        expect(v.quality & QualityFlag.powerOutage).toBe(QualityFlag.powerOutage);
        expect(v.value).toBe(0);
      }
      const findings = await store.readVeeResults({
        meterId: m.id,
        ruleId: 'power-outage',
        from: WEEK,
        to: NOW,
      });
      expect(findings.some((f) => f.from <= OUTAGE.start && f.to >= OUTAGE.end)).toBe(true);
    }
  });

  it('estimates the injected gaps and records why', async () => {
    for (const m of gapMeters) {
      const [block] = await store.readIntervals({ meterId: m.id, channel: CH, from: GAP_FROM, to: GAP_TO });
      expect(block!.source).toBe('estimation');
      for (const v of block!.values) {
        expect(v.value).not.toBeNull();
        expect(v.quality & (QualityFlag.estimated | QualityFlag.missing)).toBe(QualityFlag.estimated);
      }
      const missing = await store.readVeeResults({
        meterId: m.id,
        ruleId: 'missing-interval',
        from: WEEK,
        to: NOW,
      });
      expect(missing.map((r) => [r.from, r.to])).toContainEqual([GAP_FROM, GAP_TO]);
      const est = await store.readVeeResults({
        meterId: m.id,
        ruleId: 'linear-interpolation',
        from: WEEK,
        to: NOW,
      });
      expect(est).toMatchObject([{ from: GAP_FROM, to: GAP_TO, outcome: 'estimated' }]);
      expect(est[0]!.changeId).toBeDefined();
    }
  });

  it('keeps rollups per meter, transformer and feeder equal to the sums of the latest intervals', async () => {
    const expected = new Map<string, ReturnType<typeof pick>>();
    const add = (k: string, s: ReturnType<typeof pick>) => {
      const e = expected.get(k) ?? { energy: 0, intervals: 0, estimated: 0, missing: 0 };
      expected.set(k, {
        energy: e.energy + s.energy,
        intervals: e.intervals + s.intervals,
        estimated: e.estimated + s.estimated,
        missing: e.missing + s.missing,
      });
    };
    for (const m of meters) {
      const byDay = sumsFromIntervals(
        await store.readIntervals({ meterId: m.id, channel: CH, from: WEEK, to: NOW }),
      );
      for (const [d, s] of byDay) {
        for (const [scope, id] of [
          ['meter', m.id],
          ['transformer', m.transformer],
          ['feeder', m.feeder],
        ]) {
          add(`${scope}/${id}/day/${d}`, s);
          add(`${scope}/${id}/month/${Date.UTC(2026, 2, 1)}`, s);
        }
      }
    }
    const stored = new Map<string, ReturnType<typeof pick>>();
    for (const scope of ['meter', 'transformer', 'feeder'] as const) {
      for (const period of ['day', 'month'] as const) {
        for (const r of await store.readRollups({ scope, period, from: Date.UTC(2026, 2, 1), to: NOW })) {
          stored.set(`${scope}/${r.scopeId}/${period}/${r.periodStart}`, pick(r));
        }
      }
    }
    expect(stored.size).toBe(expected.size);
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(expected));
    // A rebuild from scratch gives the same rows.
    const rebuilt = await pipeline.rollups!.recompute({
      from: WEEK,
      to: NOW,
      series: meters.map((m) => ({ meterId: m.id, channel: CH })),
    });
    expect(
      Object.fromEntries(
        rebuilt.map((r) => [`${r.scope}/${r.scopeId}/${r.period}/${r.periodStart}`, pick(r)]),
      ),
    ).toEqual(Object.fromEntries(expected));
  });

  it('undoes an estimation step with store.revertChange', async () => {
    const m = gapMeters[0]!;
    const step = reports
      .flatMap((r) => r.steps)
      .find((s) => s.meterId === m.id && s.step === 'estimation' && s.from === GAP_FROM);
    expect(step?.changeId).toBeDefined();
    const before = await store.readIntervalVersions({
      meterId: m.id,
      channel: CH,
      from: GAP_FROM,
      to: GAP_TO,
    });
    const previous = new Map<number, number | null>();
    for (const v of before) if (v.changeId !== step!.changeId) previous.set(v.start, v.value);
    const r = await store.revertChange(step!.changeId!, { user: 'ops', reason: 'check the raw gap' });
    expect(r.reverted).toBeGreaterThanOrEqual(8);
    const [block] = await store.readIntervals({ meterId: m.id, channel: CH, from: GAP_FROM, to: GAP_TO });
    expect(block!.values.map((v) => v.value)).toEqual([...previous.values()]);
    expect(block!.values.every((v) => v.value === null)).toBe(true);
  });
});
