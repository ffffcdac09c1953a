import {
  conformance,
  cosemDateTimeFromBytes,
  cosemDateTimeFromDate,
  cosemDateTimeToBytes,
  cosemDateTimeToEpochMs,
  type DlmsClient,
  type DlmsData,
  DlmsServiceError,
  type GetDataResult,
  readProfileGenericAccess,
  type SelectiveAccess,
} from '@gridmeter/dlms';
import { InProcessBus, type IntervalBlock, TestClock } from '@gridmeter/domain';
import { describe, expect, it } from 'vitest';
import { CollectionKpis } from '../kpi/kpis.js';
import { BUILTIN_PROFILES } from '../registry/builtin-profiles.js';
import type { MeterRecord } from '../registry/types.js';
import type { MeterSession } from '../session/types.js';
import { Collector } from './collector.js';
import { CollectionStateStore } from './state.js';

const DAY = 86_400_000;
const TODAY = Date.UTC(2026, 10, 5);
const PROFILE = BUILTIN_PROFILES.find((p) => p.id === 'gridmeter-sim-electricity')!;
const RECORD: MeterRecord = {
  id: 'GM00000001',
  medium: 'electricity',
  endpoint: { transport: 'tcp', host: '127.1.0.0', port: 4059, framing: 'wrapper' },
  protocol: 'dlms',
  association: {
    clientSap: 1,
    serverSap: 1,
    authentication: 'hls-gmac',
    security: 'authenticated-encrypted',
  },
  profileId: PROFILE.id,
  group: 'household',
  topology: {},
  state: 'active',
};

/** A meter whose load profile lacks the intervals ending in `missing` until `healAfter` reads. */
function fakeMeter(missing: Set<number>, healAfter: number) {
  let reads = 0;
  const stamp = (t: number) => cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(t), 0, 0));
  const row = (end: number): DlmsData => ({
    type: 'structure',
    items: [
      { type: 'octet-string', value: stamp(end) },
      { type: 'unsigned', value: 0 },
      { type: 'double-long-unsigned', value: 1_000 + ((end - TODAY + 2 * DAY) / 900_000) * 7 },
      { type: 'double-long-unsigned', value: 0 },
    ],
  });
  const client = {
    async get(_attr: unknown, access?: SelectiveAccess): Promise<DlmsData> {
      const a = readProfileGenericAccess(access!);
      if (
        a.type !== 'range-descriptor' ||
        a.fromValue.type !== 'octet-string' ||
        a.toValue.type !== 'octet-string'
      ) {
        throw new Error('range expected');
      }
      const from = cosemDateTimeToEpochMs(cosemDateTimeFromBytes(a.fromValue.value));
      const to = cosemDateTimeToEpochMs(cosemDateTimeFromBytes(a.toValue.value));
      reads++;
      const items: DlmsData[] = [];
      for (let t = Math.ceil(from / 900_000) * 900_000; t <= to; t += 900_000) {
        if (missing.has(t) && reads <= healAfter) continue;
        items.push(row(t));
      }
      return { type: 'array', items };
    },
  } as unknown as DlmsClient;
  const session: MeterSession = { record: RECORD, profile: PROFILE, client, close: async () => {} };
  return { open: async () => session, reads: () => reads };
}

function collectorWith(open: () => Promise<MeterSession>, clock: TestClock, maxGapAttempts = 3) {
  const bus = new InProcessBus();
  const blocks: IntervalBlock[] = [];
  bus.subscribe(
    'gridmeter.readings.interval.*',
    (m) => void (m.type === 'interval-block' && blocks.push(m.block)),
  );
  const state = new CollectionStateStore();
  const kpis = new CollectionKpis();
  const collector = new Collector({
    registry: { get: () => RECORD, credentials: () => ({}), profile: () => PROFILE },
    opener: { open },
    pool: { run: (_m, _p, work) => work(1, new AbortController().signal) },
    bus,
    clock,
    state,
    kpis,
    maxGapAttempts,
  });
  return { collector, blocks, state, kpis };
}

describe('Collector (gap-aware load profile)', () => {
  it('records missing intervals as a gap, re-reads it next time and fills it', async () => {
    const clock = new TestClock(TODAY + 20 * 60_000);
    // Rows ending 10:00 and 10:15 of yesterday are missing in the first read: intervals 09:45 and 10:00 are gaps.
    const hole = new Set([TODAY - DAY + 10 * 3_600_000, TODAY - DAY + 10 * 3_600_000 + 900_000]);
    const meter = fakeMeter(hole, 1);
    const { collector, state, kpis } = collectorWith(meter.open, clock);
    await collector.collectMeter(RECORD.id, ['profile']);
    expect(state.get(RECORD.id).gaps).toEqual([
      expect.objectContaining({
        start: TODAY - DAY + 9.75 * 3_600_000,
        end: TODAY - DAY + 10.5 * 3_600_000,
        attempts: 0,
      }),
    ]);
    expect(kpis.intervalsOf(RECORD.id, TODAY - DAY)).toBe(93);
    clock.advance(15 * 60_000);
    await collector.collectMeter(RECORD.id, ['profile']);
    expect(state.get(RECORD.id).gaps).toEqual([]);
    expect(kpis.intervalsOf(RECORD.id, TODAY - DAY)).toBe(96);
  });

  it('gives up on a gap after the allowed re-reads and keeps the reason', async () => {
    const clock = new TestClock(TODAY + 20 * 60_000);
    const hole = new Set([TODAY - DAY + 3 * 3_600_000]);
    const meter = fakeMeter(hole, Number.POSITIVE_INFINITY);
    const { collector, state } = collectorWith(meter.open, clock, 2);
    for (let i = 0; i < 4; i++) {
      await collector.collectMeter(RECORD.id, ['profile']);
      clock.advance(15 * 60_000);
    }
    const [gap] = state.get(RECORD.id).gaps;
    expect(gap).toMatchObject({
      attempts: 2,
      givenUp: 'meter returned no rows for the range after 2 re-reads',
    });
    const readsSoFar = meter.reads();
    await collector.collectMeter(RECORD.id, ['profile']);
    // A given-up gap is not read again.
    expect(meter.reads()).toBe(readsSoFar + 1);
  });
});

describe('Collector (reads batched in GET-Request-With-List)', () => {
  /** A meter that answers lists only: the run's attributes as it received them, request by request. */
  function listMeter(maxListReferences?: number) {
    const requests: { classId: number; logicalName: string; access: boolean }[][] = [];
    const profile = {
      ...PROFILE,
      quirks: { ...PROFILE.quirks, ...(maxListReferences ? { maxListReferences } : {}) },
    };
    const answer = (classId: number, obis: string): GetDataResult => {
      if (classId !== 7) return { type: 'data', data: { type: 'double-long-unsigned', value: 1_234 } };
      if (obis === '1.0.98.2.0.255') {
        const items: DlmsData[] = [
          { type: 'octet-string', value: cosemDateTimeToBytes(cosemDateTimeFromDate(new Date(TODAY), 0, 0)) },
        ];
        for (let c = 0; c < 10; c++) items.push({ type: 'double-long-unsigned', value: 100 + c });
        return { type: 'data', data: { type: 'array', items: [{ type: 'structure', items }] } };
      }
      if (obis === '0.0.99.98.1.255') return { type: 'data-access-result', dataAccessResult: 4 };
      return { type: 'data', data: { type: 'array', items: [] } };
    };
    const client = {
      association: { conformance: conformance(['get', 'selectiveAccess', 'multipleReferences']) },
      async getWithList(
        attributes: { classId: number; logicalName: Uint8Array; access?: SelectiveAccess }[],
      ) {
        requests.push(
          attributes.map((a) => ({
            classId: a.classId,
            logicalName: a.logicalName.join('.'),
            access: a.access !== undefined,
          })),
        );
        return attributes.map((a) => answer(a.classId, a.logicalName.join('.')));
      },
      // A list of one goes as a plain GET.
      async get(a: { classId: number; logicalName: Uint8Array }, access?: SelectiveAccess) {
        requests.push([
          { classId: a.classId, logicalName: a.logicalName.join('.'), access: access !== undefined },
        ]);
        const r = answer(a.classId, a.logicalName.join('.'));
        if (r.type === 'data') return r.data;
        throw new DlmsServiceError('get', r.dataAccessResult, a.logicalName.join('.'));
      },
    } as unknown as DlmsClient;
    const session: MeterSession = { record: RECORD, profile, client, close: async () => {} };
    return { open: async () => session, requests };
  }

  it('reads registers, billing and every event log in one request, failing the run on a log the meter refuses', async () => {
    const meter = listMeter();
    const { collector } = collectorWith(meter.open, new TestClock(TODAY + 20 * 60_000));
    // The fraud log answers a Data-Access-Result: the run fails as a GET of it would.
    await expect(collector.collectMeter(RECORD.id, ['registers', 'billing', 'events'])).rejects.toThrow(
      /GET 7\/0\.0\.99\.98\.1\.255\/2 failed/,
    );
    expect(meter.requests).toHaveLength(1);
    const [list] = meter.requests;
    expect(list).toHaveLength(PROFILE.registers.length + 1 + PROFILE.eventLogs.length);
    expect(list!.filter((a) => a.access).map((a) => a.logicalName)).toEqual([
      '1.0.98.2.0.255',
      ...PROFILE.eventLogs.map((l) => l.obis),
    ]);
  });

  it('splits the reads into lists of at most the profile’s maxListReferences', async () => {
    const meter = listMeter(4);
    const { collector } = collectorWith(meter.open, new TestClock(TODAY + 20 * 60_000));
    const result = await collector.collectMeter(RECORD.id, ['registers', 'billing']);
    const total = PROFILE.registers.length + 1;
    expect(meter.requests.map((r) => r.length)).toEqual([
      ...Array.from({ length: Math.floor(total / 4) }, () => 4),
      ...(total % 4 ? [total % 4] : []),
    ]);
    // Every register and the ten daily billing values of today's snapshot.
    expect(result.registerReads).toBe(PROFILE.registers.length + 10);
  });
});
