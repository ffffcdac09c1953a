import {
  feederId,
  type MeterId,
  meterId,
  QualityFlag,
  quality,
  type ReadingStore,
  type RegisterRead,
  type Rollup,
  servicePointId,
  transformerId,
  UnknownChangeError,
} from '@gridmeter/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { block, CH, M1, M2, MIN15, STEP, T0 } from './fixtures.js';

/** Opens a fresh, empty store; `reopen` (file-backed stores only) opens the same data again. */
export interface StoreFactory {
  open(): Promise<ReadingStore>;
  /** Closes nothing: disposes what `open` made (drop a schema, delete a file). */
  dispose(store: ReadingStore): Promise<void>;
  reopen?(store: ReadingStore): Promise<ReadingStore>;
  /** Opens a second store on the same data for concurrent writers, if the adapter allows it. */
  openSecond?(store: ReadingStore): Promise<ReadingStore>;
}

const DAY = 86_400_000;
const values = (blocks: readonly { values: readonly { value: number | null }[] }[]) =>
  blocks.flatMap((b) => b.values.map((v) => v.value));

/**
 * The behaviour every {@link ReadingStore} adapter must have. Each adapter's test file calls it
 * with a factory that opens a fresh store.
 */
export function runReadingStoreContract(name: string, factory: StoreFactory): void {
  describe(`ReadingStore contract: ${name}`, () => {
    let store: ReadingStore;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => {
      if (store) await factory.dispose(store);
    });

    describe('interval data', () => {
      it('reads back written blocks with values, quality and device status as one block', async () => {
        const b = block([100, { value: 200, quality: quality('suspect'), deviceStatus: 8 }, null, 0]);
        const r = await store.writeIntervalBlocks([b]);
        expect(r).toMatchObject({ inserted: 4, duplicates: 0, corrected: 0 });
        expect(r.changeId).toBeTypeOf('string');
        const got = await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: T0 + DAY });
        expect(got).toEqual([b]);
      });

      it('splits reads at gaps and returns only the asked range and series', async () => {
        await store.writeIntervalBlocks([
          block([1, 2], { start: T0 }),
          block([3, 4], { start: T0 + 4 * STEP }),
          block([9, 9], { meter: M2 }),
          block([8, 8], { channel: '1-0:2.8.0*255' }),
        ]);
        const got = await store.readIntervals({
          meterId: M1,
          channel: CH,
          from: T0 + STEP,
          to: T0 + 5 * STEP,
        });
        expect(got.map((b) => [b.start, values([b])])).toEqual([
          [T0 + STEP, [2]],
          [T0 + 4 * STEP, [3]],
        ]);
      });

      it('stores the same values twice once and counts duplicates', async () => {
        const b = block([10, 20, 30]);
        await store.writeIntervalBlocks([b]);
        const again = await store.writeIntervalBlocks([b]);
        expect(again).toEqual({ inserted: 0, duplicates: 3, corrected: 0 });
        const versions = await store.readIntervalVersions({
          meterId: M1,
          channel: CH,
          from: T0,
          to: T0 + DAY,
        });
        expect(versions).toHaveLength(3);
        expect(versions.every((v) => v.version === 1 && v.kind === 'raw')).toBe(true);
      });

      it('recognises the stored values of every meter of a batch, whatever the order of their ids', async () => {
        // DuckDB bounds the batch's meter ids to skip row groups: lower and upper case, digits of
        // different lengths and a one-letter id must all stay inside the bounds.
        const ids = ['GM-9', 'gm-1', 'GM-10', 'a', 'Z_1:2'];
        const batch = ids.map((meter, i) => block([i + 1, i + 2], { meter }));
        expect(await store.writeIntervalBlocks(batch)).toMatchObject({
          inserted: 10,
          duplicates: 0,
          corrected: 0,
        });
        await store.writeIntervalBlocks([block([5, 5], { meter: 'GM-99' })]);
        expect(await store.writeIntervalBlocks(batch)).toEqual({ inserted: 0, duplicates: 10, corrected: 0 });
        const got = await store.readIntervalsForMeters({
          meterIds: ids.map((id) => meterId(id)),
          channel: CH,
          from: T0,
          to: T0 + DAY,
        });
        expect(got.map((b) => [b.meterId, values([b])])).toEqual(ids.map((id, i) => [id, [i + 1, i + 2]]));
      });

      it('counts repeats inside one batch: equal ones as duplicates, changed ones as corrections', async () => {
        const r = await store.writeIntervalBlocks([block([10, 20]), block([10, 21]), block([10, 21])]);
        expect(r).toMatchObject({ inserted: 2, duplicates: 3, corrected: 1 });
        const got = await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: T0 + DAY });
        expect(values(got)).toEqual([10, 21]);
      });

      it('keeps a changed value (or changed quality) as a new version; reads return the latest', async () => {
        await store.writeIntervalBlocks([block([10, 20, 30])]);
        const r = await store.writeIntervalBlocks([
          block([10, 25, { value: 30, quality: quality('deviceInvalid') }]),
        ]);
        expect(r).toMatchObject({ inserted: 0, duplicates: 1, corrected: 2 });
        const got = await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: T0 + DAY });
        expect(values(got)).toEqual([10, 25, 30]);
        expect(got[0]!.values[2]!.quality).toBe(QualityFlag.deviceInvalid);
        const versions = await store.readIntervalVersions({
          meterId: M1,
          channel: CH,
          from: T0,
          to: T0 + DAY,
        });
        expect(versions.map((v) => [v.start - T0, v.version, v.value])).toEqual([
          [0, 1, 10],
          [STEP, 1, 20],
          [STEP, 2, 25],
          [2 * STEP, 1, 30],
          [2 * STEP, 2, 30],
        ]);
      });

      it('versions raw, validated, estimated and edited values; each kind compares with its own latest', async () => {
        const raw = await store.writeIntervalBlocks([block([10, null, 5000])]);
        const validated = await store.writeIntervalBlocks(
          [block([10, null, { value: 5000, quality: quality('failedValidation') }])],
          { kind: 'validated', change: { ruleId: 'spike', user: 'mdm-vee' } },
        );
        expect(validated).toMatchObject({ inserted: 3, duplicates: 0, corrected: 0 });
        const est = await store.writeIntervalBlocks(
          [block([{ value: 12, quality: quality('estimated') }], { start: T0 + STEP, source: 'estimation' })],
          { kind: 'estimated', change: { ruleId: 'linear' } },
        );
        expect(est.inserted).toBe(1);
        const edit = await store.writeIntervalBlocks(
          [block([{ value: 14, quality: quality('edited') }], { start: T0 + 2 * STEP, source: 'edit' })],
          { kind: 'edited', change: { user: 'alice', reason: 'customer read' } },
        );
        expect(edit.inserted).toBe(1);
        // The raw value re-delivered equals the latest raw version: a duplicate, the edit stays current.
        expect(await store.writeIntervalBlocks([block([10, null, 5000])])).toMatchObject({ duplicates: 3 });

        const got = await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: T0 + DAY });
        expect(values(got)).toEqual([10, 12, 14]);
        expect(got.map((b) => b.source)).toEqual(['meter', 'estimation', 'edit']);
        const versions = await store.readIntervalVersions({
          meterId: M1,
          channel: CH,
          from: T0,
          to: T0 + DAY,
        });
        expect(
          versions.filter((v) => v.start === T0 + 2 * STEP).map((v) => [v.version, v.kind, v.value]),
        ).toEqual([
          [1, 'raw', 5000],
          [2, 'validated', 5000],
          [3, 'edited', 14],
        ]);

        const audit = await store.readAudit({});
        expect(audit.map((a) => [a.action, a.kind, a.versions])).toEqual([
          ['ingest', 'raw', 3],
          ['validate', 'validated', 3],
          ['estimate', 'estimated', 1],
          ['edit', 'edited', 1],
        ]);
        expect(audit[1]).toMatchObject({ changeId: validated.changeId, ruleId: 'spike', user: 'mdm-vee' });
        expect(audit[3]).toMatchObject({ user: 'alice', reason: 'customer read', from: T0 + 2 * STEP });
        expect(audit[0]).toMatchObject({ changeId: raw.changeId, from: T0, to: T0 + 3 * STEP });
      });

      it('reverts a change: the version before it is current again, and the revert is audited and revertible', async () => {
        await store.writeIntervalBlocks([block([10, 20])]);
        const est = await store.writeIntervalBlocks([block([11, 22])], {
          kind: 'estimated',
          change: { ruleId: 'history' },
        });
        const rev = await store.revertChange(est.changeId!, { user: 'bob', reason: 'wrong method' });
        expect(rev).toMatchObject({ reverted: 2, skipped: 0 });
        let got = await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: T0 + DAY });
        expect(values(got)).toEqual([10, 20]);
        const versions = await store.readIntervalVersions({
          meterId: M1,
          channel: CH,
          from: T0,
          to: T0 + DAY,
        });
        expect(versions.filter((v) => v.start === T0).map((v) => [v.version, v.kind, v.value])).toEqual([
          [1, 'raw', 10],
          [2, 'estimated', 11],
          [3, 'raw', 10],
        ]);
        const [entry] = await store.readAudit({ changeId: rev.changeId });
        expect(entry).toMatchObject({
          action: 'revert',
          user: 'bob',
          reason: 'wrong method',
          revertsChangeId: est.changeId,
        });

        const again = await store.revertChange(rev.changeId, { user: 'bob', reason: 'method was right' });
        expect(again.reverted).toBe(2);
        got = await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: T0 + DAY });
        expect(values(got)).toEqual([11, 22]);
      });

      it('leaves intervals a later change superseded when reverting, and counts them skipped', async () => {
        await store.writeIntervalBlocks([block([10, 20])]);
        const est = await store.writeIntervalBlocks([block([11, 22])], { kind: 'estimated' });
        await store.writeIntervalBlocks(
          [block([{ value: 30, quality: quality('edited') }], { start: T0 + STEP })],
          {
            kind: 'edited',
            change: { user: 'alice', reason: 'site visit' },
          },
        );
        const rev = await store.revertChange(est.changeId!, { user: 'bob', reason: 'undo' });
        expect(rev).toMatchObject({ reverted: 1, skipped: 1 });
        const got = await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: T0 + DAY });
        expect(values(got)).toEqual([10, 30]);
      });

      it('reverting the first version leaves the interval missing', async () => {
        const r = await store.writeIntervalBlocks([block([10])]);
        await store.revertChange(r.changeId!, { user: 'ops', reason: 'wrong meter' });
        const got = await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: T0 + DAY });
        expect(got[0]!.values[0]).toEqual({ value: null, quality: QualityFlag.missing });
      });

      it('rejects reverting an unknown change with UnknownChangeError', async () => {
        await expect(
          store.revertChange('no-such-change', { user: 'ops', reason: 'x' }),
        ).rejects.toBeInstanceOf(UnknownChangeError);
      });

      it('writes nothing and records no change when every value is a duplicate', async () => {
        await store.writeIntervalBlocks([block([1])]);
        const r = await store.writeIntervalBlocks([block([1])]);
        expect(r.changeId).toBeUndefined();
        expect(await store.readAudit({})).toHaveLength(1);
      });

      it('stores a large batch (200,000 intervals) exactly once', async () => {
        const meters = 200;
        const perMeter = 1000;
        const blocks = Array.from({ length: meters }, (_, m) =>
          block(
            Array.from({ length: perMeter }, (_, i) => (m * 7 + i) % 5000),
            { meter: `GM${String(m).padStart(8, '0')}` },
          ),
        );
        const first = await store.writeIntervalBlocks(blocks);
        expect(first).toMatchObject({ inserted: meters * perMeter, duplicates: 0, corrected: 0 });
        const second = await store.writeIntervalBlocks(blocks);
        expect(second).toEqual({ inserted: 0, duplicates: meters * perMeter, corrected: 0 });
        const m17 = meterId('GM00000017');
        const got = await store.readIntervals({ meterId: m17, channel: CH, from: T0, to: T0 + 20 * DAY });
        expect(values(got)).toEqual(Array.from({ length: perMeter }, (_, i) => (17 * 7 + i) % 5000));
      });

      it('concurrent writers of the same intervals neither lose nor duplicate versions', async () => {
        const other = factory.openSecond ? await factory.openSecond(store) : store;
        try {
          const writes = Array.from({ length: 8 }, (_, w) =>
            (w % 2 === 0 ? store : other).writeIntervalBlocks([
              block(Array.from({ length: 96 }, (_, i) => i + (w % 3))), // three distinct value sets
              block(
                Array.from({ length: 96 }, (_, i) => w * 1000 + i),
                { meter: `GM9${w}` },
              ),
            ]),
          );
          const results = await Promise.all(writes);
          const total = results.reduce((n, r) => n + r.inserted + r.corrected + r.duplicates, 0);
          expect(total).toBe(8 * 192);
          const versions = await store.readIntervalVersions({
            meterId: M1,
            channel: CH,
            from: T0,
            to: T0 + DAY,
          });
          for (let i = 0; i < 96; i++) {
            const vs = versions.filter((v) => v.start === T0 + i * STEP).map((v) => v.version);
            // Each interval: versions 1..n without gaps or repeats, n = inserted + corrected for it.
            expect(vs).toEqual(Array.from({ length: vs.length }, (_, k) => k + 1));
          }
          const stored = results.reduce((n, r) => n + r.inserted + r.corrected, 0);
          expect(versions.length + 8 * 96).toBe(stored);
          for (let w = 0; w < 8; w++) {
            const own = await store.readIntervals({
              meterId: meterId(`GM9${w}`),
              channel: CH,
              from: T0,
              to: T0 + DAY,
            });
            expect(values(own)).toEqual(Array.from({ length: 96 }, (_, i) => w * 1000 + i));
          }
        } finally {
          if (other !== store) await other.close();
        }
      });

      it('reads the latest versions of several meters in one call, grouped by meter in the order asked', async () => {
        const M3 = meterId('GM00000003');
        await store.writeIntervalBlocks([
          block([1, 2], { start: T0 }),
          block([3], { start: T0 + 4 * STEP }),
          block([9, { value: 8, quality: quality('suspect'), deviceStatus: 4 }], { meter: M2 }),
          block([7], { channel: '1-0:2.8.0*255' }),
          block([6], { meter: M2, start: T0 + DAY }),
        ]);
        await store.writeIntervalBlocks([block([10], { meter: M2 })]);
        await store.writeIntervalBlocks([block([55], { start: T0 + STEP, source: 'estimation' })], {
          kind: 'estimated',
        });
        const got = await store.readIntervalsForMeters({
          meterIds: [M2, M1, M2, M3],
          channel: CH,
          from: T0,
          to: T0 + DAY,
        });
        expect(got).toEqual([
          block([10, { value: 8, quality: quality('suspect'), deviceStatus: 4 }], { meter: M2 }),
          block([1], { start: T0 }),
          block([55], { start: T0 + STEP, source: 'estimation' }),
          block([3], { start: T0 + 4 * STEP }),
        ]);
        const single = [
          ...(await store.readIntervals({ meterId: M2, channel: CH, from: T0, to: T0 + DAY })),
          ...(await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: T0 + DAY })),
        ];
        expect(got).toEqual(single);
        const later = await store.readIntervalsForMeters({
          meterIds: [M1, M2],
          channel: CH,
          from: T0 + STEP,
          to: T0 + DAY + STEP,
        });
        expect(later.map((b) => [b.meterId, b.start, values([b])])).toEqual([
          [M1, T0 + STEP, [55]],
          [M1, T0 + 4 * STEP, [3]],
          [M2, T0 + STEP, [8]],
          [M2, T0 + DAY, [6]],
        ]);
        expect(
          await store.readIntervalsForMeters({ meterIds: [], channel: CH, from: T0, to: T0 + DAY }),
        ).toEqual([]);
        expect(
          await store.readIntervalsForMeters({ meterIds: [M3], channel: CH, from: T0, to: T0 + DAY }),
        ).toEqual([]);
        await expect(
          store.readIntervalsForMeters({ meterIds: [M1], channel: CH, from: T0 + DAY, to: T0 }),
        ).rejects.toThrow(RangeError);
      });

      it('reads 1,500 meters at once (more than one query) in the order asked', async () => {
        const ids = Array.from({ length: 1_500 }, (_, i) => meterId(`GMX${String(i).padStart(6, '0')}`));
        await store.writeIntervalBlocks(ids.map((id, i) => block([i], { meter: id })));
        const asked = [...ids].reverse();
        const got = await store.readIntervalsForMeters({
          meterIds: asked,
          channel: CH,
          from: T0,
          to: T0 + DAY,
        });
        expect(got.map((b) => b.meterId)).toEqual(asked);
        expect(got.map((b) => b.values[0]!.value)).toEqual(asked.map((_, j) => 1_499 - j));
      });

      it('rejects bad input with a clear error and writes nothing', async () => {
        await expect(store.writeIntervalBlocks([block([1.5])])).rejects.toThrow(/not a safe integer/);
        await expect(store.writeIntervalBlocks([block([1], { start: T0 + 1 })])).rejects.toThrow(
          /not aligned/,
        );
        await expect(store.writeIntervalBlocks([block([{ value: 1, quality: 1 << 30 }])])).rejects.toThrow(
          /Unknown quality bits/,
        );
        await expect(
          store.writeIntervalBlocks([block([1])], { kind: 'edited', change: { user: 'alice' } }),
        ).rejects.toThrow(/reason/);
        await expect(
          store.readIntervals({ meterId: M1, channel: CH, from: T0 + DAY, to: T0 }),
        ).rejects.toThrow(RangeError);
        expect(await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: T0 + DAY })).toEqual([]);
      });

      it('stores BIGINT energy beyond 32 bits exactly', async () => {
        const big = 2 ** 40 + 7;
        await store.writeIntervalBlocks([block([big, -big])]);
        const got = await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: T0 + DAY });
        expect(values(got)).toEqual([big, -big]);
      });

      it('creates what it needs for intervals in months far apart', async () => {
        const later = Date.UTC(2027, 6, 1);
        await store.writeIntervalBlocks([block([1]), block([2], { start: later })]);
        const got = await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: later + DAY });
        expect(values(got)).toEqual([1, 2]);
      });
    });

    describe('register reads and events', () => {
      const read = (value: bigint, extra: Partial<RegisterRead> = {}): RegisterRead => ({
        meterId: M1,
        register: CH,
        readAt: T0,
        value,
        unit: 30,
        quality: 0,
        ...extra,
      });

      it('stores register reads idempotently; a changed value replaces and counts as corrected', async () => {
        const big = 12_345_678_901_234n;
        expect(
          await store.writeRegisterReads([read(big), read(5n, { billingPeriod: 3, scaler: -1 })]),
        ).toEqual({
          inserted: 2,
          duplicates: 0,
          corrected: 0,
        });
        expect(await store.writeRegisterReads([read(big)])).toEqual({
          inserted: 0,
          duplicates: 1,
          corrected: 0,
        });
        expect(await store.writeRegisterReads([read(big + 1n)])).toEqual({
          inserted: 0,
          duplicates: 0,
          corrected: 1,
        });
        const got = await store.readRegisterReads({ meterId: M1, from: T0, to: T0 + 1 });
        expect(got).toEqual([read(big + 1n), read(5n, { billingPeriod: 3, scaler: -1 })]);
      });

      it('reads register reads of several meters in one call, grouped by meter in the order asked', async () => {
        const other = '1-0:2.8.0*255' as const;
        await store.writeRegisterReads([
          read(10n),
          read(20n, { readAt: T0 + DAY }),
          read(30n, { meterId: M2 }),
          read(40n, { meterId: M2, register: other }),
          read(50n, { readAt: T0 + 2 * DAY }),
        ]);
        expect(
          await store.readRegisterReadsForMeters({
            meterIds: [M2, M1],
            register: CH,
            from: T0,
            to: T0 + 2 * DAY,
          }),
        ).toEqual([read(30n, { meterId: M2 }), read(10n), read(20n, { readAt: T0 + DAY })]);
        expect(
          await store.readRegisterReadsForMeters({ meterIds: [M2, M2], from: T0, to: T0 + DAY }),
        ).toEqual([read(30n, { meterId: M2 }), read(40n, { meterId: M2, register: other })]);
        expect(await store.readRegisterReadsForMeters({ meterIds: [], from: T0, to: T0 + DAY })).toEqual([]);
      });

      it('rejects a register value that is not a bigint', async () => {
        await expect(
          store.writeRegisterReads([{ ...read(1n), value: 1.5 as unknown as bigint }]),
        ).rejects.toThrow(TypeError);
      });

      it('stores events once and reads them by range and meter', async () => {
        const e1 = { meterId: M1, occurredAt: T0, code: 1, log: 'standard', source: 'log' } as const;
        const e2 = {
          meterId: M2,
          occurredAt: T0 + 1000,
          code: 76,
          log: 'power-quality',
          source: 'push',
          details: { voltageV: 190.5, phase: 'L1' },
        } as const;
        expect(await store.writeEvents([e1, e2, e1])).toEqual({ inserted: 2, duplicates: 1, corrected: 0 });
        expect(await store.writeEvents([e2])).toEqual({ inserted: 0, duplicates: 1, corrected: 0 });
        expect(await store.readEvents({ from: T0, to: T0 + DAY })).toEqual([e1, e2]);
        expect(await store.readEvents({ meterId: M2, from: T0, to: T0 + DAY })).toEqual([e2]);
      });
    });

    describe('VEE results', () => {
      it('stores results once and reads them by meter, rule and overlapping range', async () => {
        const r1 = {
          runId: 'run-1',
          ruleId: 'spike',
          meterId: M1,
          channel: CH,
          from: T0,
          to: T0 + DAY,
          outcome: 'failed',
          details: { interval: T0 + STEP, factor: 12 },
          at: T0 + 2 * DAY,
        } as const;
        const { details: _details, ...withoutDetails } = r1;
        const r2 = { ...withoutDetails, ruleId: 'missing', outcome: 'passed' } as const;
        expect(await store.writeVeeResults([r1, r2])).toEqual({ inserted: 2, duplicates: 0, corrected: 0 });
        expect(await store.writeVeeResults([r1])).toEqual({ inserted: 0, duplicates: 1, corrected: 0 });
        expect(await store.readVeeResults({ meterId: M1, from: T0 + STEP, to: T0 + 2 * STEP })).toEqual([
          r2,
          r1,
        ]);
        expect(await store.readVeeResults({ meterId: M1, ruleId: 'spike', from: T0, to: T0 + DAY })).toEqual([
          r1,
        ]);
        expect(await store.readVeeResults({ meterId: M1, from: T0 + DAY, to: T0 + 2 * DAY })).toEqual([]);
      });

      it("reads every meter's results without a meter, by start then meter", async () => {
        const result = (meterId: typeof M1, from: number) =>
          ({
            runId: 'run-1',
            ruleId: 'zero-consumption',
            meterId,
            channel: CH,
            from,
            to: from + STEP,
            outcome: 'failed',
            at: T0 + DAY,
          }) as const;
        const late = result(M1, T0 + 2 * STEP);
        const early2 = result(M2, T0);
        const early1 = result(M1, T0);
        await store.writeVeeResults([late, early2, early1, result(M2, T0 + DAY)]);
        expect(await store.readVeeResults({ from: T0, to: T0 + DAY })).toEqual([early1, early2, late]);
        expect(await store.readVeeResults({ meterId: M2, from: T0, to: T0 + DAY })).toEqual([early2]);
      });
    });

    describe('registry', () => {
      it('keeps service points, meters, channels and installation history', async () => {
        const sp1 = servicePointId('SP-1');
        const sp2 = servicePointId('SP-2');
        await store.upsertServicePoints([
          { id: sp1, transformerId: transformerId('TX-1'), feederId: feederId('F-1'), hasGeneration: false },
          { id: sp2, hasGeneration: true },
        ]);
        await store.upsertServicePoints([
          { id: sp2, transformerId: transformerId('TX-2'), hasGeneration: true },
        ]);
        expect(await store.readServicePoints([sp2])).toEqual([
          { id: sp2, transformerId: 'TX-2', hasGeneration: true },
        ]);
        expect(await store.readServicePoints()).toHaveLength(2);

        await store.upsertMeters([{ id: M1, medium: 'electricity', phases: 'single-phase', model: 'GM-1' }]);
        expect(await store.readMeters([M1])).toEqual([
          { id: M1, medium: 'electricity', phases: 'single-phase', model: 'GM-1' },
        ]);

        await store.upsertInstallations([{ meterId: M1, servicePointId: sp1, installedAt: T0 }]);
        // Meter exchange: M1 removed from SP-1, M2 installed there.
        await store.upsertInstallations([
          { meterId: M1, servicePointId: sp1, installedAt: T0, removedAt: T0 + 10 * DAY },
          { meterId: M2, servicePointId: sp1, installedAt: T0 + 10 * DAY },
        ]);
        expect(await store.readInstallations({ servicePointId: sp1 })).toEqual([
          { meterId: M1, servicePointId: sp1, installedAt: T0, removedAt: T0 + 10 * DAY },
          { meterId: M2, servicePointId: sp1, installedAt: T0 + 10 * DAY },
        ]);
        await expect(
          store.upsertInstallations([
            { meterId: M1, servicePointId: sp2, installedAt: T0, removedAt: T0 - 1 },
          ]),
        ).rejects.toThrow(/reversed/);

        await store.upsertChannels([
          { meterId: M1, channel: CH, unit: 30, intervalSeconds: MIN15 },
          { meterId: M1, channel: '1-0:3.8.0*255', unit: 32 },
        ]);
        expect(await store.readChannels(M1)).toEqual([
          { meterId: M1, channel: CH, unit: 30, intervalSeconds: MIN15 },
          { meterId: M1, channel: '1-0:3.8.0*255', unit: 32 },
        ]);
      });
    });

    describe('rollups', () => {
      const day = (
        scopeId: string,
        periodStart: number,
        energy: number,
        scope: Rollup['scope'] = 'meter',
      ): Rollup => ({
        scope,
        scopeId,
        channel: CH,
        period: 'day',
        periodStart,
        energy,
        intervals: 96,
        estimated: 0,
        missing: 0,
      });

      it('commits interval writes, VEE results, rollups and a checkpoint together', async () => {
        await store.writeIntervalBlocks([block([10, 20])]);
        const validatedId = '0b7e5f1e-0000-4000-8000-000000000001';
        const r = await store.writeAtomically({
          intervals: [
            {
              blocks: [block([10, { value: 20, quality: quality('suspect') }])],
              options: { kind: 'validated', change: { changeId: validatedId, ruleId: 'vee' } },
            },
            { blocks: [block([5], { meter: M2 })] },
          ],
          veeResults: [
            {
              runId: 'run-1',
              ruleId: 'spike',
              meterId: M1,
              channel: CH,
              from: T0 + STEP,
              to: T0 + 2 * STEP,
              outcome: 'suspect',
              changeId: validatedId,
              at: T0,
            },
          ],
          rollups: [day(M1, T0, 30)],
          checkpoint: { name: 'pipeline', value: 42 },
        });
        expect(r.intervals).toEqual([
          { inserted: 2, duplicates: 0, corrected: 0, changeId: validatedId },
          { inserted: 1, duplicates: 0, corrected: 0, changeId: expect.any(String) },
        ]);
        expect(r.veeResults).toEqual({ inserted: 1, duplicates: 0, corrected: 0 });
        expect(
          values(await store.readIntervals({ meterId: M2, channel: CH, from: T0, to: T0 + DAY })),
        ).toEqual([5]);
        expect((await store.readChangeIntervals(validatedId)).map((v) => [v.start, v.kind, v.value])).toEqual(
          [
            [T0, 'validated', 10],
            [T0 + STEP, 'validated', 20],
          ],
        );
        expect(await store.readChangeIntervals('no-such-change')).toEqual([]);
        const [result] = await store.readVeeResults({ meterId: M1, from: T0, to: T0 + DAY });
        expect(result?.changeId).toBe(validatedId);
        await store.writeAtomically({
          rollups: [day(M1, T0, 12)],
          checkpoint: { name: 'pipeline', value: 43 },
        });
        expect(
          (await store.readRollups({ scope: 'meter', period: 'day', from: T0, to: T0 + 1 }))[0]?.energy,
        ).toBe(42);
        expect(await store.readCheckpoint('pipeline')).toBe(43);
        expect(await store.readCheckpoint('other')).toBeUndefined();
      });

      it('keeps no change id on a VEE result naming an atomic interval write that stored nothing', async () => {
        await store.writeIntervalBlocks([block([10])], { kind: 'validated' });
        const unused = '0b7e5f1e-0000-4000-8000-000000000003';
        const r = await store.writeAtomically({
          intervals: [
            { blocks: [block([10])], options: { kind: 'validated', change: { changeId: unused } } },
          ],
          veeResults: [
            {
              runId: 'run-2',
              ruleId: 'spike',
              meterId: M1,
              channel: CH,
              from: T0,
              to: T0 + STEP,
              outcome: 'passed',
              changeId: unused,
              at: T0,
            },
          ],
        });
        expect(r.intervals).toEqual([{ inserted: 0, duplicates: 1, corrected: 0 }]);
        const [result] = await store.readVeeResults({ meterId: M1, from: T0, to: T0 + DAY });
        expect(result).toBeDefined();
        expect(result?.changeId).toBeUndefined();
      });

      it('stores nothing of an atomic write when one part fails', async () => {
        const taken = '0b7e5f1e-0000-4000-8000-000000000002';
        await store.writeIntervalBlocks([block([1])], { change: { changeId: taken } });
        await expect(
          store.writeAtomically({
            intervals: [
              { blocks: [block([7], { meter: M2 })] },
              // The same change id again: the audit trail's key refuses it inside the transaction.
              { blocks: [block([2], { start: T0 + STEP })], options: { change: { changeId: taken } } },
            ],
            rollups: [day(M1, T0, 30)],
            checkpoint: { name: 'pipeline', value: 1 },
          }),
        ).rejects.toThrow();
        expect(await store.readIntervals({ meterId: M2, channel: CH, from: T0, to: T0 + DAY })).toEqual([]);
        expect(
          values(await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: T0 + DAY })),
        ).toEqual([1]);
        expect(await store.readRollups({ scope: 'meter', period: 'day', from: T0, to: T0 + DAY })).toEqual(
          [],
        );
        expect(await store.readCheckpoint('pipeline')).toBeUndefined();
        // The store still works after the rollback.
        expect((await store.writeIntervalBlocks([block([7], { meter: M2 })])).inserted).toBe(1);
      });

      it('replaces and adds rollup rows and reads them by scope, id and period', async () => {
        await store.upsertRollups([
          day(M1, T0, 100),
          day(M1, T0 + DAY, 200),
          day('TX-1', T0, 300, 'transformer'),
        ]);
        await store.upsertRollups([day(M1, T0, 150)]);
        await store.upsertRollups(
          [
            { ...day(M1, T0 + DAY, 5), intervals: 1, estimated: 1 },
            { ...day(M1, T0 + DAY, -2), intervals: 0 },
          ],
          'add',
        );
        const got = await store.readRollups({
          scope: 'meter',
          scopeId: M1,
          period: 'day',
          from: T0,
          to: T0 + 2 * DAY,
        });
        expect(got.map((r) => [r.periodStart, r.energy, r.intervals, r.estimated])).toEqual([
          [T0, 150, 96, 0],
          [T0 + DAY, 203, 97, 1],
        ]);
        expect(
          await store.readRollups({ scope: 'transformer', period: 'day', from: T0, to: T0 + DAY }),
        ).toEqual([day('TX-1', T0, 300, 'transformer')]);
        await expect(store.upsertRollups([day(M1, T0, 1.5)])).rejects.toThrow(/safe integer/);
      });

      it('adds concurrent deltas to one rollup without losing any', async () => {
        const other = factory.openSecond ? await factory.openSecond(store) : store;
        try {
          await Promise.all(
            Array.from({ length: 20 }, (_, i) =>
              (i % 2 ? store : other).upsertRollups([{ ...day(M1, T0, 10), intervals: 1 }], 'add'),
            ),
          );
          const [r] = await store.readRollups({ scope: 'meter', period: 'day', from: T0, to: T0 + 1 });
          expect(r).toMatchObject({ energy: 200, intervals: 20 });
        } finally {
          if (other !== store) await other.close();
        }
      });
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('keeps every resolved write after close and reopen', async () => {
        await store.writeIntervalBlocks([block([1, 2, 3])]);
        await store.writeEvents([
          { meterId: M1 as MeterId, occurredAt: T0, code: 2, log: 'standard', source: 'log' },
        ]);
        store = await reopen(store);
        expect(
          values(await store.readIntervals({ meterId: M1, channel: CH, from: T0, to: T0 + DAY })),
        ).toEqual([1, 2, 3]);
        expect(await store.readEvents({ from: T0, to: T0 + 1 })).toHaveLength(1);
        expect(await store.writeIntervalBlocks([block([1, 2, 3])])).toMatchObject({ duplicates: 3 });
      });
    }
  });
}
