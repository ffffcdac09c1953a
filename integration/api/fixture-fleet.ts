/**
 * The API fixture's fleet: two feeders, three transformers, seven customer meters (two
 * customers, Alice and Bob, own two service points each), three check meters, and seven weeks of
 * deterministic interval data, registers, events, VEE results and rollups in a real ReadingStore.
 */

import type { FeederNode, FleetView, MeterSummary, TransformerNode } from '@gridmeter/api';
import {
  type ChannelInfo,
  feederId,
  type IntervalBlock,
  type Meter,
  type MeterEvent,
  type MeterId,
  type MeterInstallation,
  meterId,
  QualityFlag,
  type ReadingStore,
  type RegisterRead,
  type Rollup,
  type ServicePoint,
  servicePointId,
  transformerId,
  type VeeResult,
} from '@gridmeter/domain';

export const DAY_MS = 86_400_000;
export const INTERVAL_S = 900;
export const STEP_MS = INTERVAL_S * 1000;
export const IMPORT = '1-0:1.8.0*255';
/** The fixture's "now": Tuesday 2026-01-20 12:00 UTC. */
export const FIXTURE_NOW = Date.UTC(2026, 0, 20, 12, 0);
/** Interval data starts here (December 2025 is a full billing month). */
export const DATA_START = Date.UTC(2025, 11, 1);
export const INSTALLED_AT = Date.UTC(2025, 0, 1);

type Supply = MeterSummary['supply'];

interface MeterSpec {
  readonly id: string;
  readonly kind: MeterSummary['kind'];
  readonly role: MeterSummary['role'];
  readonly sp?: string;
  readonly account?: string;
  readonly customer?: string;
  readonly feeder: string;
  readonly transformer: string;
  readonly tariff?: string;
  readonly prepaid: boolean;
  /** Mean interval energy, Wh. */
  readonly baseWh: number;
}

export const METERS: readonly MeterSpec[] = [
  {
    id: 'GM0001',
    kind: 'electricity',
    role: 'customer',
    sp: 'SP-A1',
    account: 'ACC-A1',
    customer: 'Alice Example',
    feeder: 'F1',
    transformer: 'T1',
    tariff: 'RES-TOU',
    prepaid: false,
    baseWh: 180,
  },
  {
    id: 'GM0002',
    kind: 'electricity',
    role: 'customer',
    sp: 'SP-A2',
    account: 'PP-A2',
    customer: 'Alice Example',
    feeder: 'F1',
    transformer: 'T1',
    tariff: 'RES-FLAT',
    prepaid: true,
    baseWh: 90,
  },
  {
    id: 'GM0003',
    kind: 'electricity',
    role: 'customer',
    sp: 'SP-B1',
    account: 'ACC-B1',
    customer: 'Bob Example',
    feeder: 'F1',
    transformer: 'T2',
    tariff: 'RES-FLAT',
    prepaid: false,
    baseWh: 150,
  },
  {
    id: 'GM0004',
    kind: 'electricity',
    role: 'customer',
    sp: 'SP-B2',
    account: 'PP-B2',
    customer: 'Bob Example',
    feeder: 'F1',
    transformer: 'T2',
    tariff: 'RES-FLAT',
    prepaid: true,
    baseWh: 120,
  },
  {
    id: 'GM0005',
    kind: 'electricity',
    role: 'customer',
    sp: 'SP-C5',
    account: 'ACC-C5',
    customer: 'Carol Sample',
    feeder: 'F1',
    transformer: 'T2',
    tariff: 'RES-TOU',
    prepaid: false,
    baseWh: 200,
  },
  {
    id: 'GM0006',
    kind: 'electricity',
    role: 'customer',
    sp: 'SP-C6',
    account: 'ACC-C6',
    customer: 'Dan Sample',
    feeder: 'F2',
    transformer: 'T3',
    tariff: 'RES-TOU',
    prepaid: false,
    baseWh: 160,
  },
  {
    id: 'WM0007',
    kind: 'water',
    role: 'customer',
    sp: 'SP-C7',
    customer: 'Erin Sample',
    feeder: 'F2',
    transformer: 'T3',
    prepaid: false,
    baseWh: 0,
  },
  {
    id: 'CHK-T1',
    kind: 'electricity',
    role: 'check',
    feeder: 'F1',
    transformer: 'T1',
    prepaid: false,
    baseWh: 0,
  },
  {
    id: 'CHK-T2',
    kind: 'electricity',
    role: 'check',
    feeder: 'F1',
    transformer: 'T2',
    prepaid: false,
    baseWh: 0,
  },
  {
    id: 'CHK-T3',
    kind: 'electricity',
    role: 'check',
    feeder: 'F2',
    transformer: 'T3',
    prepaid: false,
    baseWh: 0,
  },
];

/** A deterministic integer in [0, n) from two numbers (no Math.random: the data is the same every run). */
function hash(a: number, b: number, n: number): number {
  let h = (a * 2654435761) ^ (b * 40503);
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return ((h ^ (h >>> 16)) >>> 0) % n;
}

/** Energy of a customer meter in the interval starting at `t`: a daily shape plus noise, integer Wh. */
export function consumptionWh(spec: MeterSpec, index: number, t: number): number {
  const hour = (t % DAY_MS) / 3_600_000;
  const evening = Math.exp(-((hour - 19) ** 2) / 6);
  const morning = Math.exp(-((hour - 7.5) ** 2) / 3) * 0.6;
  const shape = 0.35 + evening + morning;
  return Math.round(spec.baseWh * shape) + hash(index + 1, t / STEP_MS, 25);
}

/** The fleet as the head-end sees it; supply and alarms change as commands run. */
export class FixtureFleet implements FleetView {
  readonly #meters = new Map<string, MeterSummary>();

  constructor(now: number) {
    METERS.forEach((s, i) => {
      const m: MeterSummary = {
        id: s.id,
        kind: s.kind,
        role: s.role,
        ...(s.sp === undefined ? {} : { servicePointId: s.sp }),
        ...(s.account === undefined ? {} : { accountId: s.account }),
        ...(s.customer === undefined ? {} : { customerName: s.customer }),
        feederId: s.feeder,
        transformerId: s.transformer,
        address: `127.1.0.${i + 1}:4059`,
        protocol: s.kind === 'water' ? 'dlt645' : 'dlms-wrapper',
        supply: s.kind === 'water' ? 'unknown' : 'connected',
        firmwareVersion: '2.0.3',
        ...(s.tariff === undefined ? {} : { tariffId: s.tariff }),
        prepaid: s.prepaid,
        lastReadAt: now - 10 * 60_000,
        ...(s.id === 'GM0006' ? { lastFailure: 'timeout' } : {}),
        openAlarms: s.id === 'GM0005' ? 1 : 0,
      };
      this.#meters.set(m.id, m);
    });
  }

  meters(): readonly MeterSummary[] {
    return [...this.#meters.values()];
  }

  meter(id: string): MeterSummary | undefined {
    return this.#meters.get(id);
  }

  feeders(): readonly FeederNode[] {
    return [
      { id: 'F1', transformerIds: ['T1', 'T2'] },
      { id: 'F2', transformerIds: ['T3'] },
    ];
  }

  transformers(): readonly TransformerNode[] {
    const on = (t: string) =>
      METERS.filter((m) => m.transformer === t && m.role === 'customer').map((m) => m.id);
    return [
      { id: 'T1', feederId: 'F1', ratedKva: 100, checkMeterId: 'CHK-T1', meterIds: on('T1') },
      { id: 'T2', feederId: 'F1', ratedKva: 160, checkMeterId: 'CHK-T2', meterIds: on('T2') },
      { id: 'T3', feederId: 'F2', ratedKva: 63, checkMeterId: 'CHK-T3', meterIds: on('T3') },
    ];
  }

  /** What a disconnect or reconnect did to a meter's relay. */
  setSupply(id: string, supply: Supply): void {
    const m = this.#meters.get(id);
    if (m) this.#meters.set(id, { ...m, supply });
  }
}

/** Interval values of one electricity meter from DATA_START to `end` (the check meters sum their transformer plus 5 % losses). */
export function generateSeries(end: number): Map<string, number[]> {
  const count = Math.floor((end - DATA_START) / STEP_MS);
  const out = new Map<string, number[]>();
  METERS.forEach((s, i) => {
    if (s.role !== 'customer' || s.kind !== 'electricity') return;
    out.set(
      s.id,
      Array.from({ length: count }, (_, k) => consumptionWh(s, i, DATA_START + k * STEP_MS)),
    );
  });
  for (const s of METERS) {
    if (s.role !== 'check') continue;
    const members = METERS.filter((m) => m.transformer === s.transformer && out.has(m.id)).map(
      (m) => out.get(m.id) ?? [],
    );
    out.set(
      s.id,
      Array.from({ length: count }, (_, k) =>
        Math.round(members.reduce((a, v) => a + (v[k] ?? 0), 0) * 1.05),
      ),
    );
  }
  return out;
}

/** The interval with a spike that VEE marked suspect (GM0001) and the gap it estimated (GM0006). */
export const SPIKE_AT = Date.UTC(2026, 0, 19, 10, 0);
export const GAP_FROM = Date.UTC(2026, 0, 18, 2, 0);
export const GAP_INTERVALS = 8;

function block(id: string, start: number, values: IntervalBlock['values']): IntervalBlock {
  return {
    meterId: meterId(id),
    channel: IMPORT,
    unit: 30,
    start,
    intervalSeconds: INTERVAL_S,
    values,
    source: 'meter',
  };
}

/** Fills the store: registry, intervals (raw, validated, estimated), registers, events, VEE results, rollups. */
export async function seedStore(store: ReadingStore, now: number): Promise<Map<string, number[]>> {
  const end = Math.floor(now / STEP_MS) * STEP_MS;
  const series = generateSeries(end);
  const points: ServicePoint[] = [];
  const meters: Meter[] = [];
  const installs: MeterInstallation[] = [];
  const channels: ChannelInfo[] = [];
  for (const s of METERS) {
    meters.push({
      id: meterId(s.id),
      medium: s.kind,
      ...(s.kind === 'electricity' ? { phases: s.role === 'check' ? 'three-phase' : 'single-phase' } : {}),
      manufacturer: 'Gridmeter',
      model: s.role === 'check' ? 'GM-3P' : 'GM-1P',
      firmwareVersion: '2.0.3',
    });
    if (s.sp) {
      points.push({
        id: servicePointId(s.sp),
        transformerId: transformerId(s.transformer),
        feederId: feederId(s.feeder),
        hasGeneration: s.id === 'GM0005',
      });
      installs.push({
        meterId: meterId(s.id),
        servicePointId: servicePointId(s.sp),
        installedAt: INSTALLED_AT,
      });
    }
    if (series.has(s.id))
      channels.push({ meterId: meterId(s.id), channel: IMPORT, unit: 30, intervalSeconds: INTERVAL_S });
  }
  await store.upsertServicePoints(points);
  await store.upsertMeters(meters);
  await store.upsertInstallations(installs);
  await store.upsertChannels(channels);

  // Raw blocks a day at a time; GM0006 misses GAP_INTERVALS intervals.
  const gapIndex = (GAP_FROM - DATA_START) / STEP_MS;
  const blocks: IntervalBlock[] = [];
  for (const [id, values] of series) {
    for (let d = 0; d * 96 < values.length; d++) {
      const slice = values.slice(d * 96, (d + 1) * 96).map((v, k) => {
        const i = d * 96 + k;
        if (id === 'GM0006' && i >= gapIndex && i < gapIndex + GAP_INTERVALS) {
          return { value: null, quality: QualityFlag.missing };
        }
        return { value: id === 'GM0001' && DATA_START + i * STEP_MS === SPIKE_AT ? v * 20 : v, quality: 0 };
      });
      blocks.push(block(id, DATA_START + d * 96 * STEP_MS, slice));
    }
  }
  await store.writeIntervalBlocks(blocks);
  const spike = (series.get('GM0001') ?? [])[(SPIKE_AT - DATA_START) / STEP_MS] ?? 0;
  await store.writeIntervalBlocks(
    [block('GM0001', SPIKE_AT, [{ value: spike * 20, quality: QualityFlag.suspect }])],
    {
      kind: 'validated',
      change: { ruleId: 'spike-check', user: 'mdm-vee' },
    },
  );
  const gapValues = (series.get('GM0006') ?? []).slice(gapIndex, gapIndex + GAP_INTERVALS);
  await store.writeIntervalBlocks(
    [
      {
        ...block(
          'GM0006',
          GAP_FROM,
          gapValues.map((v) => ({ value: v, quality: QualityFlag.estimated })),
        ),
        source: 'estimation',
      },
    ],
    { kind: 'estimated', change: { ruleId: 'linear', user: 'mdm-vee' } },
  );

  const vee: VeeResult[] = [
    {
      runId: 'vee-1',
      ruleId: 'spike-check',
      meterId: meterId('GM0001'),
      channel: IMPORT,
      from: SPIKE_AT,
      to: SPIKE_AT + STEP_MS,
      outcome: 'suspect',
      details: { factor: 20 },
      at: SPIKE_AT + DAY_MS,
    },
    {
      runId: 'vee-1',
      ruleId: 'linear',
      meterId: meterId('GM0006'),
      channel: IMPORT,
      from: GAP_FROM,
      to: GAP_FROM + GAP_INTERVALS * STEP_MS,
      outcome: 'estimated',
      at: GAP_FROM + DAY_MS,
    },
    {
      runId: 'vee-1',
      ruleId: 'register-mismatch',
      meterId: meterId('GM0005'),
      channel: IMPORT,
      from: Date.UTC(2026, 0, 17),
      to: Date.UTC(2026, 0, 18),
      outcome: 'failed',
      details: { deltaWh: 1250 },
      at: Date.UTC(2026, 0, 18, 3),
    },
    {
      runId: 'vee-1',
      ruleId: 'spike-check',
      meterId: meterId('GM0003'),
      channel: IMPORT,
      from: Date.UTC(2026, 0, 17),
      to: Date.UTC(2026, 0, 18),
      outcome: 'passed',
      at: Date.UTC(2026, 0, 18, 3),
    },
  ];
  await store.writeVeeResults(vee);

  const registers: RegisterRead[] = [];
  for (const [id, values] of series) {
    let total = 1_000_000;
    for (let d = 0; d * 96 < values.length; d++) {
      registers.push({
        meterId: meterId(id),
        register: IMPORT,
        readAt: DATA_START + d * DAY_MS,
        value: BigInt(total),
        unit: 30,
        quality: 0,
      });
      total += values.slice(d * 96, (d + 1) * 96).reduce((a, v) => a + v, 0);
    }
  }
  await store.writeRegisterReads(registers);

  const events: MeterEvent[] = [
    { meterId: meterId('GM0005'), occurredAt: now - 2 * 3_600_000, code: 40, log: 'fraud', source: 'push' },
    { meterId: meterId('GM0005'), occurredAt: now - 3_600_000, code: 41, log: 'fraud', source: 'log' },
    {
      meterId: meterId('GM0003'),
      occurredAt: now - 3 * 3_600_000,
      code: 234,
      log: 'power-failure',
      source: 'push',
    },
    {
      meterId: meterId('GM0003'),
      occurredAt: now - 2.5 * 3_600_000,
      code: 235,
      log: 'power-failure',
      source: 'push',
    },
    { meterId: meterId('GM0001'), occurredAt: now - 5 * DAY_MS, code: 2, log: 'standard', source: 'log' },
    {
      meterId: meterId('GM0002'),
      occurredAt: now - 4 * 3_600_000,
      code: 231,
      log: 'disconnect',
      source: 'headend',
    },
  ];
  await store.writeEvents(events);

  // Day rollups of the latest versions: meters, transformers, feeders.
  const rollups: Rollup[] = [];
  const days = Math.floor((end - DATA_START) / DAY_MS);
  const sums = new Map<string, Rollup>();
  const add = (scope: Rollup['scope'], scopeId: string, day: number, energy: number, estimated: number) => {
    const key = `${scope}/${scopeId}/${day}`;
    const r = sums.get(key) ?? {
      scope,
      scopeId,
      channel: IMPORT,
      period: 'day' as const,
      periodStart: day,
      energy: 0,
      intervals: 0,
      estimated: 0,
      missing: 0,
    };
    sums.set(key, {
      ...r,
      energy: r.energy + energy,
      intervals: r.intervals + 96,
      estimated: r.estimated + estimated,
    });
  };
  for (const [id, values] of series) {
    const spec = METERS.find((m) => m.id === id);
    if (!spec) continue;
    for (let d = 0; d < days; d++) {
      const day = DATA_START + d * DAY_MS;
      const energy = values.slice(d * 96, (d + 1) * 96).reduce((a, v) => a + v, 0);
      const estimated = id === 'GM0006' && day === Date.UTC(2026, 0, 18) ? GAP_INTERVALS : 0;
      add('meter', id, day, energy, estimated);
      if (spec.role === 'customer') {
        add('transformer', spec.transformer, day, energy, estimated);
        add('feeder', spec.feeder, day, energy, estimated);
      }
    }
  }
  rollups.push(...sums.values());
  await store.upsertRollups(rollups, 'replace');
  return series;
}

/** Meter ids of a fixture service point. */
export function metersOf(sp: string): MeterId[] {
  return METERS.filter((m) => m.sp === sp).map((m) => meterId(m.id));
}
